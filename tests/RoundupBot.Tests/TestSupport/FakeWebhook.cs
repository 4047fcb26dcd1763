using RoundupBot.Publishing.Discord;

namespace RoundupBot.Tests.TestSupport;

/// <summary>A webhook of <see cref="FakeDiscord"/>, with its rate-limit window and queued failures.</summary>
public sealed class FakeWebhook(string id, string token, string channelId, bool forum, FakeRateLimit limit)
{
    private readonly Queue<int> _failures = new();
    private int _failFrom;

    public string Id { get; } = id;
    public string Token { get; } = token;
    public string ChannelId { get; } = channelId;
    public bool Forum { get; } = forum;
    public FakeRateLimit Limit { get; set; } = limit;

    internal DateTimeOffset WindowStart { get; set; } = DateTimeOffset.MinValue;
    internal int Count { get; set; }
    internal DateTimeOffset BlockedUntil { get; set; } = DateTimeOffset.MinValue;

    /// <summary>Messages accepted so far through this webhook.</summary>
    public int Accepted { get; internal set; }

    /// <summary>After this many accepted messages the webhook is deleted (the last one still answered 200). Null: never.</summary>
    public int? DeleteAfterAccepted { get; set; }

    internal int? HoldFrom { get; private set; }
    internal bool HoldAfterStoring { get; private set; }
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a request is being held (see <see cref="HoldAfter"/>).</summary>
    public Task Held => _held.Task;

    /// <summary>
    /// Once <paramref name="accepted"/> messages are accepted, the next valid message is held and never answered: the
    /// request hangs until the client goes away (a kill) or the server stops. With <paramref name="afterStoring"/> false
    /// the held message is never stored (Discord never got it); with true it is stored first (Discord got it, the answer
    /// was lost). <see cref="Release"/> lets later requests through.
    /// </summary>
    public void HoldAfter(int accepted, bool afterStoring = false)
    {
        HoldFrom = accepted;
        HoldAfterStoring = afterStoring;
    }

    /// <summary>Stops holding: requests from now on are answered (the held one stays unanswered).</summary>
    public void Release() => HoldFrom = null;

    internal void SignalHeld() => _held.TrySetResult();

    /// <summary>The target a client posts to.</summary>
    public DiscordWebhookTarget Target => new(Id, Token);

    /// <summary>The next <paramref name="count"/> requests that pass the rate limit answer <paramref name="status"/>, storing nothing.</summary>
    public void FailNext(int count, int status = 500) => FailAfter(0, count, status);

    /// <summary>
    /// Once <paramref name="accepted"/> messages are accepted, the next <paramref name="count"/> requests that pass the
    /// rate limit answer <paramref name="status"/>, storing nothing.
    /// </summary>
    public void FailAfter(int accepted, int count, int status = 500)
    {
        lock (_failures)
        {
            _failFrom = accepted;
            for (var i = 0; i < count; i++)
            {
                _failures.Enqueue(status);
            }
        }
    }

    internal int? TakeFailure()
    {
        lock (_failures)
        {
            return _failures.Count > 0 && Accepted >= _failFrom ? _failures.Dequeue() : null;
        }
    }
}
