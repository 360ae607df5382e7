namespace Nlp.Review.Editing;

/// <summary>
/// One edit as the page sends it. Offsets are UTF-16 indices into the document's original text (JavaScript string
/// indices, as the page measures a selection); the saved file counts code points, converted by the document format.
/// Which fields matter depends on <see cref="Op"/>: see <see cref="EditOperations"/>.
/// </summary>
public sealed record EditRequest(
    string Op,
    int? Index = null,
    int? Argument = null,
    int? Start = null,
    int? End = null,
    string? Label = null,
    string? Type = null,
    string? Role = null,
    int? Head = null,
    int? Tail = null,
    string? Kind = null);

/// <summary>An edit the page asked for that cannot be made (an index that does not exist, a span outside the
/// text); the checks of the document format and the schema answer everything else.</summary>
public sealed class EditRefusedException(string message) : Exception(message);
