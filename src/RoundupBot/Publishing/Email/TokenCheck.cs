using System.Diagnostics.CodeAnalysis;

namespace RoundupBot.Publishing.Email;

/// <summary>The result of verifying a subscription token.</summary>
/// <param name="Status">Valid, or why not.</param>
/// <param name="SubscriberId">The subscriber the token was issued for when <see cref="Status"/> is Valid, else 0.</param>
/// <param name="Email">
/// The lower-cased address the token was issued for when <see cref="Status"/> is Valid, else null. The caller must check it
/// against the stored subscriber (case-insensitively) so a token cannot act on a reused id with another address.
/// </param>
public sealed record TokenCheck(TokenStatus Status, long SubscriberId = 0, string? Email = null)
{
    /// <summary>True when the token is genuine, for the asked purpose and not expired.</summary>
    [MemberNotNullWhen(true, nameof(Email))]
    public bool IsValid => Status == TokenStatus.Valid && Email is not null;

    internal static TokenCheck Valid(long subscriberId, string email) => new(TokenStatus.Valid, subscriberId, email);

    internal static readonly TokenCheck Expired = new(TokenStatus.Expired);
    internal static readonly TokenCheck Forged = new(TokenStatus.Forged);
    internal static readonly TokenCheck Malformed = new(TokenStatus.Malformed);
    internal static readonly TokenCheck WrongPurpose = new(TokenStatus.WrongPurpose);
}
