using Newtonsoft.Json.Linq;
using Nlp.Models.Extraction;

namespace Nlp.Models.Tests.Extraction;

public class ManifestAndCalibrationTests
{
    [Fact]
    public void Platt_scaling_repairs_overconfident_probabilities()
    {
        // The truth is p^2 although the classifier says p: calibration must bring the error down.
        var rng = new Random(3);
        var points = Enumerable.Range(0, 4000).Select(_ => { double p = rng.NextDouble(); return (p, rng.NextDouble() < p * p); }).ToList();
        var cal = PlattCalibrator.Fit(points);
        double Ece(Func<double, double> f)
        {
            var bins = new Nlp.Core.Scoring.CalibrationBins();
            foreach (var (p, c) in points) bins.Add(f(p), c);
            return bins.ExpectedCalibrationError!.Value;
        }
        Assert.True(Ece(cal.Calibrate) < Ece(p => p) / 2, $"{Ece(cal.Calibrate)} vs {Ece(p => p)}");
        Assert.Equal(PlattCalibrator.Identity, PlattCalibrator.Fit([(0.9, true)]));
    }

    [Fact]
    public void Best_threshold_separates_right_from_wrong()
    {
        var points = new List<(double, bool)> { (0.9, true), (0.8, true), (0.7, true), (0.3, false), (0.2, false) };
        double t = ThresholdSearch.BestF1Threshold(points, goldCount: 3);
        Assert.InRange(t, 0.3, 0.7);
    }

    [Fact]
    public void Threshold_overrides_parse_and_merge()
    {
        var o = ThresholdOverrides.Parse("DEPORT=0.3, trigger=0.6");
        Assert.Equal(0.3, o["DEPORT"]);
        var merged = ThresholdOverrides.Merge(new Dictionary<string, double> { ["trigger"] = 0.4, ["argument"] = 0.2 }, o);
        Assert.Equal(0.6, merged["trigger"]);
        Assert.Equal(0.2, merged["argument"]);
        Assert.Equal(0.45, ThresholdOverrides.Merge(merged, ThresholdOverrides.Parse("0.45")).Single().Value);
        Assert.Throws<ArgumentException>(() => ThresholdOverrides.Parse("DEPORT=2"));
    }

    [Fact]
    public void Lexicon_lemmatizes_and_round_trips()
    {
        var lex = TinyCorpus.Lexicon();
        Assert.Equal("deport", lex.Analyze("deported").Lemma);
        Assert.Equal("deport", lex.Analyze("Deportations").Root);
        Assert.Equal("write", lex.Analyze("wrote").Lemma);
        Assert.Equal("workers", lex.Analyze("workers").Lemma == "worker" ? "workers" : "fail");
        var file = Path.Combine(Path.GetTempPath(), "nlp-lex-" + Guid.NewGuid().ToString("N") + ".gz");
        try
        {
            lex.Save(file);
            var back = Lexicon.Load(file);
            Assert.Equal(lex.Count, back.Count);
            Assert.Equal(lex.Analyze("arrests"), back.Analyze("arrests"));
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Line_break_hyphens_are_joined_for_features_only()
    {
        Assert.Equal("relocated", DocumentView.JoinLineBreakHyphen("relo-\ncated"));
        Assert.Equal("Soviet-American", DocumentView.JoinLineBreakHyphen("Soviet-American"));
    }
}
