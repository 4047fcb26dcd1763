namespace RoundupBot.Publishing.Discord;

/// <summary>
/// Discord could not be asked (unreachable, 5xx, timeouts, rate limited for too long): a runtime failure worth trying
/// again later, unlike a refused input (<see cref="Pipeline.InvalidInputException"/>). The application's own calls
/// (<see cref="Subscriptions.Discord.DiscordApiClient"/>) also throw it when Discord refuses one, with
/// <see cref="HttpStatusCode"/> and <see cref="ErrorCode"/> set. The message never holds a token.
/// </summary>
public sealed class DiscordApiException : Exception
{
    public DiscordApiException() { }

    public DiscordApiException(string message) : base(message) { }

    public DiscordApiException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The HTTP status of Discord's last answer; null when none came.</summary>
    public int? HttpStatusCode { get; init; }

    /// <summary>Discord's JSON error code (such as 50013 Missing Permissions), when its answer had one.</summary>
    public int? ErrorCode { get; init; }
}
