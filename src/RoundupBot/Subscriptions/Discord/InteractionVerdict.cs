namespace RoundupBot.Subscriptions.Discord;

/// <summary>What <see cref="InteractionVerifier.Verify"/> found; anything but <see cref="Valid"/> is answered 401.</summary>
public enum InteractionVerdict
{
    /// <summary>Signed with the application's key over this timestamp and body, and recent.</summary>
    Valid,

    /// <summary><c>X-Signature-Ed25519</c> or <c>X-Signature-Timestamp</c> is absent or empty.</summary>
    MissingHeaders,

    /// <summary>The signature is not 128 hex digits, or the timestamp is not unix seconds.</summary>
    Malformed,

    /// <summary>The timestamp is older than <see cref="InteractionVerifier.MaxAge"/> or too far in the future: a replay, or a clock far off.</summary>
    Stale,

    /// <summary>The signature does not match: another key, or a changed timestamp or body.</summary>
    BadSignature,
}
