using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Publishing.Outbox;
using RoundupBot.Storage;

namespace RoundupBot.Editing;

/// <summary>
/// The editor's desk: every change to the draft, whoever makes it (the command line, Discord, the admin page), goes
/// through here. Each names the version it was made on (null: the current one, for a person who just looked at it) and
/// is refused with <see cref="DraftChangedException"/> ("changed meanwhile, reload") when the draft has moved on; an edit
/// is one of <see cref="DraftEdits"/>' pure operations, saved at once. Approval publishes through
/// <see cref="RoundupRunner.PublishDraftAsync"/>, the same archive and outbox as every issue.
/// </summary>
public sealed class DraftDesk(
    IRoundupStore store,
    RoundupRunner runner,
    DigestBuilder builder,
    TimeProvider timeProvider,
    IOptions<RoundupOptions> options,
    ILogger<DraftDesk> logger)
{
    /// <summary>The draft, or null when there is none.</summary>
    public Task<Draft?> GetAsync(CancellationToken cancellationToken) => store.GetDraftAsync(cancellationToken);

    /// <summary>Applies <paramref name="edit"/> (one of <see cref="DraftEdits"/>) to the draft and saves it.</summary>
    /// <param name="version">The version the editor saw; null for the current one.</param>
    /// <param name="change">What the edit is, for the log ("rename section 2").</param>
    /// <param name="edit">The change; it throws <see cref="DraftEditException"/> for bad input.</param>
    /// <param name="editor">Who made it ("cli", "admin", a Discord user id), for the log.</param>
    /// <param name="cancellationToken">Stops before the change is saved.</param>
    /// <returns>The draft at its new version.</returns>
    /// <exception cref="NoDraftException">There is no draft.</exception>
    /// <exception cref="DraftChangedException">The draft is not at <paramref name="version"/> any more; nothing changed.</exception>
    /// <exception cref="DraftEditException">The edit cannot be made as asked; nothing changed.</exception>
    public async Task<Draft> EditAsync(int? version, string change, Func<Digest, Digest> edit, string editor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var draft = await CurrentAsync(version, cancellationToken);
        var saved = await store.UpdateDraftAsync(draft.Version, edit(draft.Digest), cancellationToken);
        Log.DraftEdited(logger, change, editor, saved.Version);
        return saved;
    }

    /// <summary>Applies an edited <c>digest.json</c> (see <see cref="DraftJsonEdit"/>).</summary>
    /// <exception cref="NoDraftException">There is no draft.</exception>
    /// <exception cref="DraftChangedException">The draft is not at <paramref name="version"/> any more.</exception>
    /// <exception cref="DraftEditException">The JSON is not a digest or changes what a draft may not; nothing changed.</exception>
    public Task<Draft> ApplyJsonAsync(int? version, string json, string editor, CancellationToken cancellationToken) =>
        EditAsync(version, "digest.json", digest => DraftJsonEdit.Apply(digest, json), editor, cancellationToken);

    /// <summary>Builds the issue again from the current window and puts it in place of the draft, edited or not.</summary>
    /// <exception cref="NoDraftException">There is no draft.</exception>
    /// <exception cref="DraftChangedException">The draft is not at <paramref name="version"/> any more.</exception>
    /// <exception cref="NotEnoughItemsException">The window holds too few items for an issue now; the draft stays.</exception>
    public async Task<Draft> RebuildAsync(int? version, string editor, CancellationToken cancellationToken)
    {
        var draft = await CurrentAsync(version, cancellationToken);
        var digest = await builder.BuildAsync(null, cancellationToken);
        var now = timeProvider.GetUtcNow();
        var deadline = options.Value.ReviewDeadline is { } after ? now + after : (DateTimeOffset?)null;
        var rebuilt = (await store.SaveDraftAsync(digest, now, deadline, draft.Version, cancellationToken))!;
        Log.DraftRebuilt(logger, editor, rebuilt.Version);
        return rebuilt;
    }

    /// <summary>Archives and publishes the draft, exactly once (a second approval finds no draft).</summary>
    /// <returns>The issue as archived and the deliveries sent.</returns>
    /// <exception cref="NoDraftException">There is no draft (perhaps it was just approved).</exception>
    /// <exception cref="DraftChangedException">The draft is not at <paramref name="version"/> any more; nothing was published.</exception>
    public async Task<(Digest Digest, PublishReport Deliveries)> ApproveAsync(int? version, string editor, CancellationToken cancellationToken)
    {
        var draft = await CurrentAsync(version, cancellationToken);
        return await runner.PublishDraftAsync(draft, "approved by " + editor, cancellationToken);
    }

    /// <summary>Throws the draft away; the next build makes a new one from the same window.</summary>
    /// <exception cref="NoDraftException">There is no draft.</exception>
    /// <exception cref="DraftChangedException">The draft is not at <paramref name="version"/> any more.</exception>
    public async Task DiscardAsync(int? version, string editor, CancellationToken cancellationToken)
    {
        var draft = await CurrentAsync(version, cancellationToken);
        await store.DiscardDraftAsync(draft.Version, cancellationToken);
        Log.DraftDiscarded(logger, editor, draft.Version);
    }

    private async Task<Draft> CurrentAsync(int? version, CancellationToken cancellationToken)
    {
        var draft = await store.GetDraftAsync(cancellationToken);
        if (draft is null)
        {
            throw version is { } expected ? new DraftChangedException(expected, null) : new NoDraftException();
        }

        if (version is { } seen && seen != draft.Version)
        {
            throw new DraftChangedException(seen, draft.Version);
        }

        return draft;
    }
}
