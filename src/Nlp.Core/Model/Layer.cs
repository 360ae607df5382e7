namespace Nlp.Core.Model;

/// <summary>The annotation layers of a document. Stages declare which they read and which they write.</summary>
[Flags]
public enum Layer
{
    None = 0,
    Text = 1,
    Sentences = 2,
    Tokens = 4,
    Entities = 8,
    Events = 16,
    Relations = 32,
    Zones = 64,
}
