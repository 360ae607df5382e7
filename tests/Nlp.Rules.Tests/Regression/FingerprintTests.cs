using Nlp.Text;

namespace Nlp.Rules.Tests.Regression;

/// <summary>
/// Pins the rules' output on every document we have (see <see cref="RegressionCorpus"/>): a speed-up or refactor
/// must not move a single span, label or value. The fingerprint was generated before the recognizer was optimized.
/// When a rule is changed on purpose, regenerate it with NLP_RULES_FINGERPRINT=write and review the diff.
/// </summary>
public class FingerprintTests
{
    [Fact]
    public void Output_matches_the_committed_fingerprint()
    {
        var segmenter = new TextStage();
        var actual = RegressionCorpus.Documents().SelectMany(d => RegressionCorpus.Lines(d, segmenter)).ToList();
        if (Environment.GetEnvironmentVariable("NLP_RULES_FINGERPRINT") == "write")
            File.WriteAllLines(RegressionCorpus.SourcePath, actual);

        string path = RegressionCorpus.SourcePath;
        Assert.True(File.Exists(path), $"no fingerprint at {path}: generate it with NLP_RULES_FINGERPRINT=write");
        var expected = File.ReadAllLines(path);
        Assert.True(actual.Count > 300, $"only {actual.Count} fingerprint lines: documents missing?");
        Assert.Equal(expected.Length, actual.Count);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(expected[i] == actual[i], $"fingerprint line {i + 1} differs\nexpected: {expected[i]}\nactual:   {actual[i]}");
    }
}
