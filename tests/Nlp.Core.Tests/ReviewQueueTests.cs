using System.Collections.Immutable;
using Nlp.Core.Model;
using Nlp.Core.Review;

namespace Nlp.Core.Tests;

public class ReviewQueueTests
{
    const string Text = "Anna moved to Oslo in 1937.";
    static readonly Span Anna = new(0, 4), Moved = new(5, 10), Oslo = new(14, 18), Year = new(22, 26);

    static Document Doc(string id, params Entity[] entities) => new(id, Text) { Entities = [.. entities] };

    [Fact]
    public void Items_come_least_confident_first_and_documents_by_expected_errors()
    {
        var sure = Doc("sure", new Entity("T1", Anna, "PERSON", 0.95), new Entity("T2", Oslo, "GPE", 0.9));
        var doubtful = Doc("doubtful", new Entity("T1", Anna, "PERSON", 0.9), new Entity("T2", Oslo, "GPE", 0.3), new Entity("T3", Year, "DATE")) with
        {
            Events = [new Event("E1", "MIGRATE", Moved, [new Argument("Migrant", Anna, 0.6)], 0.8)],
            Relations = [new Relation("R1", "RESIDES_IN", Anna, Oslo, 0.45)],
        };

        var queue = ReviewQueue.Build([sure, doubtful]);

        Assert.Equal(["doubtful", "sure"], queue.Select(e => e.Document.Id));
        var items = queue[0].Items;
        Assert.Equal(["entities GPE", "relations RESIDES_IN", "entities DATE", "arguments MIGRATE.Migrant", "events MIGRATE", "entities PERSON"],
            items.Select(i => $"{i.Layer} {i.Label}"));
        Assert.Equal(0.7, items[0].Score, 9);
        Assert.Equal(ReviewQueue.MissingConfidence, items[2].Score, 9); // no confidence: a coin flip
        Assert.Equal(0.7 + 0.55 + 0.5 + 0.4 + 0.2 + 0.1, queue[0].ExpectedErrors, 9);
        Assert.Equal(0.15, queue[1].ExpectedErrors, 9);
        Assert.All(queue.SelectMany(e => e.Items), i => Assert.False(i.Disagreement));
    }

    [Fact]
    public void Items_one_profile_predicts_and_the_other_does_not_are_disagreements_that_come_first()
    {
        var fast = Doc("d", new Entity("T1", Anna, "PERSON", 0.9), new Entity("T2", Oslo, "GPE", 0.8), new Entity("T3", Year, "DATE", 0.99));
        var accurate = Doc("d", new Entity("T1", Anna, "PERSON", 0.7), new Entity("T2", Oslo, "LOC", 0.9), new Entity("T3", Year, "DATE", 0.97));

        var items = ReviewQueue.Build([fast], [accurate]).Single().Items;

        // GPE vs LOC on Oslo: two disagreements; Anna and 1937 agreed on, scored by the mean confidence.
        Assert.Equal(["GPE fast 0.8 -", "LOC fast - 0.9", "PERSON fast 0.9 0.7", "DATE fast 0.99 0.97"],
            items.Select(i => $"{i.Label} fast {i.Confidence?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {i.OtherConfidence?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}"));
        Assert.Equal([true, true, false, false], items.Select(i => i.Disagreement));
        Assert.Equal(0.6, items[0].Score, 9);
        Assert.Equal(0.55, items[1].Score, 9);
        Assert.Equal(0.2, items[2].Score, 9);
    }

    [Fact]
    public void A_second_prediction_of_other_documents_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => ReviewQueue.Build([Doc("a")], [Doc("b")]));
        Assert.Throws<InvalidDataException>(() => ReviewQueue.Build([Doc("a")], [new Document("a", "Other text.")]));
    }

    [Fact]
    public void Queue_lines_count_offsets_in_code_points_like_the_file_format()
    {
        var doc = new Document("d", "𝔄 Anna left.") { Entities = [new Entity("T1", new Span(3, 7), "PERSON", 0.4)] }; // 𝔄 is two UTF-16 units
        var line = ReviewQueue.ToJson(ReviewQueue.Build([doc]).Single(), rank: 1);
        var span = line["queue"]![0]!["spans"]![0]!;
        Assert.Equal(2, (int)span["start"]!);
        Assert.Equal(6, (int)span["end"]!);
        Assert.Equal("Anna", (string)span["text"]!);
        Assert.Equal("d", (string)line["document_id"]!);
        Assert.Equal(0.6, (double)line["expected_errors"]!, 9);
    }
}
