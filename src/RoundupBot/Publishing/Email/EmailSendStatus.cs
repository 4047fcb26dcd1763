namespace RoundupBot.Publishing.Email;

/// <summary>What happened to one <see cref="EmailMessage"/> of a batch.</summary>
public enum EmailSendStatus
{
    /// <summary>The server accepted the message.</summary>
    Sent,

    /// <summary>The server refused it with a 5xx: the address bounces; do not retry.</summary>
    PermanentFailure,

    /// <summary>A 4xx, or the connection failed: retry later.</summary>
    TransientFailure,

    /// <summary>The address was rejected before anything was sent.</summary>
    InvalidAddress,
}
