using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoundupBot.Editing;
using RoundupBot.Model;
using RoundupBot.Publishing.Outbox;
using RoundupBot.Storage;

namespace RoundupBot.Pipeline;

/// <summary>
/// The one "run the roundup" operation, however it is triggered (<c>roundup run</c>, the weekly schedule, the admin
/// page's button, Discord's <c>/roundup now</c>): fetch the due sources, build the issue of the items since the last one, freeze it
/// into the archive with one queued delivery per subscriber, and send what the outbox owes (this issue, and anything an
/// earlier run left unsent, such as after a kill). Only one run at a time in this process: a second trigger while one
/// is running gets <see cref="RoundupOutcome.AlreadyRunning"/> at once instead of waiting or running twice.
/// </summary>
/// <remarks>
/// With <c>Roundup:Review</c> on, the built issue becomes the draft instead (stored, sent to nobody, the editors told),
/// and <see cref="PublishDraftAsync"/> (approval, or <see cref="PublishOverdueDraftAsync"/> at the review deadline)
/// later archives and sends it the same way.
/// </remarks>
public sealed class RoundupRunner(
    FetchPipeline fetch,
    DigestBuilder builder,
    IRoundupStore store,
    DeliveryOutbox outbox,
    DraftNotifier notifier,
    TimeProvider timeProvider,
    IOptions<RoundupOptions> options,
    ILogger<RoundupRunner> logger)
{
    private int _running;

    /// <summary>True while a run is in progress in this process.</summary>
    public bool IsRunning => Volatile.Read(ref _running) == 1;

    /// <param name="trigger">Who asked ("cli", "schedule", "admin"): logged with the run.</param>
    /// <param name="publish">False for a dry run: the issue is built, nothing is archived, stored as a draft or sent.</param>
    /// <param name="progress">Told about each fetched source.</param>
    /// <param name="cancellationToken">Stops between and within steps; a published issue stays published.</param>
    /// <returns>The outcome; a window with too few items is not an error but an outcome with <see cref="RoundupOutcome.NotBuiltReason"/>.</returns>
    public async Task<RoundupOutcome> RunAsync(string trigger, bool publish, IProgress<SourceFetchOutcome>? progress, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
        {
            Log.RoundupAlreadyRunning(logger, trigger);
            return RoundupOutcome.AlreadyRunning;
        }

        try
        {
            using var scope = logger.BeginScope(new Dictionary<string, object> { ["Trigger"] = trigger });
            var report = await fetch.FetchDueAsync(progress, cancellationToken);
            // A draft past its deadline goes out before the next build, which would otherwise replace it untouched.
            var overdue = publish ? await PublishOverdueDraftAsync(trigger, cancellationToken) : null;
            Digest? digest = null;
            string? notBuilt = null;
            try
            {
                digest = await builder.BuildAsync(null, cancellationToken);
            }
            catch (NotEnoughItemsException ex)
            {
                Log.RoundupNotBuilt(logger, trigger, ex.Message);
                notBuilt = ex.Message;
            }

            if (!publish)
            {
                return new RoundupOutcome { Fetch = report, Digest = digest, NotBuiltReason = notBuilt };
            }

            var outcome = new RoundupOutcome { Fetch = report, Digest = digest, NotBuiltReason = notBuilt, OverdueDraftPublished = overdue };
            if (digest is not null && options.Value.Review)
            {
                outcome = await StoreDraftAsync(outcome, digest, trigger, cancellationToken);
            }
            else if (digest is not null)
            {
                await store.SaveDigestAsync(digest, timeProvider.GetUtcNow(), outbox.ConfiguredChannels, cancellationToken);
                Log.RoundupPublished(logger, digest.Number, digest.Sections.Count, trigger);
                outcome = outcome with { Published = true };
            }

            // Even without a new issue: a run is also how deliveries an earlier run could not finish get sent.
            return outcome with { Deliveries = await outbox.PublishDueAsync(cancellationToken) };
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>
    /// Archives the draft at <paramref name="draft"/>'s version (as the next number, should something have been archived
    /// since it was built) with one queued delivery per subscriber, exactly once however many publish it at once, then
    /// sends what the outbox owes, as a run does.
    /// </summary>
    /// <returns>The archived issue and the deliveries sent.</returns>
    /// <exception cref="DraftChangedException">The draft is no longer at that version (edited, rebuilt, discarded or already published); nothing was archived.</exception>
    public async Task<(Digest Digest, PublishReport Deliveries)> PublishDraftAsync(Draft draft, string trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var latest = await store.GetLatestDigestAsync(cancellationToken);
        var digest = Numbered(draft.Digest, (latest?.Number ?? 0) + 1);
        await store.PublishDraftAsync(draft.Version, digest, timeProvider.GetUtcNow(), outbox.ConfiguredChannels, cancellationToken);
        Log.DraftPublished(logger, digest.Number, trigger);
        return (digest, await outbox.PublishDueAsync(cancellationToken));
    }

    /// <summary>
    /// Publishes the draft as it stands when its review deadline has passed (on one instance only: the store's version
    /// check lets one publisher through).
    /// </summary>
    /// <returns>The issue published, or null when there was no overdue draft or another publisher came first.</returns>
    public async Task<Digest?> PublishOverdueDraftAsync(string trigger, CancellationToken cancellationToken)
    {
        if (await store.GetDraftAsync(cancellationToken) is not { Deadline: { } deadline } draft || deadline > timeProvider.GetUtcNow())
        {
            return null;
        }

        Log.DraftDeadlinePassed(logger, deadline);
        try
        {
            return (await PublishDraftAsync(draft, trigger, cancellationToken)).Digest;
        }
        catch (DraftChangedException)
        {
            Log.DraftPublishedElsewhere(logger, draft.Version);
            return null;
        }
    }

    private async Task<RoundupOutcome> StoreDraftAsync(RoundupOutcome outcome, Digest digest, string trigger, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var deadline = options.Value.ReviewDeadline is { } after ? now + after : (DateTimeOffset?)null;
        if (await store.SaveDraftAsync(digest, now, deadline, null, cancellationToken) is not { } draft)
        {
            var kept = await store.GetDraftAsync(cancellationToken);
            Log.DraftKept(logger, kept?.Version ?? 0, trigger);
            return outcome with { KeptDraft = kept };
        }

        Log.DraftStored(logger, digest.Number, draft.Version, trigger);
        return outcome with { Draft = draft, Notice = await notifier.NotifyAsync(draft, cancellationToken) };
    }

    /// <summary>The issue as number <paramref name="number"/>, its title's "#N" following.</summary>
    internal static Digest Numbered(Digest digest, int number)
    {
        if (digest.Number == number)
        {
            return digest;
        }

        var suffix = FormattableString.Invariant($" #{digest.Number}");
        var title = digest.Title.EndsWith(suffix, StringComparison.Ordinal)
            ? digest.Title[..^suffix.Length] + FormattableString.Invariant($" #{number}")
            : digest.Title;
        return digest with { Number = number, Title = title };
    }
}
