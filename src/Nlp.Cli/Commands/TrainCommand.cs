using System.CommandLine;

namespace Nlp.Cli.Commands;

/// <summary><c>nlp train ...</c>: the parent of the training commands (on this branch: events and relations).</summary>
internal static class TrainCommand
{
    public static Command Create(CliConsole console) => new("train", "train a model")
    {
        TrainEventsCommand.Create(console),
        TrainRelationsCommand.Create(console),
    };
}
