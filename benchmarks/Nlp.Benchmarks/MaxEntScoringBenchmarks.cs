using BenchmarkDotNet.Attributes;
using Nlp.Models.MaxEnt;

namespace Nlp.Benchmarks;

/// <summary>
/// Scoring one candidate with the shipped trigger classifier: a bag of 40 feature names (half known to the model)
/// looked up and summed over the labels, then the softmax. Every token of every document pays this.
/// </summary>
[MemoryDiagnoser]
public class MaxEntScoringBenchmarks
{
    MaxEntClassifier _classifier = null!;
    string[] _features = [];

    [GlobalSetup]
    public void Setup()
    {
        var path = RepoFiles.Path("models/events/triggers.maxent.gz");
        _classifier = MaxEntClassifier.Load(path);
        var known = MaxEntFeatureNames(path).Take(20);
        _features = known.Concat(Enumerable.Range(0, 20).Select(i => $"unknown-{i}")).ToArray();
    }

    [Benchmark]
    public double Probabilities() => _classifier.Probabilities(_features)[0];

    /// <summary>Feature names from the file (one per line after the labels and biases), every 997th for variety.</summary>
    static IEnumerable<string> MaxEntFeatureNames(string path)
    {
        using var gz = new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        reader.ReadLine();
        reader.ReadLine();
        var names = new List<string>();
        for (int i = 0; reader.ReadLine() is { } line; i++)
            if (i % 997 == 0) names.Add(line[..line.IndexOf('\t')]);
        return names;
    }
}
