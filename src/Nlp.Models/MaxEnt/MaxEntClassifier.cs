using System.IO.Compression;
using System.Text;

namespace Nlp.Models.MaxEnt;

/// <summary>One training example: the indices of its active (binary) features and its gold label index.</summary>
public readonly record struct Example(int[] Features, int Label);

/// <summary>
/// Multinomial logistic regression (maximum entropy) over sparse binary features. Immutable once built:
/// <see cref="MaxEntTrainer"/> fits one. Weights are stored per feature for the labels where they are non-zero,
/// which keeps the shipped file small.
/// </summary>
public sealed class MaxEntClassifier
{
    private readonly Dictionary<string, int> _featureIndex;
    private readonly float[] _weights; // [feature * labels + label]
    private readonly float[] _bias;

    internal MaxEntClassifier(IReadOnlyList<string> labels, Dictionary<string, int> featureIndex, float[] weights, float[] bias)
    {
        Labels = labels.ToArray();
        _featureIndex = featureIndex;
        _weights = weights;
        _bias = bias;
    }

    public IReadOnlyList<string> Labels { get; }
    public int FeatureCount => _featureIndex.Count;

    /// <summary>The feature names with a weight (a warm start keeps them all).</summary>
    internal IEnumerable<string> FeatureNames => _featureIndex.Keys;

    /// <summary>
    /// A warm start's starting point over another feature numbering: this model's weights where it knows the feature,
    /// zero for features it never saw; its biases. The labels must be this model's, in its order.
    /// </summary>
    internal (float[] Weights, float[] Bias) WeightsOver(IReadOnlyDictionary<string, int> featureIndex, IReadOnlyList<string> labels)
    {
        if (!labels.SequenceEqual(Labels))
            throw new ArgumentException($"the model to start from has the labels {string.Join(", ", Labels)}; the training data has {string.Join(", ", labels)} " +
                                        $"(differing: {string.Join(", ", Labels.Except(labels).Concat(labels.Except(Labels)).DefaultIfEmpty("the order"))})");
        int n = Labels.Count;
        var weights = new float[featureIndex.Count * n];
        foreach (var (name, target) in featureIndex)
            if (_featureIndex.TryGetValue(name, out int source))
                Array.Copy(_weights, source * n, weights, target * n, n);
        return (weights, _bias.ToArray());
    }

    public int LabelIndex(string label) => Array.IndexOf((string[])Labels, label);

    /// <summary>Probabilities over <see cref="Labels"/> for a bag of feature names (unknown names are ignored).</summary>
    public double[] Probabilities(IEnumerable<string> features)
    {
        int n = Labels.Count;
        var scores = new double[n];
        for (int l = 0; l < n; l++) scores[l] = _bias[l];
        foreach (var f in features)
        {
            if (!_featureIndex.TryGetValue(f, out int i)) continue;
            int off = i * n;
            for (int l = 0; l < n; l++) scores[l] += _weights[off + l];
        }
        return Softmax(scores);
    }

    internal static double[] Softmax(double[] scores)
    {
        double max = scores.Max();
        double sum = 0;
        for (int i = 0; i < scores.Length; i++) { scores[i] = Math.Exp(scores[i] - max); sum += scores[i]; }
        for (int i = 0; i < scores.Length; i++) scores[i] /= sum;
        return scores;
    }

    /// <summary>Writes a gzip'd text file: labels, biases, then one line per feature with its non-zero weights.</summary>
    public void Save(string path)
    {
        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.SmallestSize);
        using var w = new StreamWriter(gz, new UTF8Encoding(false));
        int n = Labels.Count;
        w.WriteLine(string.Join('\t', Labels));
        w.WriteLine(string.Join('\t', _bias.Select(Fmt)));
        foreach (var (name, i) in _featureIndex.OrderBy(p => p.Value))
        {
            var sb = new StringBuilder(name);
            bool any = false;
            for (int l = 0; l < n; l++)
            {
                float v = _weights[i * n + l];
                if (v == 0) continue;
                sb.Append('\t').Append(l).Append(':').Append(Fmt(v));
                any = true;
            }
            if (any) w.WriteLine(sb.ToString());
        }
    }

    public static MaxEntClassifier Load(string path)
    {
        using var file = File.OpenRead(path);
        using var gz = new GZipStream(file, CompressionMode.Decompress);
        using var r = new StreamReader(gz, Encoding.UTF8);
        var labels = (r.ReadLine() ?? throw new InvalidDataException($"{path}: empty classifier file")).Split('\t');
        var bias = (r.ReadLine() ?? throw new InvalidDataException($"{path}: no bias line")).Split('\t').Select(ParseF).ToArray();
        if (bias.Length != labels.Length) throw new InvalidDataException($"{path}: {bias.Length} biases for {labels.Length} labels");
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var weights = new List<float>();
        string? line;
        int lineNo = 2;
        while ((line = r.ReadLine()) is not null)
        {
            lineNo++;
            var parts = line.Split('\t');
            int i = index.Count;
            index[parts[0]] = i;
            for (int l = 0; l < labels.Length; l++) weights.Add(0f);
            for (int k = 1; k < parts.Length; k++)
            {
                int colon = parts[k].IndexOf(':');
                if (colon < 0 || !int.TryParse(parts[k].AsSpan(0, colon), out int l) || l < 0 || l >= labels.Length)
                    throw new InvalidDataException($"{path}: line {lineNo}: bad weight '{parts[k]}'");
                weights[i * labels.Length + l] = ParseF(parts[k][(colon + 1)..]);
            }
        }
        return new MaxEntClassifier(labels, index, weights.ToArray(), bias);
    }

    /// <summary>Weights are kept to three decimals, and those under 0.002 dropped: they would only make the file bigger.</summary>
    internal static float Quantize(float v) => Quantize(v, keepSmall: false);

    internal static float Quantize(float v, bool keepSmall) =>
        !keepSmall && Math.Abs(v) < 2e-3f ? 0f : float.Parse(Fmt(v), System.Globalization.CultureInfo.InvariantCulture);

    private static string Fmt(float v) => v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
    private static float ParseF(string s) => float.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
}
