using System.Text;

namespace Nlp.Text.Loading;

/// <summary>
/// Encodings that throw on invalid bytes instead of substituting U+FFFD. Legacy code pages (Windows-1252,
/// KOI8-R, CP1251…) come from System.Text.Encoding.CodePages, which is part of the .NET shared framework;
/// its provider is asked directly, so nothing is registered globally.
/// </summary>
internal static class Encodings
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Encoding? Strict(string name)
    {
        var fallback = DecoderFallback.ExceptionFallback;
        try
        {
            return Encoding.GetEncoding(name, EncoderFallback.ExceptionFallback, fallback);
        }
        catch (ArgumentException)
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(name, EncoderFallback.ExceptionFallback, fallback);
        }
    }

    public static bool TryDecodeUtf8(byte[] bytes, out string text)
    {
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            text = "";
            return false;
        }
        text = StrictUtf8.GetString(bytes);
        return true;
    }
}
