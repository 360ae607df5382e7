using System.Globalization;
using System.Net;

namespace Nlp.Review.Report;

/// <summary>Every piece of document data goes into markup through here: encoded, never as markup.</summary>
internal static class Html
{
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Confidence(double? c) => c is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "—";
}
