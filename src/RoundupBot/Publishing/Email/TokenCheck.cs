namespace RoundupBot.Publishing.Email;

/// <summary>The result of verifying a subscription token.</summary>
/// <param name="Status">Valid, or why not.</param>
/// <param name="SubscriberId">The subscriber the token was issued for when <see cref="Status"/> is Valid, else 0.</param>
/// <remarks>
/// A valid check names a subscriber by id only. The caller loads that subscriber and asks
/// <see cref="SubscriptionTokens.IsFor"/> whether the token was made for its address, so a token cannot act on a reused
/// id that now has another address.
/// </remarks>
public sealed record TokenCheck(TokenStatus Status, long SubscriberId = 0)
{
    /// <summary>True when the token is genuine, for the asked purpose and not expired.</summary>
    public bool IsValid => Status == TokenStatus.Valid;

    /// <summary>The purpose the token was verified for (valid checks only).</summary>
    internal TokenPurpose Purpose { get; private init; }

    /// <summary>The keyed tag of the address the token was made for (valid checks only).</summary>
    internal ReadOnlyMemory<byte> AddressTag { get; private init; }

    internal static TokenCheck Valid(long subscriberId, TokenPurpose purpose, byte[] addressTag) =>
        new(TokenStatus.Valid, subscriberId) { Purpose = purpose, AddressTag = addressTag };

    internal static readonly TokenCheck Expired = new(TokenStatus.Expired);
    internal static readonly TokenCheck Forged = new(TokenStatus.Forged);
    internal static readonly TokenCheck Malformed = new(TokenStatus.Malformed);
    internal static readonly TokenCheck WrongPurpose = new(TokenStatus.WrongPurpose);
}
