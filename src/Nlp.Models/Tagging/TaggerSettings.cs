namespace Nlp.Models.Tagging;

/// <summary>
/// Architecture and training settings of a <see cref="BiLstmCrfTagger"/>. Saved in the model manifest, so a
/// loaded tagger is rebuilt with exactly the dimensions it was trained with. Defaults follow the usual
/// BiLSTM-CNN-CRF setup for CoNLL-2003 (Ma and Hovy, 2016), scaled down for CPU training.
/// </summary>
public sealed record TaggerSettings
{
    public int WordDim { get; init; } = 100;
    public int CasingDim { get; init; } = 8;
    public int CharDim { get; init; } = 30;
    public int CharFilters { get; init; } = 50;
    public int CharKernel { get; init; } = 3;
    /// <summary>Longer tokens are cut; their first characters carry most of the signal (capitals, prefixes).</summary>
    public int MaxCharsPerToken { get; init; } = 24;
    /// <summary>Hidden size of each LSTM direction.</summary>
    public int HiddenSize { get; init; } = 128;
    public double Dropout { get; init; } = 0.5;
    /// <summary>Probability of replacing a training word by UNK, so the UNK embedding is trained for unseen words.</summary>
    public double WordDropout { get; init; } = 0.05;
    /// <summary>Words seen fewer times in training map to UNK.</summary>
    public int MinWordCount { get; init; } = 2;
    /// <summary>At most this many words get their own embedding (the most frequent), which bounds the model's size.</summary>
    public int MaxWords { get; init; } = 12000;
    /// <summary>Forbid IOB2-illegal transitions in the CRF, so decoded tags always form well-formed entities.</summary>
    public bool BioConstraints { get; init; } = true;
    /// <summary>Columns of <see cref="Gazetteer"/> features per token (0: no gazetteer). Set by the trainer from the
    /// gazetteer it is given, so a loaded model knows the input width it was built with.</summary>
    public int GazetteerFeatures { get; init; }
    /// <summary>Columns of frozen <see cref="WordVectors"/> features per token (0: none); set by the trainer like
    /// <see cref="GazetteerFeatures"/>.</summary>
    public int WordVectorFeatures { get; init; }

    /// <summary>Columns of a pretrained contextual encoder's vectors per token (0: none); set by the trainer.</summary>
    public int ContextualFeatures { get; init; }
    /// <summary>The pretrained encoder (<see cref="Encoders.ContextualEncoders"/>) whose vectors the tagger reads, or null.</summary>
    public string? Encoder { get; init; }
    /// <summary>The encoder's top layers the tagger fine-tunes (0: the encoder is frozen). They run in TorchSharp inside
    /// the tagger, their weights saved with it; the layers below stay frozen in ONNX Runtime (<see cref="Encoders.TunableEncoder"/>).</summary>
    public int TunedEncoderLayers { get; init; }
    /// <summary>Adam's learning rate for the fine-tuned encoder layers (the rest of the tagger uses <see cref="LearningRate"/>):
    /// pretrained weights move little, so that the few thousand sentences here do not wipe out what they know.</summary>
    public double EncoderLearningRate { get; init; } = 1e-4;

    /// <summary>Per-token feature columns the encoder reads besides the embeddings: document flags, gazetteer, word vectors,
    /// contextual vectors.</summary>
    [Newtonsoft.Json.JsonIgnore]
    public int TokenFeatureWidth => TokenFeatures.Count + GazetteerFeatures + WordVectorFeatures + ContextualFeatures;

    public int Epochs { get; init; } = 30;
    /// <summary>Auxiliary-corpus batches trained after each primary batch (models with a second head).</summary>
    public int AuxiliaryBatchesPerBatch { get; init; } = 1;
    /// <summary>Wall-clock budget: no epoch is started that would, at the pace so far, end after it (0: none).</summary>
    public double MaxMinutes { get; init; }
    public int BatchSize { get; init; } = 16;
    public double LearningRate { get; init; } = 2e-3;
    /// <summary>The learning rate is multiplied by this after every epoch.</summary>
    public double LearningRateDecay { get; init; } = 0.93;
    public double GradientClip { get; init; } = 5.0;
    public int Seed { get; init; } = 42;
    /// <summary>The model folder a finetune started from (<c>--init-from</c>), recorded so the recipe travels with the model; null: trained from scratch.</summary>
    public string? InitFrom { get; init; }
    /// <summary>The share of the replay files' documents a finetune trained on beside the corrections (<c>--replay-fraction</c>; 0: none).</summary>
    public double ReplayFraction { get; init; }

    public void Validate()
    {
        Positive(WordDim, nameof(WordDim));
        Positive(CasingDim, nameof(CasingDim));
        Positive(CharDim, nameof(CharDim));
        Positive(CharFilters, nameof(CharFilters));
        Positive(MaxCharsPerToken, nameof(MaxCharsPerToken));
        Positive(HiddenSize, nameof(HiddenSize));
        Positive(MinWordCount, nameof(MinWordCount));
        Positive(MaxWords, nameof(MaxWords));
        if (GazetteerFeatures < 0) throw new ArgumentException($"{nameof(GazetteerFeatures)} must not be negative, got {GazetteerFeatures}.");
        if (WordVectorFeatures < 0) throw new ArgumentException($"{nameof(WordVectorFeatures)} must not be negative, got {WordVectorFeatures}.");
        if (TunedEncoderLayers < 0) throw new ArgumentException($"{nameof(TunedEncoderLayers)} must not be negative, got {TunedEncoderLayers}.");
        if (TunedEncoderLayers > 0 && (Encoder is null || ContextualFeatures == 0))
            throw new ArgumentException("fine-tuning encoder layers needs an encoder.");
        if (!(EncoderLearningRate > 0)) throw new ArgumentException($"{nameof(EncoderLearningRate)} must be positive, got {EncoderLearningRate}.");
        if (LearningRateDecay is <= 0 or > 1) throw new ArgumentException($"{nameof(LearningRateDecay)} must be in (0, 1], got {LearningRateDecay}.");
        Positive(Epochs, nameof(Epochs));
        Positive(AuxiliaryBatchesPerBatch, nameof(AuxiliaryBatchesPerBatch));
        Positive(BatchSize, nameof(BatchSize));
        if (CharKernel < 1 || CharKernel % 2 == 0)
            throw new ArgumentException($"{nameof(CharKernel)} must be odd and positive (same-length convolution), got {CharKernel}.");
        if (Dropout is < 0 or >= 1) throw new ArgumentException($"{nameof(Dropout)} must be in [0, 1), got {Dropout}.");
        if (WordDropout is < 0 or >= 1) throw new ArgumentException($"{nameof(WordDropout)} must be in [0, 1), got {WordDropout}.");
        if (!(LearningRate > 0)) throw new ArgumentException($"{nameof(LearningRate)} must be positive, got {LearningRate}.");
        if (!(GradientClip > 0)) throw new ArgumentException($"{nameof(GradientClip)} must be positive, got {GradientClip}.");
    }

    static void Positive(int value, string name)
    {
        if (value < 1) throw new ArgumentException($"{name} must be at least 1, got {value}.");
    }
}
