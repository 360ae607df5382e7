using Nlp.Models.Contextual;

namespace Nlp.Models.Tests.Contextual;

public class ContextClustersTests
{
    /// <summary>Three tight blobs in 8 dimensions, 50 points each, around far-apart centres.</summary>
    static List<float[]> Blobs(int seed = 1)
    {
        var rng = new Random(seed);
        var points = new List<float[]>();
        for (int blob = 0; blob < 3; blob++)
            for (int i = 0; i < 50; i++)
                points.Add(Enumerable.Range(0, 8).Select(d => (d == blob ? 10f : 0f) + (float)(rng.NextDouble() - 0.5)).ToArray());
        return points;
    }

    [Fact]
    public void Points_of_one_blob_share_a_cluster_and_blobs_do_not()
    {
        var points = Blobs();
        var clusters = ContextClusters.Fit(points, 8, [3], seed: 7);
        var codes = points.Select(p => clusters.Nearest(0, p)).ToList();
        for (int blob = 0; blob < 3; blob++) Assert.Single(codes.Skip(blob * 50).Take(50).Distinct());
        Assert.Equal(3, codes.Distinct().Count());
    }

    [Fact]
    public void Fitting_is_deterministic_for_a_seed_and_saving_keeps_the_assignments()
    {
        var points = Blobs();
        var a = ContextClusters.Fit(points, 8, [2, 6], seed: 3).RoundTripped();
        var b = ContextClusters.Fit(points, 8, [2, 6], seed: 3).RoundTripped();
        var path = Path.Combine(Path.GetTempPath(), $"nlp-clusters-{Guid.NewGuid():N}.bin.gz");
        try
        {
            a.Save(path);
            var loaded = ContextClusters.Load(path);
            Assert.Equal([2, 6], loaded.Sizes);
            foreach (var p in points)
                for (int level = 0; level < 2; level++)
                {
                    Assert.Equal(a.Nearest(level, p), b.Nearest(level, p));
                    Assert.Equal(a.Nearest(level, p), loaded.Nearest(level, p));
                }
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_file_that_is_not_a_codebook_is_refused_by_name()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nlp-clusters-{Guid.NewGuid():N}.bin.gz");
        try
        {
            using (var gz = new System.IO.Compression.GZipStream(File.Create(path), System.IO.Compression.CompressionLevel.Fastest))
                gz.Write("not a codebook"u8);
            var e = Assert.Throws<InvalidDataException>(() => ContextClusters.Load(path));
            Assert.Contains(path, e.Message);
        }
        finally { File.Delete(path); }
    }
}
