using RoundupBot.Publishing.Discord;

namespace RoundupBot.Tests.TestSupport;

/// <summary>A webhook of <see cref="FakeDiscord"/>, with its rate-limit window and queued failures.</summary>
public sealed class FakeWebhook(string id, string token, string channelId, bool forum, FakeRateLimit limit)
{
    private readonly Queue<int> _failures = new();

    public string Id { get; } = id;
    public string Token { get; } = token;
    public string ChannelId { get; } = channelId;
    public bool Forum { get; } = forum;
    public FakeRateLimit Limit { get; set; } = limit;

    internal DateTimeOffset WindowStart { get; set; } = DateTimeOffset.MinValue;
    internal int Count { get; set; }
    internal DateTimeOffset BlockedUntil { get; set; } = DateTimeOffset.MinValue;

    /// <summary>The target a client posts to.</summary>
    public DiscordWebhookTarget Target => new(Id, Token);

    /// <summary>The next <paramref name="count"/> requests that pass the rate limit answer <paramref name="status"/>, storing nothing.</summary>
    public void FailNext(int count, int status = 500)
    {
        lock (_failures)
        {
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
            return _failures.Count > 0 ? _failures.Dequeue() : null;
        }
    }
}
