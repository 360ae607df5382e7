namespace Nlp.Review;

/// <summary>The script, style sheets and page shipped inside this assembly (Assets/*): the report and the web app
/// never load anything from elsewhere.</summary>
public static class EmbeddedAssets
{
    public static string Read(string name)
    {
        using var stream = typeof(EmbeddedAssets).Assembly.GetManifestResourceStream($"Assets/{name}")
            ?? throw new InvalidOperationException($"asset {name} is not embedded in {typeof(EmbeddedAssets).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static bool Exists(string name) =>
        typeof(EmbeddedAssets).Assembly.GetManifestResourceInfo($"Assets/{name}") is not null;
}
