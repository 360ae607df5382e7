using Google.Protobuf;

namespace Nlp.Models.Encoders.Onnx;

/// <summary>
/// A protocol-buffers message held as its fields in wire order, each kept raw. The ONNX graph editor reads and
/// rewrites only the few fields it needs (nodes, initializers, outputs); every other field is written back byte
/// for byte, so nothing of the model that this code does not understand is lost. Google.Protobuf does the wire
/// format (tags, varints, lengths); no schema is compiled in. A field's bytes are a slice of the buffer it was read
/// from, not a copy: the model is about 90 MB and is read once per encoder load.
/// </summary>
internal sealed class ProtoMessage
{
    readonly List<ProtoField> _fields = [];
    /// <summary>The bytes this message was parsed from, while it is unchanged: written back as they are.</summary>
    ArraySegment<byte>? _source;

    public IReadOnlyList<ProtoField> Fields => _fields;

    public static ProtoMessage Parse(byte[] bytes) => Parse(new ArraySegment<byte>(bytes));

    public static ProtoMessage Parse(ArraySegment<byte> bytes)
    {
        var message = new ProtoMessage { _source = bytes };
        int offset = 0;
        while (offset < bytes.Count)
        {
            // A reader per field: CodedInputStream cannot skip a field's payload without copying it, and here the
            // payload is kept as a slice instead.
            var input = new CodedInputStream(bytes.Array!, bytes.Offset + offset, bytes.Count - offset);
            // Position counts from the start of the array, not of the slice the reader was given.
            int Read() => (int)input.Position - bytes.Offset - offset;
            uint tag = input.ReadTag();
            int number = WireFormat.GetTagFieldNumber(tag);
            var type = WireFormat.GetTagWireType(tag);
            if (type == WireFormat.WireType.LengthDelimited)
            {
                int length = input.ReadLength();
                int start = offset + Read();
                if (length < 0 || start + length > bytes.Count) throw new InvalidDataException($"protobuf field {number} runs past the end of its message");
                message._fields.Add(ProtoField.OfBytes(number, bytes.Slice(start, length)));
                offset = start + length;
                continue;
            }
            message._fields.Add(type switch
            {
                WireFormat.WireType.Varint => ProtoField.OfVarint(number, input.ReadUInt64()),
                WireFormat.WireType.Fixed64 => new ProtoField(number, type, input.ReadFixed64(), ArraySegment<byte>.Empty),
                WireFormat.WireType.Fixed32 => new ProtoField(number, type, input.ReadFixed32(), ArraySegment<byte>.Empty),
                _ => throw new InvalidDataException($"protobuf wire type {type} (field {number}) is not supported"),
            });
            offset += Read();
        }
        return message;
    }

    /// <summary>The encoded message: its source bytes when it was parsed and not changed since, else written anew.</summary>
    public ArraySegment<byte> Encoded() => _source ?? ToBytes();

    public byte[] ToBytes()
    {
        var buffer = new byte[Size()];
        var output = new CodedOutputStream(buffer);
        foreach (var field in _fields)
        {
            output.WriteTag(field.Number, field.Type);
            switch (field.Type)
            {
                case WireFormat.WireType.Varint: output.WriteUInt64(field.Number64); break;
                case WireFormat.WireType.Fixed64: output.WriteFixed64(field.Number64); break;
                case WireFormat.WireType.Fixed32: output.WriteFixed32((uint)field.Number64); break;
                default: output.WriteBytes(UnsafeByteOperations.UnsafeWrap(field.Bytes)); break;
            }
        }
        output.CheckNoSpaceLeft();
        return buffer;
    }

    int Size() => _fields.Sum(field => CodedOutputStream.ComputeTagSize(field.Number) + field.Type switch
    {
        WireFormat.WireType.Varint => CodedOutputStream.ComputeUInt64Size(field.Number64),
        WireFormat.WireType.Fixed64 => 8,
        WireFormat.WireType.Fixed32 => 4,
        _ => CodedOutputStream.ComputeLengthSize(field.Bytes.Count) + field.Bytes.Count,
    });

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
            var packed = new CodedInputStream(field.Bytes.Array!, field.Bytes.Offset, field.Bytes.Count);
            while (!packed.IsAtEnd) yield return packed.ReadInt64();
        }
    }

    public void Add(ProtoField field)
    {
        _source = null;
        _fields.Add(field);
    }

    public void Add(int number, string text) => Add(ProtoField.OfBytes(number, System.Text.Encoding.UTF8.GetBytes(text)));

    public void Add(int number, ProtoMessage message) => Add(ProtoField.OfBytes(number, message.Encoded()));

    public void Add(int number, long value) => Add(ProtoField.OfVarint(number, (ulong)value));

    public void Add(int number, byte[] bytes) => Add(ProtoField.OfBytes(number, bytes));

    /// <summary>Replaces every field of that number by the given messages, at the place of the first one.</summary>
    public void ReplaceAll(int number, IEnumerable<ProtoMessage> messages)
    {
        _source = null;
        int at = _fields.FindIndex(f => f.Number == number);
        _fields.RemoveAll(f => f.Number == number);
        if (at < 0) at = _fields.Count;
        _fields.InsertRange(at, messages.Select(m => ProtoField.OfBytes(number, m.Encoded())));
    }
}

internal sealed record ProtoField(int Number, WireFormat.WireType Type, ulong Number64, ArraySegment<byte> Bytes)
{
    public static ProtoField OfVarint(int number, ulong value) => new(number, WireFormat.WireType.Varint, value, ArraySegment<byte>.Empty);

    public static ProtoField OfBytes(int number, ArraySegment<byte> bytes) => new(number, WireFormat.WireType.LengthDelimited, 0, bytes);

    public string Text => System.Text.Encoding.UTF8.GetString(Bytes);
}
