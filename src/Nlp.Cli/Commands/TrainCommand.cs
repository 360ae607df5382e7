using System.CommandLine;

namespace Nlp.Cli.Commands;

/// <summary><c>nlp train KIND ...</c>: one subcommand per trainable component (ner, events, relations).</summary>
internal static class TrainCommand
{
    public static Command Create(CliConsole console) => new("train", "train a model and save it to a folder with its manifest")
    {
        TrainNerCommand.Create(console),
        TrainEventsCommand.Create(console),
        TrainRelationsCommand.Create(console),
    };
}
