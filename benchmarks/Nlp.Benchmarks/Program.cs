using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Nlp.Benchmarks.RepoFiles).Assembly).Run(args);
