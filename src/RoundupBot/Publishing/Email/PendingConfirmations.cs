using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RoundupBot.Publishing.Email;

/// <summary>
/// Confirmation emails waiting for <see cref="ConfirmationSender"/>. The subscribe form only queues, so it answers in
/// the same time whether an email goes out or not (the time would otherwise tell a confirmed address from a new one),
/// and a slow SMTP server never holds a visitor's request.
/// </summary>
/// <remarks>
/// One email per address per <see cref="SubscribeOptions.ResendAfter"/>: asking again for a pending address within
/// that time queues nothing. The memory of what was queued, and the queue itself, live in this process only; a
/// restart forgets both (at worst one more email per address, and the queued ones are not sent).
/// </remarks>
public sealed class PendingConfirmations(IOptions<EmailOptions> options, TimeProvider timeProvider, ILogger<PendingConfirmations> logger)
{
    /// <summary>Emails waiting at most; more are dropped with a warning (the per-client limit keeps a flood far below it).</summary>
    public const int Capacity = 1000;

    private readonly Channel<ConfirmationRequest> _channel = Channel.CreateBounded<ConfirmationRequest>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _lastQueued = new(StringComparer.Ordinal);

    internal ChannelReader<ConfirmationRequest> Reader => _channel.Reader;

    /// <summary>
    /// Queues <paramref name="request"/> unless a confirmation email to the same address was queued within
    /// <see cref="SubscribeOptions.ResendAfter"/> or the queue is full. Returns whether it was queued.
    /// </summary>
    public bool TryEnqueue(ConfirmationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = Key(request.Address);
        var now = timeProvider.GetUtcNow();
        var resendAfter = options.Value.Subscribe.ResendAfter;
        lock (_gate)
        {
            if (_lastQueued.TryGetValue(key, out var last) && now - last < resendAfter)
            {
                return false;
            }

            if (!_channel.Writer.TryWrite(request))
            {
                Log.PendingConfirmationsFull(logger, request.SubscriberId, Capacity);
                return false;
            }

            if (_lastQueued.Count >= Capacity * 10)
            {
                // Addresses outside their window need no memory; this keeps the table as small as the traffic of one window.
                foreach (var stale in _lastQueued.Where(e => now - e.Value >= resendAfter).Select(e => e.Key).ToList())
                {
                    _lastQueued.Remove(stale);
                }
            }

            _lastQueued[key] = now;
            return true;
        }
    }

    /// <summary>Forgets that an email to <paramref name="address"/> was queued, so a failed send can be asked for again at once.</summary>
    internal void Forget(string address)
    {
        lock (_gate)
        {
            _lastQueued.Remove(Key(address));
        }
    }

    private static string Key(string address) => address.Trim().ToLowerInvariant();
}
