using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Publishing.Outbox;
using RoundupBot.Rendering;
using RoundupBot.Storage;

namespace RoundupBot.Publishing.Discord;

/// <summary>
/// The outbox's Discord channel: posts each due delivery's issue through the subscriber's webhook, as the ordered
/// messages <see cref="DiscordRenderer"/> makes of it (rendered once per issue), recording each message as Discord
/// answers with its id, so a stopped delivery resumes at the first part without a record.
/// </summary>
/// <remarks>
/// <para>
/// <b>The part in flight.</b> A part is recorded only after Discord has answered with its message id. If the publisher
/// dies (kill, crash, power) after sending a part but before recording it, nobody can tell whether Discord stored it:
/// webhooks take no idempotency key, and a webhook token cannot list a channel's messages. Email takes the other side
/// of that bet (a message handed over in full is never sent again, see <see cref="DeliveryStatus.Interrupted"/>),
/// because a second copy of a whole issue in someone's inbox is the worse outcome. For Discord it is not: a missing
/// part leaves a hole in the middle of the issue (a section or the "In today's edition" list gone, with nothing to say
/// so), while a repeated part is one message shown twice, in order. So the delivery is never marked committed
/// (recovery puts it back in the queue) and the resumed delivery <b>posts the in-flight part again</b>: at most that one
/// part can appear twice, every other part exactly once, none missing. The resume is logged with the part it restarts at.
/// </para>
/// <para>
/// Forum channels: the first part carries <c>thread_name</c> (<see cref="DiscordRenderer.ThreadName"/>) and opens a
/// post; later parts go into it (<see cref="DiscordWebhookTarget.InThread"/>, the post's id recorded with the first
/// part, so a resume finds it). A channel not known to be a forum is learnt from Discord's refusal (220001) of the
/// first part, which is then sent again as a post. Thread subscriptions post every part with their <c>thread_id</c>.
/// </para>
/// <para>
/// Outcomes: a deleted webhook (404, 10015; or 401, 50027) fails the delivery and retires the subscription at once
/// (<see cref="DeliveryOutcome.RetireReason"/>); a refused body (4xx) fails it with Discord's error paths; a transient failure
/// (5xx, timeouts, rate limited too long, after the client's own retries) leaves it for the retry job with
/// <see cref="DeliveryRetry"/>'s backoff, keeping the parts already posted. Webhook tokens are never logged: webhooks
/// appear as their subscriber's label or <c>webhooks/ID/***</c>.
/// </para>
/// <para>
/// Up to <see cref="Parallelism"/> deliveries are sent at once (each claimed on its own, so each webhook's parts stay
/// in order): webhooks have separate rate limits, and <see cref="DiscordWebhookClient"/> keeps the global one.
/// </para>
/// </remarks>
public sealed class DiscordPublisher(
    IRoundupStore store,
    DiscordWebhookClient client,
    IOptions<DiscordOptions> discord,
    IOptions<RoundupOptions> roundup,
    TimeProvider timeProvider,
    ILogger<DiscordPublisher> logger) : IDeliveryPublisher
{
    /// <summary>Deliveries sent at the same time, each to its own webhook.</summary>
    public const int Parallelism = 8;

    /// <summary>What a retired subscription's <see cref="Subscriber.LastError"/> says when Discord deleted its webhook.</summary>
    public const string UnknownWebhookReason = "Discord says this webhook no longer exists (10015)";

    private const int ForumNeedsThreadName = 220001;

    public DeliveryChannel Channel => DeliveryChannel.Discord;

    /// <summary>
    /// Always true: webhooks need no credentials of ours, each subscription carries its own. Deliveries are queued only
    /// for confirmed Discord subscribers, so with none nothing is queued.
    /// </summary>
    public bool IsConfigured => true;

    /// <inheritdoc />
    public async Task<PublishReport> PublishDueAsync(string claimant, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(claimant);
        var issues = new ConcurrentDictionary<int, Lazy<Task<RenderedIssue?>>>();
        var counts = new ConcurrentDictionary<DeliveryStatus, int>();
        var workers = Enumerable.Range(0, Parallelism).Select(_ => WorkAsync(claimant, lease, issues, counts, cancellationToken));
        await Task.WhenAll(workers);
        return new PublishReport
        {
            Sent = counts.GetValueOrDefault(DeliveryStatus.Sent),
            Failed = counts.GetValueOrDefault(DeliveryStatus.Failed),
            Retrying = counts.GetValueOrDefault(DeliveryStatus.Pending),
            Skipped = counts.GetValueOrDefault(DeliveryStatus.Skipped),
            Interrupted = counts.GetValueOrDefault(DeliveryStatus.Interrupted),
        };
    }

    private async Task WorkAsync(string claimant, TimeSpan lease, ConcurrentDictionary<int, Lazy<Task<RenderedIssue?>>> issues, ConcurrentDictionary<DeliveryStatus, int> counts, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var delivery = await store.ClaimDeliveryAsync(DeliveryChannel.Discord, claimant, timeProvider.GetUtcNow(), lease, cancellationToken);
            if (delivery is null)
            {
                return;
            }

            DeliveryOutcome outcome;
            try
            {
                outcome = await DeliverAsync(delivery, issues, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Stopping (Ctrl+C, shutdown): back to the queue; the recorded parts are kept and the in-flight one is
                // posted again by the next pass (see the class remarks).
                await store.CompleteDeliveryAsync(delivery.Id, new DeliveryOutcome(DeliveryStatus.Pending, "Stopped before every part was posted; the next pass resumes at the first part without a record."), timeProvider.GetUtcNow(), CancellationToken.None);
                throw;
            }

            await store.CompleteDeliveryAsync(delivery.Id, outcome, timeProvider.GetUtcNow(), CancellationToken.None);
            counts.AddOrUpdate(outcome.Status, 1, (_, n) => n + 1);
        }
    }

    private async Task<DeliveryOutcome> DeliverAsync(Delivery delivery, ConcurrentDictionary<int, Lazy<Task<RenderedIssue?>>> issues, CancellationToken cancellationToken)
    {
        var subscriber = await store.GetSubscriberAsync(delivery.SubscriberId, CancellationToken.None);
        var webhook = subscriber is null ? null : await store.GetDiscordWebhookAsync(subscriber.Id, CancellationToken.None);
        if (subscriber is not { Status: SubscriberStatus.Confirmed, Channel: DeliveryChannel.Discord } || webhook is null)
        {
            return new DeliveryOutcome(DeliveryStatus.Skipped, subscriber is null || webhook is null
                ? "The Discord subscription was removed before this issue was posted."
                : $"The Discord subscription is {subscriber.Status.ToString().ToLowerInvariant()} now.");
        }

        var issue = await issues.GetOrAdd(delivery.DigestNumber, number => new Lazy<Task<RenderedIssue?>>(() => RenderAsync(number))).Value;
        if (issue is null)
        {
            return new DeliveryOutcome(DeliveryStatus.Failed, $"Issue #{delivery.DigestNumber} is not in the archive.");
        }

        var recorded = (await store.ListDeliveryPartsAsync(delivery.Id, CancellationToken.None)).ToDictionary(p => p.Part);
        var total = issue.Messages.Count;
        if (recorded.Count > 0 && recorded.Count < total)
        {
            var next = Enumerable.Range(0, total).First(i => !recorded.ContainsKey(i));
            Log.Resuming(logger, delivery.Id, subscriber.Address, next + 1, total);
        }

        var target = new DiscordWebhookTarget(webhook.WebhookId, webhook.Token) { ThreadId = webhook.ThreadId };
        var isForum = webhook.IsForum;
        for (var part = 0; part < total; part++)
        {
            if (recorded.ContainsKey(part))
            {
                continue;
            }

            var result = await client.ExecuteAsync(TargetFor(target, part, isForum, issue, recorded), issue.Messages[part], cancellationToken);
            if (result is { Status: DiscordWebhookStatus.Rejected, ErrorCode: ForumNeedsThreadName } && part == 0 && !isForum && webhook.ThreadId is null)
            {
                // The channel is a forum nobody told us about: remember it, and open a post instead.
                isForum = true;
                await store.SetDiscordForumAsync(subscriber.Id, true, CancellationToken.None);
                Log.LearntForum(logger, subscriber.Id, subscriber.Address);
                result = await client.ExecuteAsync(TargetFor(target, part, isForum, issue, recorded), issue.Messages[part], cancellationToken);
            }

            if (result.Status != DiscordWebhookStatus.Posted)
            {
                return Failed(delivery, subscriber, result, part, total);
            }

            var posted = new DeliveryPart(delivery.Id, part, result.MessageId ?? "unknown", result.ChannelId, timeProvider.GetUtcNow());
            await store.SaveDeliveryPartAsync(posted, CancellationToken.None);
            recorded[part] = posted;
        }

        Log.Delivered(logger, delivery.DigestNumber, subscriber.Id, subscriber.Address, total);
        return DeliveryOutcome.Sent;
    }

    /// <summary>Where part <paramref name="part"/> goes: the webhook's channel or thread; for a forum, a new post, then into it.</summary>
    private static DiscordWebhookTarget TargetFor(DiscordWebhookTarget target, int part, bool isForum, RenderedIssue issue, Dictionary<int, DeliveryPart> recorded)
    {
        if (!isForum || target.ThreadId is not null)
        {
            return target;
        }

        return part > 0 && recorded.TryGetValue(0, out var first) && first.ChannelId is { } post
            ? target.InThread(post)
            : target with { ThreadName = issue.ThreadName };
    }

    private DeliveryOutcome Failed(Delivery delivery, Subscriber subscriber, DiscordWebhookResult result, int part, int total)
    {
        var where = string.Create(CultureInfo.InvariantCulture, $"part {part + 1} of {total}");
        switch (result.Status)
        {
            case DiscordWebhookStatus.UnknownWebhook:
                var reason = result.ErrorCode == DiscordError.InvalidWebhookToken
                    ? "Discord says this webhook's token is no longer valid (50027)"
                    : UnknownWebhookReason;
                Log.Retired(logger, subscriber.Id, subscriber.Address, reason);
                return new DeliveryOutcome(DeliveryStatus.Failed, $"{reason}; the subscription is retired ({where} not posted).", RetireReason: reason);
            case DiscordWebhookStatus.Rejected:
                var paths = result.ErrorPaths.Count > 0 ? ": " + string.Join("; ", result.ErrorPaths) : "";
                Log.DeliveryRejected(logger, delivery.Id, subscriber.Address, part + 1, total, result.Detail ?? "");
                return new DeliveryOutcome(DeliveryStatus.Failed, $"{result.Detail} at {where}{paths}");
            default:
                var outcome = DeliveryRetry.AfterTransientFailure(delivery.Attempts, $"{result.Detail} at {where}; the parts before it are posted and kept", timeProvider.GetUtcNow());
                Log.DeliveryDeferred(logger, delivery.Id, subscriber.Address, part + 1, total, outcome.Status == DeliveryStatus.Pending);
                return outcome;
        }
    }

    private async Task<RenderedIssue?> RenderAsync(int number)
    {
        var digest = await store.GetDigestAsync(number, CancellationToken.None);
        if (digest is null)
        {
            return null;
        }

        var baseUrl = roundup.Value.BaseUrl;
        var archiveUrl = string.IsNullOrWhiteSpace(baseUrl) ? null : string.Create(CultureInfo.InvariantCulture, $"{baseUrl.TrimEnd('/')}/digests/{number}");
        return new RenderedIssue(DiscordRenderer.Render(digest, archiveUrl, discord.Value), DiscordRenderer.ThreadName(digest));
    }

    /// <summary>An archived issue as Discord messages, made once per pass and shared by every delivery of it.</summary>
    private sealed record RenderedIssue(IReadOnlyList<DiscordWebhookMessage> Messages, string ThreadName);
}
