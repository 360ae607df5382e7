using Nlp.Models.Encoders;
using static TorchSharp.torch;

namespace Nlp.Models.Tagging;

/// <summary>
/// The frozen encoder layers' piece states of a batch's sentences, as the tagger's fine-tuned layers read them:
/// every window of every sentence padded to the widest, [windows, positions, 384] with a mask [windows, positions];
/// and how the tuned layers' output is pooled into tokens: the flat positions (window × width + position) that give
/// a token its vector, the flat token each goes to (sentence × length + token), and each token's number of pieces
/// (the mean of pieces per token, as the frozen encoder pools). Create inside the caller's dispose scope.
/// </summary>
public sealed record PieceBatch(Tensor States, Tensor Mask, Tensor Positions, Tensor Targets, Tensor Counts)
{
    internal static PieceBatch Create(IReadOnlyList<TaggedSentence> sentences, int length)
    {
        var windows = new List<(int Sentence, PieceWindow Window)>();
        for (int b = 0; b < sentences.Count; b++)
        {
            var pieces = sentences[b].Pieces ?? throw new ArgumentException("The tagger fine-tunes its encoder: every sentence needs its piece states.");
            if (pieces.TokenCount != sentences[b].Length) throw new ArgumentException("A sentence's piece states belong to another sentence.");
            windows.AddRange(pieces.Windows.Select(w => (b, w)));
        }
        int width = windows.Max(w => w.Window.Positions);
        const int dim = BertLayer.Hidden;
        var states = new float[windows.Count * width * dim];
        var mask = new bool[windows.Count * width];
        var positions = new List<long>();
        var targets = new List<long>();
        var counts = new float[sentences.Count * length];
        for (int w = 0; w < windows.Count; w++)
        {
            var (sentence, window) = windows[w];
            window.States.CopyTo(states, w * width * dim);
            for (int p = 0; p < window.Positions; p++)
            {
                mask[w * width + p] = true;
                if (window.TokenOfPosition[p] is var token and >= 0)
                {
                    positions.Add(w * width + p);
                    targets.Add(sentence * length + token);
                    counts[sentence * length + token]++;
                }
            }
        }
        for (int i = 0; i < counts.Length; i++) counts[i] = Math.Max(1, counts[i]);
        return new PieceBatch(tensor(states, [windows.Count, width, dim]), tensor(mask, [windows.Count, width]),
            tensor(positions.ToArray()), tensor(targets.ToArray()), tensor(counts, [counts.Length, 1]));
    }
}
