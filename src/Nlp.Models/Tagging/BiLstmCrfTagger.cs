using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Nlp.Models.Tagging;

/// <summary>
/// BiLSTM-CNN-CRF sequence tagger: each token is the concatenation of a lowercased word embedding, a casing
/// embedding, a max-pooled character CNN (which sees case, affixes and unseen words), the document-level
/// <see cref="TokenFeatures"/> and, when the model has them, <see cref="TaggerLexicons"/> features (name lists,
/// frozen word vectors); a BiLSTM reads
/// the sentence. One or more heads (a linear layer giving emission scores plus a <see cref="LinearChainCrf"/>) share that encoder: a model trained on two corpora with
/// different label sets keeps one head per corpus. <c>forward</c> returns emissions [batch, seq, tags] of the
/// batch's head.
/// </summary>
public sealed class BiLstmCrfTagger : Module<TaggerBatch, Tensor>
{
    // Field names become state-dict keys: keep them stable, saved models depend on them.
    readonly Embedding word_embedding;
    readonly Embedding casing_embedding;
    readonly Embedding char_embedding;
    readonly Conv1d char_conv;
    readonly Dropout dropout;
    readonly LSTM encoder;
    readonly ModuleList<Linear> emission_heads;
    readonly ModuleList<LinearChainCrf> crf_heads;
    /// <summary>The encoder's fine-tuned top layers (null when the encoder is frozen or absent): they turn the frozen
    /// layers' piece states into the contextual columns of each token.</summary>
    readonly ModuleList<Encoders.BertLayer>? encoder_layers;

    public BiLstmCrfTagger(int wordIds, int charIds, IReadOnlyList<BioTagSet> heads, TaggerSettings settings) : base(nameof(BiLstmCrfTagger))
    {
        settings.Validate();
        if (heads.Count == 0) throw new ArgumentException("A tagger needs at least one head.", nameof(heads));
        word_embedding = Embedding(wordIds, settings.WordDim, padding_idx: TaggerVocabulary.PaddingId);
        casing_embedding = Embedding(TokenCasings.Count, settings.CasingDim, padding_idx: (long)TokenCasing.Padding);
        char_embedding = Embedding(charIds, settings.CharDim, padding_idx: TaggerVocabulary.PaddingId);
        char_conv = Conv1d(settings.CharDim, settings.CharFilters, settings.CharKernel, padding: settings.CharKernel / 2);
        dropout = Dropout(settings.Dropout);
        encoder = LSTM(settings.WordDim + settings.CasingDim + settings.CharFilters + settings.TokenFeatureWidth, settings.HiddenSize,
            batchFirst: true, bidirectional: true);
        emission_heads = new ModuleList<Linear>(heads.Select(h => Linear(2 * settings.HiddenSize, h.Count)).ToArray());
        crf_heads = new ModuleList<LinearChainCrf>(heads.Select(h => new LinearChainCrf(h.Count, settings.BioConstraints ? h : null)).ToArray());
        if (settings.TunedEncoderLayers > 0)
            encoder_layers = new ModuleList<Encoders.BertLayer>(Enumerable.Range(0, settings.TunedEncoderLayers).Select(_ => new Encoders.BertLayer()).ToArray());
        RegisterComponents();
    }

    /// <summary>The fine-tuned encoder layers' parameters (none when the encoder is frozen): trained at their own learning rate.</summary>
    public IEnumerable<Parameter> EncoderParameters() => encoder_layers?.parameters() ?? [];

    /// <summary>Starts the fine-tuned layers from the pretrained weights (<see cref="Encoders.TunableEncoder.TunedWeights"/>), lowest first.</summary>
    public void LoadEncoderLayers(IReadOnlyList<Dictionary<string, (long[] Dims, float[] Values)>> weights)
    {
        if (encoder_layers is null || weights.Count != encoder_layers.Count)
            throw new ArgumentException($"the tagger fine-tunes {encoder_layers?.Count ?? 0} encoder layers; {weights.Count} given");
        for (int i = 0; i < weights.Count; i++) encoder_layers[i].Load(weights[i]);
    }

