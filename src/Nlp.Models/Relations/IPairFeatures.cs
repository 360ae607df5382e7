using Nlp.Models.MaxEnt;

namespace Nlp.Models.Relations;

/// <summary>The feature names of an ordered entity pair (head, tail) of one sentence.</summary>
public interface IPairFeatures
{
    List<string> Extract(DocumentView view, int head, int tail);

    /// <summary>The feature sets there are.</summary>
    public static readonly int[] Sets = [1, 2];

    /// <summary>
    /// The extractor a model was trained with: set 1 (<see cref="RelationFeatures"/>, models trained before feature
    /// sets were recorded) or set 2 (<see cref="PairContextFeatures"/>), with the encoder's features added when the view
    /// has context clusters (<see cref="ContextPairFeatures"/>).
    /// </summary>
    /// <param name="lists">also the features of far members of coordinated lists (<see cref="ListPairFeatures"/>)</param>
    public static IPairFeatures ForSet(int set, Lexicon lexicon, bool lists = false)
    {
        IPairFeatures features = new ContextPairFeatures(set switch
        {
            1 => new RelationFeatures(lexicon),
            2 => new PairContextFeatures(lexicon),
            _ => throw new InvalidDataException($"relation feature set {set} is unknown to this program (known: 1, 2); retrain the model or update the program"),
        });
        return lists ? new ListPairFeatures(features) : features;
    }
}
