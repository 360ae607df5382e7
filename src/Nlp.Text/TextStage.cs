using System.Collections.Immutable;
using Nlp.Core.Model;
using Nlp.Core.Pipeline;
using Nlp.Text.Normalization;
using Nlp.Text.Tokenization;

namespace Nlp.Text;

/// <summary>
/// The "segment" stage: normalizes a document's text, tokenizes it, splits it into sentences and returns the
/// document with tokens, sentences and zones — all in offsets of the ORIGINAL text (the document's text is never
/// changed). A document that already has tokens and sentences (a pre-tokenized corpus) passes through untouched.
/// Safe to share between threads: the scanning buffers are per thread.
/// </summary>
public sealed class TextStage : IDocumentStage
{
    [ThreadStatic] private static TokenBuffer? t_tokens;
    [ThreadStatic] private static SpanBuffer? t_sentences;

    public TextStage(NormalizerOptions? options = null) => Options = options ?? NormalizerOptions.Default;

    public NormalizerOptions Options { get; }

    /// <summary>
    /// The version recorded in provenance: it must change whenever the stage's output can, or stored results made by
    /// an older tokenizer would be kept. A hash of this assembly's module version id (a deterministic build makes it a
    /// hash of the compiled code, so any change to normalization, tokenization or splitting gives a new one, and the
    /// same code the same one) and of the settings.
    /// </summary>
    public string Version => "text-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes($"{typeof(TextStage).Assembly.ManifestModule.ModuleVersionId:N} {Options}")))[..12];

    public string Name => "segment";
    public Layer Requires => Layer.Text;
    public Layer Assigns => Layer.Sentences | Layer.Tokens | Layer.Zones;

    public Document Process(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Tokens is not null && document.Sentences is not null) return document;

        var normalized = TextNormalizer.Normalize(document.Text, OptionsFor(document));
        var tokens = t_tokens ??= new TokenBuffer(4096);
        var sentences = t_sentences ??= new SpanBuffer(256);
        Tokenizer.Tokenize(normalized.Text, tokens);
        SentenceSplitter.Split(normalized.Text, tokens, sentences);

        var tokenSpans = ToOriginal(normalized, tokens);
        var sentenceSpans = ToOriginal(normalized, sentences);
        return document with
        {
            // A layer the input already had is kept as given (ANNOTATION.md); only the missing one is added.
            Tokens = document.Tokens ?? tokenSpans,
            Sentences = document.Sentences ?? (document.Tokens is { } given ? SnapToTokens(sentenceSpans, given) : sentenceSpans),
            Zones = document.Zones ?? normalized.Zones,
        };
    }

    /// <summary>HTML text has one paragraph per line by construction; everything else is measured.</summary>
    private NormalizerOptions OptionsFor(Document document) =>
        Options.Wrapping == Wrapping.Auto && (string?)document.Meta?["format"] == "html"
            ? Options with { Wrapping = Wrapping.Unwrapped }
            : Options;

    private static ImmutableArray<Span> ToOriginal(NormalizedText normalized, TokenBuffer tokens)
    {
        var builder = ImmutableArray.CreateBuilder<Span>(tokens.Count);
        foreach (ref readonly var t in tokens.AsSpan()) builder.Add(normalized.ToOriginal(t.Start, t.End));
        return builder.MoveToImmutable();
    }

    private static ImmutableArray<Span> ToOriginal(NormalizedText normalized, SpanBuffer spans)
    {
        var builder = ImmutableArray.CreateBuilder<Span>(spans.Count);
        foreach (var s in spans.AsSpan()) builder.Add(normalized.ToOriginal(s));
        return builder.MoveToImmutable();
    }

    /// <summary>Sentences over given tokens: each given token joins the sentence its start falls in.</summary>
    private static ImmutableArray<Span> SnapToTokens(ImmutableArray<Span> sentences, ImmutableArray<Span> tokens)
    {
        var result = ImmutableArray.CreateBuilder<Span>();
        int s = 0;
        int first = -1;
        for (int t = 0; t < tokens.Length; t++)
        {
            while (s + 1 < sentences.Length && tokens[t].Start >= sentences[s + 1].Start)
            {
                if (first >= 0) result.Add(new Span(tokens[first].Start, tokens[t - 1].End));
                first = -1;
                s++;
            }
            if (first < 0) first = t;
        }
        if (first >= 0) result.Add(new Span(tokens[first].Start, tokens[^1].End));
        return result.ToImmutable();
    }
}
