using Newtonsoft.Json.Linq;
using Nlp.Core.Model;

namespace Nlp.Sinks.Tests;

public sealed class JsonlSinkTests
{
    private static (Document, Provenance) Doc(string id, string text) =>
        (new Document(id, text) { Sentences = [new Span(0, text.Length)] }, SampleDocuments.ProvenanceOf(new Document(id, text), path: "/in/" + id + ".txt"));

    [Fact]
    public void OpeningRepairsWhatAKilledOrConcurrentRunLeft()
    {
        string path = Path.Combine(TestDatabases.TempDir(), "out.jsonl");
        var (a, pa) = Doc("a", "First text.");
        var (b, pb) = Doc("b", "Second text.");
        var (b2, pb2) = Doc("b", "Second text, changed.");
        using (var sink = JsonlSink.Open(path))
        {
            sink.Write(a, pa);
            sink.Write(b, pb);
        }
        string lineA = File.ReadAllLines(path)[0];
        string lineB2;
        using (var sink = JsonlSink.Open(Path.Combine(Path.GetDirectoryName(path)!, "other.jsonl"))) lineB2 = sink.Render(b2, pb2);
        // The same line twice, a line that is not JSON, a newer result for b, and a torn line at the end.
        File.AppendAllText(path, lineA + "\n" + "{\"id\": \"broken\"\n" + lineB2 + lineA[..(lineA.Length / 2)]);

        using (var sink = JsonlSink.Open(path))
        {
            Assert.Equal(2, sink.ResumedCount);
            Assert.True(sink.Contains(pa.Key));
            Assert.True(sink.Contains(pb2.Key));
            Assert.False(sink.Contains(pb.Key));
            Assert.Equal(3, sink.DroppedLines); // the duplicate, the broken line, the superseded b
            Assert.Equal(1, sink.TornLines);    // reported apart: the runner tells the user its document is redone
        }
        var lines = File.ReadAllLines(path).Select(JObject.Parse).ToList();
        Assert.Equal(["a", "b"], lines.Select(l => (string)l["id"]!).ToList());
        Assert.Equal(b2.Text, (string)lines[1]["text"]!);
    }

    [Fact]
    public void WritingAKeyTheFileHoldsDoesNothing()
    {
        string path = Path.Combine(TestDatabases.TempDir(), "out.jsonl");
        var (a, pa) = Doc("a", "First text.");
        using (var sink = JsonlSink.Open(path)) sink.Write(a, pa);
        var before = File.ReadAllBytes(path);
        using (var sink = JsonlSink.Open(path))
        {
            sink.Write(a, pa with { ExtractedAt = DateTimeOffset.UnixEpoch });
            Assert.Equal(0, sink.Written);
        }
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void InEventsModeATornCompletionRecordLeavesItsDocumentToBeWrittenAgain()
    {
        string path = Path.Combine(TestDatabases.TempDir(), "events.jsonl");
        var doc = SampleDocuments.Deportation();
        var provenance = SampleDocuments.ProvenanceOf(doc);
        using (var sink = JsonlSink.Open(path, JsonlRecords.Events)) sink.Write(doc, provenance);
        int events = File.ReadAllLines(path).Length;
        Assert.True(events > 0);
        // Killed while writing the completion record: half of it is on disk.
        var marker = File.ReadAllText(path + ".docs.jsonl");
        File.WriteAllText(path + ".docs.jsonl", marker[..(marker.Length / 2)]);

        using (var sink = JsonlSink.Open(path, JsonlRecords.Events))
        {
            Assert.Equal((1, 0, events), (sink.TornLines, sink.ResumedCount, sink.DroppedLines));
            Assert.False(sink.Contains(provenance.Key));
            sink.Write(doc, provenance);
        }
        Assert.Equal(events, File.ReadAllLines(path).Length);
        Assert.Single(File.ReadAllLines(path + ".docs.jsonl"));
    }
}
