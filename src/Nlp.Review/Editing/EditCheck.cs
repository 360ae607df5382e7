using Nlp.Core.Formats;
using Nlp.Core.Model;

namespace Nlp.Review.Editing;

/// <summary>
/// The checks of <c>nlp validate</c> on an edited document, and no others: the format's parser (offsets in range,
/// required fields), through a round trip of the document as it would be saved, then <see cref="DocumentValidator"/>
/// against the schema the file was read with.
/// </summary>
public static class EditCheck
{
    public static IReadOnlyList<ValidationProblem> Problems(Document edited, ReaderOptions options)
    {
        Document reparsed;
        try
        {
            reparsed = DocumentJson.FromJObject(DocumentJson.ToJObject(edited));
        }
        catch (DocumentFormatException e)
        {
            return [new ValidationProblem(Severity.Error, e.Message)];
        }
        return DocumentValidator.Validate(reparsed, options.SchemaFor(reparsed));
    }
}
