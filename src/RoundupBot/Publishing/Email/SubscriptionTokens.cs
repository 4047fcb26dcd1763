using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using RoundupBot.Web;

namespace RoundupBot.Publishing.Email;

/// <summary>
/// Signed, URL-safe tokens for the confirm and unsubscribe links of email subscriptions.
/// </summary>
/// <remarks>
/// <para>
/// A token is the base64url (RFC 4648 §5, no padding) of a payload followed by its HMAC-SHA256. The payload is: a version
/// byte (1), a purpose byte, the subscriber id (8 bytes, big-endian), the expiry in unix seconds (8 bytes, big-endian; 0
/// for none), then the lower-cased email in UTF-8. The MAC key is derived from <c>Security:SigningKey</c> with HKDF-SHA256
/// and an info string per purpose, so a confirm token can never pass as an unsubscribe token or the other way round; MACs
/// are compared in constant time.
/// </para>
/// <para>
/// The email is bound into the token: a token issued for one address does not act on another, even when a subscriber id
/// is reused. Confirm tokens expire (<see cref="DefaultConfirmLifetime"/> unless told otherwise); unsubscribe tokens do
/// not, so the links in old emails keep working.
/// </para>
/// <para>
/// Tokens are stateless, so they cannot stop a replay by themselves: a confirm link stays valid until it expires and may
/// be opened twice (mail scanners open links too). Replay protection is the subscriber store's job: confirming an
/// already-confirmed subscriber, or unsubscribing one already unsubscribed, must be a no-op.
/// </para>
/// </remarks>
public sealed class SubscriptionTokens
{
    /// <summary>How long a confirm link works when <see cref="Create"/> is given no lifetime.</summary>
    public static readonly TimeSpan DefaultConfirmLifetime = TimeSpan.FromDays(3);

    /// <summary>The longest token string <see cref="Verify"/> looks at; anything longer is malformed without decoding.</summary>
    public const int MaxTokenLength = 2048;

    /// <summary>The longest address a token carries (RFC 5321's path limit).</summary>
    public const int MaxEmailLength = 254;

    private const byte Version = 1;
    private const int HeaderLength = 1 + 1 + 8 + 8;
    private const int MacLength = 32; // HMAC-SHA256
    private const int MinSigningKeyLength = 32;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly IOptions<SecurityOptions> _options;
    private readonly TimeProvider _timeProvider;

    public SubscriptionTokens(IOptions<SecurityOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _timeProvider = timeProvider;
    }

