namespace RoundupBot.Subscriptions.Email;

/// <summary>The outcome of <see cref="SubscriptionTokens.Verify"/>.</summary>
public enum TokenStatus
{
    /// <summary>Signed by us, for the asked purpose, and not expired.</summary>
    Valid,

    /// <summary>Signed by us, but its expiry has passed.</summary>
    Expired,

    /// <summary>Well-formed, but the signature does not match (tampered with, or signed with another key).</summary>
    Forged,

    /// <summary>Not a token at all: empty, too long, not canonical base64url, too short, or an unknown layout.</summary>
    Malformed,

    /// <summary>Signed by us, but for the other purpose (such as a confirm token used to unsubscribe).</summary>
    WrongPurpose,
}
