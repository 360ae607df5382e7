using Nlp.Core.Model;
using Nlp.Models.Encoders;
using Nlp.Models.Extraction;

namespace Nlp.Models.Contextual;

/// <summary>
/// What an event or relation model needs to read context clusters: the pretrained encoder its settings name (from
/// its package, shared with the tagger of the same worker, which has usually encoded the document already) and the
/// codebooks saved in its folder. It builds the <see cref="DocumentView"/> the feature extractors read.
/// </summary>
public sealed class ContextReader : IDisposable
{
    readonly IContextualEncoder _encoder;

    public ContextReader(IContextualEncoder encoder, ContextClusters clusters)
    {
        if (encoder.Dimension != clusters.Dimension)
            throw new InvalidDataException($"context clusters of width {clusters.Dimension} do not fit encoder {encoder.Name} ({encoder.Dimension})");
        _encoder = encoder;
        Clusters = clusters;
    }

    public string EncoderName => _encoder.Name;
    public ContextClusters Clusters { get; }

    /// <summary>The view of a segmented document with its tokens' context clusters.</summary>
    public DocumentView View(Document document) =>
        new(document) { Context = new ContextCodes(Clusters, DocumentEncoding.TokenVectors(_encoder, document)) };

    /// <summary>A view with context when there is a reader, a plain one otherwise.</summary>
    public static DocumentView View(ContextReader? reader, Document document) => reader?.View(document) ?? new DocumentView(document);

    /// <summary>The reader of a model folder whose settings name an encoder; null when they name none.</summary>
    public static ContextReader? Load(string directory, string? encoderName)
    {
        if (string.IsNullOrEmpty(encoderName)) return null;
        var path = Path.Combine(directory, ContextClusters.FileName);
        if (!File.Exists(path))
            throw new InvalidDataException($"{directory}: the model reads encoder {encoderName} but its {ContextClusters.FileName} is missing");
        var clusters = SharedModelFile.Load(path, ContextClusters.Load);
        return new ContextReader(ContextualEncoders.Create(encoderName)!, clusters);
    }

    public void Save(string directory) => Clusters.Save(Path.Combine(directory, ContextClusters.FileName));

    /// <summary>
    /// Encodes the training documents with the named encoder and fits the codebooks on the vectors of their content
    /// words (words with a letter that are not function words: the tokens features ask about).
    /// </summary>
    public static ContextReader Fit(string encoderName, IReadOnlyList<Document> documents, IReadOnlyList<int> sizes, int seed,
        Action<string>? progress = null)
    {
        var encoder = ContextualEncoders.Create(encoderName)
                      ?? throw new ArgumentException("context features need an encoder (e.g. minilm-l4-v2-int8)");
        try
        {
            var vectors = new List<float[]>();
            int dim = encoder.Dimension;
            foreach (var doc in documents)
            {
                var all = DocumentEncoding.TokenVectors(encoder, doc);
                var tokens = doc.Tokens!.Value;
                for (int t = 0; t < tokens.Length; t++)
                {
                    var word = doc.TextOf(tokens[t]);
                    if (WordClasses.HasLetter(word) && !WordClasses.FunctionWords.Contains(word)) vectors.Add(all.AsSpan(t * dim, dim).ToArray());
                }
            }
            progress?.Invoke($"context clusters: {documents.Count} documents encoded with {encoder.Name}, {vectors.Count} content words");
            var clusters = ContextClusters.Fit(vectors, dim, sizes, seed, progress: progress).RoundTripped();
            return new ContextReader(encoder, clusters);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    public void Dispose() => _encoder.Dispose();
}
