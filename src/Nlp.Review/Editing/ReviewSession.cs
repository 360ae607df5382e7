using Nlp.Core.Formats;
using Nlp.Core.Model;
using Nlp.Review.Storage;

namespace Nlp.Review.Editing;

/// <summary>The outcome of an edit: the document as it now is, or the reason it was refused (nothing changed).</summary>
public sealed record EditOutcome(bool Accepted, string? Error, IReadOnlyList<string> Warnings);

/// <summary>
/// Everything the review app knows: the predictions file, the corrections file, every document's state and one undo
/// history for the whole session. Each change is checked (<see cref="EditCheck"/>) and then saved at once
/// (<see cref="CorrectionsFile"/>), so that nothing is lost when the app is stopped. One lock: a reviewer's clicks
/// come one at a time, and the tests' requests must see each other's results.
/// </summary>
public sealed class ReviewSession
{
    private readonly object _gate = new();
    private readonly List<ReviewedDocument> _documents;
    private readonly List<(int Document, Document State, Layer Reviewed, bool Touched, DateTimeOffset? At)> _undo = [];
    private readonly TimeProvider _clock;

    public ReviewSession(ReviewOptions options, TimeProvider? clock = null)
    {
        Options = options;
        _clock = clock ?? TimeProvider.System;
        var reader = new JsonlReader(options.Reader with { OnBadLine = BadLinePolicy.Skip });
        _documents = reader.Read(options.Predictions).Select(d => new ReviewedDocument(d)).ToList();
        LoadProblems = reader.Problems.Select(p => p.Message).ToList();

        // Both files keep the input order, so a repeated id is matched in turn: the n-th correction with the n-th prediction.
        var byId = _documents.Select((d, i) => (d.Id, i)).GroupBy(x => x.Id).ToDictionary(g => g.Key, g => new Queue<int>(g.Select(x => x.i)));
        foreach (var (saved, reviewed, at) in CorrectionsFile.Read(options.Corrections, options.Reader))
        {
            // A document corrected earlier continues from its correction; one no longer among the predictions is kept.
            if (!byId.TryGetValue(saved.Id, out var same) || !same.TryDequeue(out int i)) { i = _documents.Count; _documents.Add(new ReviewedDocument(saved)); }
            _documents[i].Current = saved;
            _documents[i].Reviewed = reviewed;
            _documents[i].ReviewedAt = at;
            _documents[i].Touched = true;
        }
    }

    public ReviewOptions Options { get; }

    /// <summary>Lines of the predictions file that could not be read (reported at start, the others are reviewed).</summary>
    public IReadOnlyList<string> LoadProblems { get; }

    public int Count => _documents.Count;

    public T Read<T>(Func<IReadOnlyList<ReviewedDocument>, T> read)
    {
        lock (_gate) return read(_documents);
    }

    public bool CanUndo(int document)
    {
        lock (_gate) return _undo.Any(u => u.Document == document);
    }

    public EditOutcome Edit(int document, EditRequest edit)
    {
        lock (_gate)
        {
            var reviewed = At(document);
            Document edited;
            try
            {
                edited = EditOperations.Apply(reviewed.Current, edit);
            }
            catch (EditRefusedException e)
            {
                return new EditOutcome(false, e.Message, []);
            }
            var problems = EditCheck.Problems(edited, Options.Reader);
            if (problems.FirstOrDefault(p => p.Severity == Severity.Error) is { } error)
                return new EditOutcome(false, error.Message, []);
            Remember(document, reviewed);
            reviewed.Current = edited;
            if (Changed(reviewed) is { } notSaved) return new EditOutcome(false, notSaved, []);
            return new EditOutcome(true, null, problems.Select(p => p.Message).ToList());
        }
    }

    /// <summary>Declares which layers of a document the reviewer has gone through; the reason when it could not be
    /// saved (then nothing changed), else null.</summary>
    public string? SetReviewed(int document, Layer layers)
    {
        lock (_gate)
        {
            var reviewed = At(document);
            if (reviewed.Reviewed == layers) return null;
            Remember(document, reviewed);
            reviewed.Reviewed = layers;
            return Changed(reviewed);
        }
    }

    /// <summary>Takes back the last change of that document (or of the whole session when null); false when none.</summary>
    public bool Undo(int? document)
    {
        lock (_gate)
        {
            int last = _undo.FindLastIndex(u => document is null || u.Document == document);
            if (last < 0) return false;
            var (index, state, layers, touched, at) = _undo[last];
            _undo.RemoveAt(last);
            var reviewed = _documents[index];
            (reviewed.Current, reviewed.Reviewed, reviewed.Touched, reviewed.ReviewedAt) = (state, layers, touched, at);
            // An undo that cannot be saved stays in memory: the next successful save writes it.
            TrySave();
            return true;
        }
    }

    public void Save()
    {
        lock (_gate) CorrectionsFile.Save(Options.Corrections, _documents, Options.Reviewer);
    }

    private ReviewedDocument At(int document) =>
        document >= 0 && document < _documents.Count ? _documents[document] : throw new KeyNotFoundException($"no document #{document}");

    private void Remember(int document, ReviewedDocument reviewed) =>
        _undo.Add((document, reviewed.Current, reviewed.Reviewed, reviewed.Touched, reviewed.ReviewedAt));

    /// <summary>Marks and saves a change; when the file cannot be written the change is taken back (what the
    /// page shows is what the file holds) and the reason returned.</summary>
    private string? Changed(ReviewedDocument reviewed)
    {
        var before = _undo[^1];
        reviewed.Touched = true;
        reviewed.ReviewedAt = _clock.GetUtcNow();
        if (TrySave() is not { } problem) return null;
        _undo.RemoveAt(_undo.Count - 1);
        (reviewed.Current, reviewed.Reviewed, reviewed.Touched, reviewed.ReviewedAt) = (before.State, before.Reviewed, before.Touched, before.At);
        return problem;
    }

    private string? TrySave()
    {
        try
        {
            Save();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"not saved, so not done: cannot write {Options.Corrections}: {e.Message}";
        }
    }
}
