namespace Nlp.Models.Tests.Tagging;

/// <summary>Reference CRF quantities by enumerating every tag sequence; only for tiny inputs.</summary>
sealed class CrfBruteForce(double[,] transitions, double[] start, double[] end, double[,] emissions, int length)
{
    readonly int _tags = start.Length;

    public IEnumerable<int[]> AllSequences()
    {
        var seq = new int[length];
        long count = (long)Math.Pow(_tags, length);
        for (long n = 0; n < count; n++)
        {
            long rest = n;
            for (int t = 0; t < length; t++)
            {
                seq[t] = (int)(rest % _tags);
                rest /= _tags;
            }
            yield return (int[])seq.Clone();
        }
    }

    public double Score(int[] y)
    {
        double s = start[y[0]] + emissions[0, y[0]];
        for (int t = 1; t < length; t++) s += transitions[y[t - 1], y[t]] + emissions[t, y[t]];
        return s + end[y[length - 1]];
    }

    public double LogPartition() => LogSumExp(AllSequences().Select(Score));

    public int[] Best() => AllSequences().MaxBy(Score)!;

    public double Probability(Func<int[], bool> predicate) =>
        AllSequences().Where(predicate).Sum(y => Math.Exp(Score(y) - LogPartition()));

    static double LogSumExp(IEnumerable<double> values)
    {
        var list = values.ToList();
        double max = list.Max();
        return max + Math.Log(list.Sum(v => Math.Exp(v - max)));
    }
}
