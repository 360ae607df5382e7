using BenchmarkDotNet.Attributes;
using Nlp.Text.Normalization;
using Nlp.Text.Tokenization;

namespace Nlp.Benchmarks;

/// <summary>Tokenizing and sentence-splitting one normalized seed text (about 1,500 words), reusing the buffers as the text stage does.</summary>
[MemoryDiagnoser]
public class TokenizerBenchmarks
{
    string _text = "";
    readonly TokenBuffer _tokens = new(1 << 14);
    readonly SpanBuffer _sentences = new(1 << 10);

    [GlobalSetup]
    public void Setup()
    {
        var raw = File.ReadAllText(RepoFiles.Path("../shared/seeds/western-defectors.txt"));
        _text = TextNormalizer.Normalize(raw[..Math.Min(raw.Length, 10_000)]).Text;
    }

    [Benchmark]
    public int TokenizeAndSplit()
    {
        Tokenizer.Tokenize(_text, _tokens);
        SentenceSplitter.Split(_text, _tokens, _sentences);
        return _tokens.Count + _sentences.Count;
    }
}
