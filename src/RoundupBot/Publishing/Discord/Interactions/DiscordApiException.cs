namespace RoundupBot.Publishing.Discord.Interactions;

/// <summary>
/// A call to Discord's API (creating a webhook, editing a reply, registering commands, exchanging an OAuth code) did
/// not succeed. The message says what was asked and what Discord answered; it never contains a token.
/// </summary>
public sealed class DiscordApiException : Exception
{
    public DiscordApiException()
    {
    }

    public DiscordApiException(string message)
        : base(message)
    {
    }

    public DiscordApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DiscordApiException(string message, int? statusCode, int? errorCode, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>The HTTP status Discord answered; null when no answer came (timeout, connection failure).</summary>
    public int? StatusCode { get; }

    /// <summary>Discord's JSON error code (such as 50013 Missing Permissions, 30007 too many webhooks), when sent.</summary>
    public int? ErrorCode { get; }

    /// <summary>Missing Permissions: the bot may not do this in that channel.</summary>
    public const int MissingPermissions = 50013;

    /// <summary>Maximum number of webhooks reached (15 per channel).</summary>
    public const int MaxWebhooksReached = 30007;
}
