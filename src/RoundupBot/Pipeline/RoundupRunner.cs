using Microsoft.Extensions.Logging;
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
public sealed class RoundupRunner(
    FetchPipeline fetch,
    DigestBuilder builder,
    IRoundupStore store,
    DeliveryOutbox outbox,
    TimeProvider timeProvider,
    ILogger<RoundupRunner> logger)
{
    private int _running;

    /// <summary>True while a run is in progress in this process.</summary>
    public bool IsRunning => Volatile.Read(ref _running) == 1;

    /// <param name="trigger">Who asked ("cli", "schedule", "admin"): logged with the run.</param>
    /// <param name="publish">False for a dry run: the issue is built, nothing is archived or sent.</param>
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

            if (digest is not null)
            {
                await store.SaveDigestAsync(digest, timeProvider.GetUtcNow(), outbox.ConfiguredChannels, cancellationToken);
                Log.RoundupPublished(logger, digest.Number, digest.Sections.Count, trigger);
            }

            // Even without a new issue: a run is also how deliveries an earlier run could not finish get sent.
            var deliveries = await outbox.PublishDueAsync(cancellationToken);
            return new RoundupOutcome { Fetch = report, Digest = digest, Published = digest is not null, NotBuiltReason = notBuilt, Deliveries = deliveries };
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }
}