    /// <summary>Creates a signed token for <paramref name="subscriberId"/> at <paramref name="email"/>.</summary>
    /// <param name="purpose">Confirm or Unsubscribe.</param>
    /// <param name="subscriberId">The subscriber's id (positive).</param>
    /// <param name="email">The subscriber's address; bound into the token lower-cased and trimmed.</param>
    /// <param name="lifetime">
    /// Null for the purpose's default (<see cref="DefaultConfirmLifetime"/> for Confirm, no expiry for Unsubscribe); a
    /// positive span; or <see cref="Timeout.InfiniteTimeSpan"/> for no expiry, which only Unsubscribe allows.
    /// </param>
    /// <exception cref="InvalidOperationException"><c>Security:SigningKey</c> is not set (or too short).</exception>
    public string Create(TokenPurpose purpose, long subscriberId, string email, TimeSpan? lifetime)
    {
        if (purpose is not (TokenPurpose.Confirm or TokenPurpose.Unsubscribe))
        {
            throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Unknown token purpose.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(subscriberId);
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var normalized = Normalize(email);
        if (normalized.Length > MaxEmailLength)
        {
            throw new ArgumentException($"The address is longer than {MaxEmailLength} characters.", nameof(email));
        }

        var expiry = ExpiryFor(purpose, lifetime);
        var key = DeriveKey(purpose);

        var emailBytes = StrictUtf8.GetBytes(normalized);
        var token = new byte[HeaderLength + emailBytes.Length + MacLength];
        token[0] = Version;
        token[1] = (byte)purpose;
        BinaryPrimitives.WriteInt64BigEndian(token.AsSpan(2, 8), subscriberId);
        BinaryPrimitives.WriteInt64BigEndian(token.AsSpan(10, 8), expiry);
        emailBytes.CopyTo(token.AsSpan(HeaderLength));
        var payloadLength = token.Length - MacLength;
        HMACSHA256.HashData(key, token.AsSpan(0, payloadLength), token.AsSpan(payloadLength));
        return Base64Url.EncodeToString(token);
    }

    /// <summary>
    /// Checks a token from a link. Never throws for bad input: garbage is <see cref="TokenStatus.Malformed"/>, a changed or
    /// foreign-key token <see cref="TokenStatus.Forged"/>, a genuine token of the other purpose
    /// <see cref="TokenStatus.WrongPurpose"/>. A valid result carries the subscriber id and lower-cased email, which the
    /// caller must match against the store; replays are the store's to make harmless (see the remarks on the class).
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>Security:SigningKey</c> is not set (or too short).</exception>
    public TokenCheck Verify(string token, TokenPurpose purpose)
    {
        if (purpose is not (TokenPurpose.Confirm or TokenPurpose.Unsubscribe))
        {
            throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Unknown token purpose.");
        }

        // Derive first: a missing key is a configuration error, reported the same whatever the token.
        var key = DeriveKey(purpose);
        var otherKey = DeriveKey(purpose == TokenPurpose.Confirm ? TokenPurpose.Unsubscribe : TokenPurpose.Confirm);

        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || !Base64Url.IsValid(token, out var length)
            || length < HeaderLength + 1 + MacLength)
        {
            return TokenCheck.Malformed;
        }

        var bytes = new byte[length];
        if (Base64Url.DecodeFromChars(token, bytes, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != length
            || !string.Equals(Base64Url.EncodeToString(bytes), token, StringComparison.Ordinal))
        {
            // Only the canonical spelling is accepted, so no two strings stand for one token.
            return TokenCheck.Malformed;
        }

        // The MAC is checked before anything in the payload is believed.
        var payload = bytes.AsSpan(0, length - MacLength);
        var mac = bytes.AsSpan(length - MacLength);
        Span<byte> expected = stackalloc byte[MacLength];
        HMACSHA256.HashData(key, payload, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, mac))
        {
            HMACSHA256.HashData(otherKey, payload, expected);
            return CryptographicOperations.FixedTimeEquals(expected, mac) ? TokenCheck.WrongPurpose : TokenCheck.Forged;
        }

        // Genuine from here on; what follows only guards against our own future layouts.
        if (payload[0] != Version || payload[1] != (byte)purpose)
        {
            return TokenCheck.Malformed;
        }

        var subscriberId = BinaryPrimitives.ReadInt64BigEndian(payload.Slice(2, 8));
        var expiry = BinaryPrimitives.ReadInt64BigEndian(payload.Slice(10, 8));
        string email;
        try
        {
            email = StrictUtf8.GetString(payload[HeaderLength..]);
        }
        catch (DecoderFallbackException)
        {
            return TokenCheck.Malformed;
        }

        if (subscriberId <= 0 || expiry < 0)
        {
            return TokenCheck.Malformed;
        }

        if (expiry != 0 && _timeProvider.GetUtcNow().ToUnixTimeSeconds() >= expiry)
        {
            return TokenCheck.Expired;
        }

        return TokenCheck.Valid(subscriberId, email);
    }

    private static string Normalize(string email) => email.Trim().ToLowerInvariant();

    private long ExpiryFor(TokenPurpose purpose, TimeSpan? lifetime)
    {
        if (lifetime is null)
        {
            return purpose == TokenPurpose.Confirm ? ExpiryAfter(DefaultConfirmLifetime) : 0;
        }

        if (lifetime.Value == Timeout.InfiniteTimeSpan)
        {
            if (purpose == TokenPurpose.Confirm)
            {
                throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, "A confirm token must expire.");
            }

            return 0;
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime.Value, TimeSpan.Zero, nameof(lifetime));
        return ExpiryAfter(lifetime.Value);
    }

    private long ExpiryAfter(TimeSpan lifetime)
    {
        var now = _timeProvider.GetUtcNow();
        var latest = DateTimeOffset.MaxValue - now;
        var expiry = lifetime >= latest ? DateTimeOffset.MaxValue : now + lifetime;

        // Rounded up to the next whole second, so a token never expires before its lifetime has passed.
        var seconds = expiry.ToUnixTimeSeconds();
        return DateTimeOffset.FromUnixTimeSeconds(seconds) < expiry ? seconds + 1 : seconds;
    }

    private byte[] DeriveKey(TokenPurpose purpose)
    {
        var secret = _options.Value.SigningKey;
        if (string.IsNullOrWhiteSpace(secret) || secret.Length < MinSigningKeyLength)
        {
            var problem = string.IsNullOrWhiteSpace(secret) ? "is not set" : $"is too short ({secret.Length} characters)";
            throw new InvalidOperationException(
                $"Security:SigningKey {problem}; it signs the confirm and unsubscribe links of email subscriptions. " +
                $"Set a random secret of at least {MinSigningKeyLength} characters through the environment variable " +
                "ROUNDUP__Security__SigningKey (for example the output of `openssl rand -base64 48`).");
        }

        var info = purpose switch
        {
            TokenPurpose.Confirm => "RoundupBot subscription token v1: confirm"u8,
            TokenPurpose.Unsubscribe => "RoundupBot subscription token v1: unsubscribe"u8,
            _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Unknown token purpose."),
        };
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), MacLength, salt: [], info: info.ToArray());
    }
}
