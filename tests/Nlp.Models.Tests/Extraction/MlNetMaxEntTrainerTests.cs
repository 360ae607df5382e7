using Nlp.Models.Extraction;

namespace Nlp.Models.Tests.Extraction;

/// <summary>ML.NET's L-BFGS maximum entropy, converted into our classifier, against our own L-BFGS on the same objective.</summary>
public class MlNetMaxEntTrainerTests
{
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
    public void Keeps_our_label_order_and_finds_the_optimum_our_Lbfgs_finds()
    {
        // "NEVER" has no example: ML.NET must still give it its own class, and the others must not shift.
        var labels = new[] { "None", "LIVE", "NEVER", "WORK" };
        var settings = new MaxEntBatchSettings { L2 = 1e-2, Tolerance = 1e-9 };
        var ours = new MaxEntBatchTrainer(settings).Fit(Data(), labels);
        var mlnet = new MlNetMaxEntTrainer(settings).Fit(Data(), labels);

        Assert.Equal(labels, mlnet.Labels);
        string[][] bags = [["w=in", "pair=P>L"], ["w=for", "pair=P>O"], ["w=and", "pair=P>L", "id=1"], ["unseen"]];
        foreach (var bag in bags)
        {
            double[] p = mlnet.Probabilities(bag), q = ours.Probabilities(bag);
            for (int l = 0; l < labels.Length; l++) Assert.True(Math.Abs(p[l] - q[l]) < 0.01, $"{string.Join(" ", bag)}: {labels[l]} {string.Join(" ", p.Select(x => x.ToString("F3")))} vs {string.Join(" ", q.Select(x => x.ToString("F3")))}");
        }
        var live = mlnet.Probabilities(bags[0]);
        Assert.Equal(1, Array.IndexOf(live, live.Max()));
    }
}
