using Nlp.Models.MaxEnt;

namespace Nlp.Models.Relations;

/// <summary>
/// A feature set's features of a pair, plus, when the view has context clusters (a model trained with an encoder),
/// how the encoder reads the pair: the clusters of the head's and the tail's last words, the two together, and the
/// content words between them ("moved to", "settled in", "was born in" put their verbs in like clusters).
/// </summary>
public sealed class ContextPairFeatures(IPairFeatures inner) : IPairFeatures
{
    public List<string> Extract(DocumentView view, int head, int tail)
    {
        var f = inner.Extract(view, head, tail);
        if (view.Context is not { } cx) return f;
        var p = EntityPair.Of(view, head, tail);
        string pair = p.Labels, order = p.Order;
        int h = p.HeadEnd - 1, t = p.TailEnd - 1;
        for (int level = 0; level < cx.Levels; level++)
        {
            string size = cx.SizeName(level);
            f.Add($"pair|hcx{size}={pair}|{cx.Code(level, h)}");
            f.Add($"pair|tcx{size}={pair}|{cx.Code(level, t)}");
        }
        f.Add($"pair|ord|hcx|tcx={pair}|{order}|{cx.Code(0, h)}|{cx.Code(0, t)}");
        if (p.Between <= 12)
            for (int u = p.GapFrom; u < p.GapTo; u++)
            {
                var w = view.Words[u];
                if (!WordClasses.HasLetter(w) || WordClasses.FunctionWords.Contains(w) || view.EntityAt[u] >= 0) continue;
                for (int level = 0; level < cx.Levels; level++)
                    f.Add($"ord|btwcx{cx.SizeName(level)}={order}|{cx.Code(level, u)}");
            }
        return f;
    }
}
