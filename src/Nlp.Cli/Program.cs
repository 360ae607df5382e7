using System.CommandLine;
using Nlp.Cli.Commands;

namespace Nlp.Cli;

public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the command line with the given writers (tests call this in-process).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var console = new CliConsole(stdout, stderr);
        var root = new RootCommand("nlp: extraction of entities, relations and events from historical documents")
        {
            ConvertCommand.Create(console),
            ValidateCommand.Create(console),
            EvalCommand.Create(console),
            FoldsCommand.Create(console),
            CalibrateCommand.Create(console),
            SegmentCommand.Create(console),
            BenchCommand.Create(console),
            TrainCommand.Create(console),
            PredictCommand.Create(console),
            AnnotationsCommand.Create(console),
            ExtractCommand.Create(console),
            SiloCommand.Create(console),
            ClusterCommand.Create(console),
            GazetteerCommand.Create(console),
            WordVectorsCommand.Create(console),
            ModelsCommand.Create(console),
            RetrainCommand.Create(console),
            ShowCommand.Create(console),
            ReviewCommand.Create(console),
            ReviewQueueCommand.Create(console),
        };
        UsageRules.Apply(root);
        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        var parse = root.Parse(args);
        // Every command's usage errors end here, before its action runs: exit 2, nothing written.
        return parse.Errors.Count > 0 ? UsageRules.Report(parse, stderr) : parse.Invoke(config);
    }
}
