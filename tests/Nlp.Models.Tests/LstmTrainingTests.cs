using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Nlp.Models.Tests;

/// <summary>End to end: libtorch really runs forward and backward through an LSTM on this machine.</summary>
public class LstmTrainingTests(ITestOutputHelper output)
{
    /// <summary>Embedding -> LSTM -> linear head on the last time step.</summary>
    sealed class TinyLstm : nn.Module<Tensor, Tensor>
    {
        readonly Embedding _embed;
        readonly LSTM _lstm;
        readonly Linear _head;

        public TinyLstm(int vocab, int embed, int hidden) : base(nameof(TinyLstm))
        {
            _embed = nn.Embedding(vocab, embed);
            _lstm = nn.LSTM(embed, hidden, batchFirst: true);
            _head = nn.Linear(hidden, vocab);
            RegisterComponents();
        }

        public override Tensor forward(Tensor tokens) // [batch, time] int64 -> [batch, vocab] logits
        {
            using var x = _embed.call(tokens);
            var (output, h, c) = _lstm.call(x, null);
            h.Dispose();
            c.Dispose();
            using (output)
            using (var last = output[.., -1, ..])
                return _head.call(last);
        }
    }

    [Fact]
    public void Lstm_learns_to_recall_the_first_token()
    {
        const int vocab = 6, seqLen = 8, batch = 32, steps = 150;
        TorchSetup.Seed(1234, threads: 1);
        var clock = Stopwatch.StartNew();

        // Fixed task: the label is the first token, so the LSTM must carry it across 7 distractors.
        using var tokens = randint(0, vocab, [batch, seqLen], dtype: int64);
        using var labels = tokens[.., 0].clone();

        using var model = new TinyLstm(vocab, embed: 8, hidden: 32);
        using var optimizer = optim.Adam(model.parameters(), lr: 0.01);
        var losses = new List<float>();
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.call(tokens), labels);
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }

        Assert.All(losses, l => Assert.True(float.IsFinite(l)));
        output.WriteLine($"LSTM loss {losses[0]:F3} -> {losses[^1]:F3} in {clock.Elapsed.TotalSeconds:F2} s");
        Assert.True(losses[^1] < 0.5f * losses[0], $"loss {losses[0]:F3} -> {losses[^1]:F3}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Same_seed_gives_same_initial_weights()
    {
        TorchSetup.Seed(7, threads: 1);
        using var a = nn.Linear(4, 3);
        TorchSetup.Seed(7, threads: 1);
        using var b = nn.Linear(4, 3);
        Assert.True(a.weight!.eq(b.weight!).all().item<bool>());
    }
}
