using Google.Protobuf;

namespace Nlp.Models.Encoders.Onnx;

/// <summary>
/// A protocol-buffers message held as its fields in wire order, each kept raw. The ONNX graph editor reads and
/// rewrites only the few fields it needs (nodes, initializers, outputs); every other field is written back byte
/// for byte, so nothing of the model that this code does not understand is lost. Google.Protobuf does the wire
/// format (tags, varints, lengths); no schema is compiled in.
/// </summary>
internal sealed class ProtoMessage
{
    public List<ProtoField> Fields { get; } = [];

    public static ProtoMessage Parse(ReadOnlySpan<byte> bytes) => Parse(bytes.ToArray());

    public static ProtoMessage Parse(byte[] bytes)
    {
        var message = new ProtoMessage();
        var input = new CodedInputStream(bytes);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            int number = WireFormat.GetTagFieldNumber(tag);
            var type = WireFormat.GetTagWireType(tag);
            message.Fields.Add(type switch
            {
                WireFormat.WireType.Varint => ProtoField.OfVarint(number, input.ReadUInt64()),
                WireFormat.WireType.Fixed64 => new ProtoField(number, type, input.ReadFixed64(), []),
                WireFormat.WireType.Fixed32 => new ProtoField(number, type, input.ReadFixed32(), []),
                WireFormat.WireType.LengthDelimited => ProtoField.OfBytes(number, input.ReadBytes().ToByteArray()),
                _ => throw new InvalidDataException($"protobuf wire type {type} (field {number}) is not supported"),
            });
        }
        return message;
    }

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        foreach (var field in Fields)
        {
            output.WriteTag(field.Number, field.Type);
            switch (field.Type)
            {
                case WireFormat.WireType.Varint: output.WriteUInt64(field.Number64); break;
                case WireFormat.WireType.Fixed64: output.WriteFixed64(field.Number64); break;
                case WireFormat.WireType.Fixed32: output.WriteFixed32((uint)field.Number64); break;
                default: output.WriteBytes(ByteString.CopyFrom(field.Bytes)); break;
            }
        }
        output.Flush();
        return stream.ToArray();
    }

    public IEnumerable<ProtoField> All(int number) => Fields.Where(f => f.Number == number);

    public ProtoField? First(int number) => Fields.FirstOrDefault(f => f.Number == number);

    public string? String(int number) => First(number)?.Text;

    public IEnumerable<string> Strings(int number) => All(number).Select(f => f.Text);

    public ProtoMessage? Message(int number) => First(number) is { } field ? Parse(field.Bytes) : null;

    public IEnumerable<ProtoMessage> Messages(int number) => All(number).Select(f => Parse(f.Bytes));

    /// <summary>The int64 values of a repeated field, packed or not (writers may use either).</summary>
    public IEnumerable<long> Int64s(int number)
    {
        foreach (var field in All(number))
        {
            if (field.Type == WireFormat.WireType.Varint) { yield return (long)field.Number64; continue; }
            var packed = new CodedInputStream(field.Bytes);
            while (!packed.IsAtEnd) yield return packed.ReadInt64();
        }
    }

    public void Add(int number, string text) => Fields.Add(ProtoField.OfBytes(number, System.Text.Encoding.UTF8.GetBytes(text)));

    public void Add(int number, ProtoMessage message) => Fields.Add(ProtoField.OfBytes(number, message.ToBytes()));

    public void Add(int number, long value) => Fields.Add(ProtoField.OfVarint(number, (ulong)value));

    public void Add(int number, byte[] bytes) => Fields.Add(ProtoField.OfBytes(number, bytes));

    /// <summary>Replaces every field of that number by the given messages, at the place of the first one.</summary>
    public void ReplaceAll(int number, IEnumerable<ProtoMessage> messages)
    {
        int at = Fields.FindIndex(f => f.Number == number);
        Fields.RemoveAll(f => f.Number == number);
        if (at < 0) at = Fields.Count;
        Fields.InsertRange(at, messages.Select(m => ProtoField.OfBytes(number, m.ToBytes())));
    }

    public void Remove(int number) => Fields.RemoveAll(f => f.Number == number);
}

internal sealed record ProtoField(int Number, WireFormat.WireType Type, ulong Number64, byte[] Bytes)
{
    public static ProtoField OfVarint(int number, ulong value) => new(number, WireFormat.WireType.Varint, value, []);

    public static ProtoField OfBytes(int number, byte[] bytes) => new(number, WireFormat.WireType.LengthDelimited, 0, bytes);

    public string Text => System.Text.Encoding.UTF8.GetString(Bytes);
}