    public int HeadCount => crf_heads.Count;

    public LinearChainCrf Crf(int head) => crf_heads[head];

    public override Tensor forward(TaggerBatch batch)
    {
        using var scope = NewDisposeScope();
        long b = batch.Words.shape[0], length = batch.Words.shape[1];

        // At prediction the CNN's output per word comes looked up (CharFeatureCache); in training it runs here.
        var charFeatures = batch.CharFeatures ?? CharFeatures(batch.Chars!.view(b * length, batch.Chars.shape[2])).view(b, length, -1);
        var parts = new List<Tensor> { word_embedding.call(batch.Words), casing_embedding.call(batch.Casings), charFeatures, batch.Features };
        if (encoder_layers is not null)
            parts.Add(TunedContext(batch.Pieces ?? throw new ArgumentException("The tagger fine-tunes its encoder: the batch needs piece states."), b, length));
        var tokens = cat(parts, 2);
        tokens = dropout.call(tokens);

        // Packing keeps padding out of the backward direction, so a sentence's encoding does not depend on
        // the other sentences in its batch.
        using var packed = nn.utils.rnn.pack_padded_sequence(tokens, batch.Lengths, batch_first: true, enforce_sorted: false);
        var (encodedPacked, h, c) = encoder.call(packed);
        using (encodedPacked)
        {
            var (encoded, _) = nn.utils.rnn.pad_packed_sequence(encodedPacked, batch_first: true, total_length: length);
            return emission_heads[batch.Head].call(dropout.call(encoded)).MoveToOuterDisposeScope();
        }
    }

    /// <summary>The fine-tuned layers over the batch's windows, their core pieces averaged into tokens: [batch, seq, 384].</summary>
    Tensor TunedContext(PieceBatch pieces, long batch, long length)
    {
        var hidden = pieces.States;
        foreach (var layer in encoder_layers!) hidden = layer.call(hidden, pieces.Mask);
        var perPiece = hidden.reshape(-1, Encoders.BertLayer.Hidden).index_select(0, pieces.Positions);
        var summed = zeros(batch * length, Encoders.BertLayer.Hidden, dtype: perPiece.dtype).index_add(0, pieces.Targets, perPiece, 1.0);
        return (summed / pieces.Counts).view(batch, length, Encoders.BertLayer.Hidden);
    }

    /// <summary>
    /// The character CNN: char ids [tokens, chars] → [tokens, filters], max-pooled. ReLU outputs are >= 0, so zeroing
    /// the padding columns before max-pooling makes padding neutral. Its [tokens, filters, chars] intermediates are
    /// the largest tensors of a batch: each is let go as soon as the next exists (autograd keeps what it needs).
    /// </summary>
    public Tensor CharFeatures(Tensor charIds)
    {
        using var scope = NewDisposeScope();
        Tensor convolved;
        using (var embedded = char_embedding.call(charIds))
        using (var charVectors = embedded.transpose(1, 2)) // [tokens, charDim, chars]
        using (var linear = char_conv.call(charVectors))
            convolved = functional.relu(linear);
        var charMask = charIds.ne(TaggerVocabulary.PaddingId).unsqueeze(1).to_type(convolved.dtype);
        using (convolved)
        using (var masked = convolved * charMask)
            return masked.amax([2]).MoveToOuterDisposeScope();
    }

    /// <summary>Mean negative log-likelihood per sentence of the batch's gold tags.</summary>
    public Tensor Loss(TaggerBatch batch)
    {
        var tags = batch.Tags ?? throw new ArgumentException("The batch has no gold tags.", nameof(batch));
        using var scope = NewDisposeScope();
        var emissions = forward(batch);
        return crf_heads[batch.Head].NegativeLogLikelihood(emissions, tags, batch.Mask).mean().MoveToOuterDisposeScope();
    }
}
