namespace Nlp.Models.Native;

/// <summary>
/// Decides which libstdc++ version requirements may safely be made weak.
/// </summary>
/// <remarks>
/// Decision (deliberately narrower than "any GLIBCXX newer than the system's"): a requirement is
/// weakened only if ALL of these hold:
///  1. it is a requirement on libstdc++ (vn_file starts with "libstdc++.so");
///  2. the system's libstdc++ does not define that version (otherwise the load already works and
///     we leave the file alone - e.g. on Debian 13 / Ubuntu 24.04 nothing is patched); if the system
///     library could not be read, we treat it as providing nothing and rely on rule 3 alone;
///  3. every dynamic symbol bound to that version is in <see cref="LinkOnlySymbols"/>, i.e. known to
///     be referenced for link-time reasons only. For GLIBCXX_3.4.32 in TorchSharp 0.107 that is just
///     std::ios_base_library_init() (_ZSt21ios_base_library_initv): GCC 13 emits an undefined
///     reference to it from each TU that includes &lt;iostream&gt;, so that linking pulls in
///     libstdc++'s own iostream initialisation; no relocation uses it. With an older libstdc++ the
///     std::cout/cin objects are still initialised, by the static ios_base::Init objects of the
///     libraries built with older GCC that load alongside (libtorch_cpu, libc10).
/// Rule 3 is what keeps this honest: if a future TorchSharp needs a newer libstdc++ for a real
/// function, weakening would only turn a clear load error into a "symbol lookup error" crash in the
/// middle of a run. Such requirements are reported by <see cref="Unfixable"/> instead.
/// </remarks>
public sealed class LibStdCxxWeakeningPolicy
{
    /// <summary>Symbols that are referenced without being called or relocated against.</summary>
    public static readonly IReadOnlySet<string> LinkOnlySymbols =
        new HashSet<string>(StringComparer.Ordinal) { "_ZSt21ios_base_library_initv" };

    readonly IReadOnlySet<string> _provided;

    /// <param name="providedVersions">Versions the target system's libstdc++ defines
    /// (null or empty = unknown, then only rule 3 decides).</param>
    public LibStdCxxWeakeningPolicy(IReadOnlySet<string>? providedVersions) =>
        _provided = providedVersions ?? new HashSet<string>();

    /// <summary>The policy for this machine, reading the libstdc++ loaded in this process.</summary>
    public static LibStdCxxWeakeningPolicy ForThisSystem() => new(LibStdCxxProbe.ProvidedVersions());

    public bool ShouldWeaken(VersionRequirement r) =>
        IsLibStdCxx(r) && !_provided.Contains(r.Version) && UsesOnlyLinkOnlySymbols(r);

    /// <summary>Strong requirements the system cannot satisfy and we must not weaken: loading will fail.</summary>
    public IEnumerable<VersionRequirement> Unfixable(IEnumerable<VersionRequirement> requirements) =>
        requirements.Where(r => !r.IsWeak && IsLibStdCxx(r) && _provided.Count > 0
                                && !_provided.Contains(r.Version) && !UsesOnlyLinkOnlySymbols(r));

    static bool IsLibStdCxx(VersionRequirement r) => r.File.StartsWith("libstdc++.so", StringComparison.Ordinal);

    // Unknown symbol usage (no .gnu.version section) counts as "not safe".
    static bool UsesOnlyLinkOnlySymbols(VersionRequirement r) =>
        r.Symbols is not null && r.Symbols.All(LinkOnlySymbols.Contains);
}
