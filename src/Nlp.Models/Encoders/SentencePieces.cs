namespace Nlp.Models.Encoders;

/// <summary>
/// One window of a sentence as a frozen encoder's lower layers leave it: the hidden state of every position
/// ([CLS], the window's pieces, [SEP]) one after another, <c>float[positions * 384]</c>, and for each position the
/// sentence token whose vector it gives (-1 for [CLS], [SEP] and the pieces of the window's context, whose vectors
/// come from another window: see <see cref="EncoderWindows"/>).
/// </summary>
public sealed record PieceWindow(float[] States, int[] TokenOfPosition)
{
    public int Positions => TokenOfPosition.Length;
}

/// <summary>A sentence's windows of piece states (<see cref="PieceWindow"/>): what the fine-tuned top layers read.</summary>
public sealed record SentencePieces(IReadOnlyList<PieceWindow> Windows, int TokenCount)
{
    /// <summary>Tokens [start, end) as a sentence of their own: the windows that give any of them a vector, with the
    /// others' positions kept as context (-1); token indices count from <paramref name="start"/>.</summary>
    public SentencePieces Slice(int start, int end)
    {
        if (start == 0 && end == TokenCount) return this;
        var windows = new List<PieceWindow>();
        foreach (var window in Windows)
        {
            var owners = window.TokenOfPosition.Select(t => t >= start && t < end ? t - start : -1).ToArray();
            if (owners.Any(t => t >= 0)) windows.Add(window with { TokenOfPosition = owners });
        }
        return new SentencePieces(windows, end - start);
    }
}
