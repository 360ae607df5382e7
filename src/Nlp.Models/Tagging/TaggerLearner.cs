using Nlp.Core.Learning;
using Nlp.Core.Model;
using Nlp.Models.Encoders;

namespace Nlp.Models.Tagging;

/// <summary>The tagger as an <see cref="ILearner{TModel}"/>: <see cref="EntityTaggerTrainer.Fit"/> with its settings and
/// inputs. It keeps the tagger of the best dev epoch and the last one; <c>nlp train ner</c>, which also writes the
/// epoch history, calls the trainer itself.</summary>
public sealed class TaggerLearner(TaggerSettings settings) : ILearner<EntityTagger>
{
    public TaggerSettings Settings { get; } = settings;
    /// <summary>A corpus with its own label set, trained as a second head (e.g. CoNLL-2003).</summary>
    public IReadOnlyList<Document>? Auxiliary { get; init; }
    public Gazetteer? Gazetteer { get; init; }
    public WordVectors? WordVectors { get; init; }
    public IContextualEncoder? Encoder { get; init; }
    public int Threads { get; init; } = 2;
    public IProgress<EpochReport>? Progress { get; init; }

    public Trained<EntityTagger> Train(IReadOnlyList<Document> train, IReadOnlyList<Document> dev)
    {
        var result = EntityTaggerTrainer.Fit(train, dev, Settings, Progress, Auxiliary, Threads,
            gazetteer: Gazetteer, wordVectors: WordVectors, encoder: Encoder);
        return new Trained<EntityTagger>(result.Best, result.Last);
    }
}
