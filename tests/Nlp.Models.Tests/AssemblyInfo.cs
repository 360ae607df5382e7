// Torch's RNG and thread settings are process-wide: tests that seed them must not run side by side,
// or dropout draws interleave and "same seed, same result" stops holding.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
