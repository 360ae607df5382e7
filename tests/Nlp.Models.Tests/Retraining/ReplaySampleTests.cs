using Nlp.Core.Model;
using Nlp.Models.MaxEnt;

namespace Nlp.Models.Tests.Retraining;

/// <summary>What a tagger finetune trains on: the replay sample and the corrections weighed against it.</summary>
public class ReplaySampleTests
{
    static List<Document> Documents(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => new Document($"{prefix}{i}", "x")).ToList();

    [Theory]
    [InlineData(4, 70, 18)]   // 17.5 rounds up: four corrections weigh 72 against 70 replayed documents
    [InlineData(20, 70, 4)]
    [InlineData(100, 70, 1)] // more corrections than replay: each once
    [InlineData(5, 0, 1)]    // no replay: the corrections alone, once
    public void Each_correction_is_repeated_so_that_the_corrections_weigh_as_much_as_the_replay(int corrections, int replay, int repeats) =>
        Assert.Equal(repeats, ReplaySample.Repeats(corrections, replay));

    [Fact]
    public void Mix_puts_every_correction_in_as_often_as_repeats_says_and_every_replayed_document_once()
    {
        var corrections = Documents("c", 3);
        var replay = Documents("r", 10);

        var mixed = ReplaySample.Mix(corrections, replay);

        Assert.Equal(3 * 3 + 10, mixed.Count);
        Assert.All(corrections, c => Assert.Equal(3, mixed.Count(d => d.Id == c.Id)));
        Assert.All(replay, r => Assert.Single(mixed, d => d.Id == r.Id));
    }

    [Fact]
    public void The_replay_draw_is_seeded_and_keeps_the_original_order()
    {
        var all = Documents("r", 40);
        var a = ReplaySample.Draw(all, 0.25, 13);
        Assert.Equal(10, a.Count);
        Assert.Equal(a.Select(d => d.Id), ReplaySample.Draw(all, 0.25, 13).Select(d => d.Id));
        Assert.NotEqual(a.Select(d => d.Id), ReplaySample.Draw(all, 0.25, 14).Select(d => d.Id));
        Assert.Equal(a.OrderBy(d => all.IndexOf(d)).Select(d => d.Id), a.Select(d => d.Id));
    }
}
