using Nlp.Core.Model;

namespace Nlp.Models;

/// <summary>
/// The models read the text stage's tokens and sentences (Nlp.Text's TextStage, the "segment" stage) and never cut
/// text themselves: a model then trains, is scored and predicts on the segmentation that <c>extract</c> ships, and a
/// tokenizer change reaches every model through the one stage. Whoever reads documents from files (the commands, the
/// tests) runs that stage; a document that comes without its layers is refused by name.
/// </summary>
public static class TextLayers
{
    public static void Require(Document document, string reader)
    {
        if (document.Tokens is null || document.Sentences is null)
            throw new ArgumentException($"document {document.Id}: {reader} reads tokens and sentences; run the segment stage (TextStage) first");
    }

    /// <summary>The documents, each checked to carry the text stage's layers.</summary>
    public static List<Document> Require(IEnumerable<Document> documents, string reader)
    {
        var list = documents.ToList();
        foreach (var d in list) Require(d, reader);
        return list;
    }
}
