using Nlp.Models.MaxEnt;

namespace Nlp.Models.Tests.MaxEnt;

/// <summary>The L-BFGS max-ent trainer the relation extractor uses.</summary>
public class MaxEntBatchTrainerTests
{
    [Fact]
    public void Lbfgs_finds_the_minimum_of_the_Rosenbrock_function()
    {
        // A curved valley that plain gradient descent crawls along; the minimum is at (1, 1).
        double Rosenbrock(double[] x, double[] g)
        {
            double a = 1 - x[0], b = x[1] - x[0] * x[0];
            g[0] = -2 * a - 400 * x[0] * b;
            g[1] = 200 * b;
            return a * a + 100 * b * b;
        }
        var x = new[] { -1.2, 1.0 };
        Lbfgs.Minimize(Rosenbrock, x, maxIterations: 500, memory: 5, tolerance: 1e-14);
        Assert.Equal(1.0, x[0], 4);
        Assert.Equal(1.0, x[1], 4);
    }

    private static List<(IReadOnlyList<string>, string)> Data()
    {
        var data = new List<(IReadOnlyList<string>, string)>();
        for (int i = 0; i < 30; i++)
        {
            data.Add((["w=in", "pair=P>L", $"id={i % 7}"], "LIVE"));
            data.Add((["w=for", "pair=P>O", $"id={i % 5}"], "WORK"));
            data.Add((["w=and", "pair=P>L", $"id={i % 3}"], "None"));
        }
        data.Add((["w=in", "pair=P>L", "id=x"], "None")); // one contradiction: probabilities stay below 1
        return data;
    }

    [Fact]
    public void Learns_the_labels_and_does_not_depend_on_the_order_of_the_examples()
    {
        var labels = new[] { "None", "LIVE", "WORK" };
        var trainer = new MaxEntBatchTrainer(new MaxEntBatchSettings { L2 = 1e-3 });
        var data = Data();
        var a = trainer.Fit(data, labels);
        var shuffled = data.ToList();
        new Random(5).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shuffled));
        var b = trainer.Fit(shuffled, labels);

        string[] live = ["w=in", "pair=P>L"], work = ["w=for", "pair=P>O"], none = ["w=and", "pair=P>L"];
        foreach (var (features, label) in new[] { (live, 1), (work, 2), (none, 0) })
        {
            var p = a.Probabilities(features);
            Assert.Equal(label, Array.IndexOf(p, p.Max()));
            Assert.True(p[label] > 0.8 && p[label] < 1, $"p = {p[label]}");
            Assert.Equal(p, b.Probabilities(features));
        }
    }

    [Fact]
    public void A_stronger_penalty_gives_less_confident_probabilities()
    {
        var labels = new[] { "None", "LIVE", "WORK" };
        double Confidence(double l2) =>
            new MaxEntBatchTrainer(new MaxEntBatchSettings { L2 = l2 }).Fit(Data(), labels).Probabilities(["w=in", "pair=P>L"])[1];
        Assert.True(Confidence(1e-1) < Confidence(1e-4));
    }
}
