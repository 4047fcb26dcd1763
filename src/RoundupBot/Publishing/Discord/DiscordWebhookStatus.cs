namespace RoundupBot.Publishing.Discord;

/// <summary>What happened to one message sent through a webhook, and what the caller does next.</summary>
public enum DiscordWebhookStatus
{
    /// <summary>Discord stored the message: record its id, go on with the next part.</summary>
    Posted,

    /// <summary>
    /// The webhook is gone (404, code 10015 "Unknown Webhook") or its token no longer works (401, code 50027): retire the
    /// subscription; retrying cannot help.
    /// </summary>
    UnknownWebhook,

    /// <summary>Discord refused the body (400 and other 4xx): a bug or a limit broken; retrying the same body cannot help.</summary>
    Rejected,

    /// <summary>5xx answers, timeouts or failed connections outlasted every retry: try the delivery again later.</summary>
    TransientFailure,
}
