namespace RoundupBot.Subscriptions.Email;

/// <summary>What a signed subscription link is for. Each purpose signs with its own derived key.</summary>
public enum TokenPurpose
{
    /// <summary>The double opt-in link in the confirmation email; expires (three days unless told otherwise).</summary>
    Confirm = 1,

    /// <summary>The per-subscriber unsubscribe link in every issue; never expires, so links in old emails keep working.</summary>
    Unsubscribe = 2,
}
