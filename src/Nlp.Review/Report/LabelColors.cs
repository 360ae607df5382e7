namespace Nlp.Review.Report;

/// <summary>A stable background colour per label: the report, the legend and the review page agree.</summary>
public static class LabelColors
{
    // Light tones that keep black text readable.
    private static readonly string[] Palette =
    [
        "#ffd6a5", "#caffbf", "#9bf6ff", "#bdb2ff", "#ffc6ff", "#fdffb6", "#a0c4ff", "#ffadad",
        "#d0f4de", "#e4c1f9", "#fcf6bd", "#a9def9", "#f1c0e8", "#cfbaf0", "#b9fbc0", "#ffcfd2",
        "#98f5e1", "#fbf8cc",
    ];

    /// <summary>The colour of <paramref name="label"/>: by its place among <paramref name="labels"/> (a schema's
    /// labels, so that no two of them share a colour), else by a hash of its name.</summary>
    public static string For(string label, IReadOnlyList<string> labels)
    {
        int index = IndexOf(labels, label);
        if (index >= 0) return Palette[index % Palette.Length];
        // A string hash that is the same in every process (string.GetHashCode is randomised per run).
        uint hash = 2166136261;
        foreach (char c in label) hash = (hash ^ c) * 16777619;
        return Palette[hash % Palette.Length];
    }

    private static int IndexOf(IReadOnlyList<string> labels, string label)
    {
        for (int i = 0; i < labels.Count; i++)
            if (labels[i] == label) return i;
        return -1;
    }
}
