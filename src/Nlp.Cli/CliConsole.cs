using Nlp.Core.Formats;

namespace Nlp.Cli;

/// <summary>
/// Where a command writes, and the one place that turns the product's exceptions into clear
/// messages and exit codes (1: bad input or failure, 2: wrong usage).
/// </summary>
public sealed class CliConsole(TextWriter output, TextWriter error)
{
    public TextWriter Out { get; } = output;
    public TextWriter Error { get; } = error;

    public int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (DocumentFormatException e)
        {
            Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (Nlp.Text.Loading.DocumentLoadException e)
        {
            Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (UsageException e)
        {
            Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or InvalidDataException)
        {
            Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}

/// <summary>A command was called with options that do not fit together.</summary>
public sealed class UsageException(string message) : Exception(message);
