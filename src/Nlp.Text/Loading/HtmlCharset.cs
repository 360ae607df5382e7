using System.Text;
using System.Text.RegularExpressions;

namespace Nlp.Text.Loading;

/// <summary>The charset an HTML file declares in its first kilobytes (&lt;meta charset&gt; or http-equiv), if any.</summary>
internal static partial class HtmlCharset
{
    public static string? Declared(byte[] bytes)
    {
        // The declaration is ASCII in every encoding the loader accepts without a byte-order mark.
        var head = Encoding.Latin1.GetString(bytes, 0, Math.Min(bytes.Length, 4096));
        var match = MetaCharset().Match(head);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"<meta[^>]+charset\s*=\s*[""']?\s*([A-Za-z0-9_\-:.]+)", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();
}
