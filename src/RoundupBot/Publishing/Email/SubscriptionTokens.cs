using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using RoundupBot.Web;

namespace RoundupBot.Publishing.Email;

/// <summary>
/// Signed, URL-safe tokens for the confirm and unsubscribe links of email subscriptions. A token names its subscriber
/// by an opaque reference: neither the address nor the subscriber's id can be read from it.
/// </summary>
/// <remarks>
/// <para>
/// A token (version 2) is the base64url (RFC 4648 §5, no padding) of 66 bytes: a version byte (2), a purpose byte, the
/// subscriber reference (16 bytes: the subscriber id and the expiry in unix seconds, 0 for none, both 8 bytes
/// big-endian, encrypted as one AES-256 block), an address tag (the first 16 bytes of an HMAC-SHA256 of the lower-cased
/// address), then the HMAC-SHA256 of those 34 bytes. Every key is derived from <c>Security:SigningKey</c> with
/// HKDF-SHA256 and an info string per purpose and use, so a confirm token can never pass as an unsubscribe token or
/// the other way round; MACs and tags are compared in constant time.
/// </para>
/// <para>
/// The address is bound into the token by its tag: a token issued for one address does not act on another, even when
/// a subscriber id is reused; the caller checks it with <see cref="IsFor"/> against the stored subscriber. Confirm
/// tokens expire (<see cref="DefaultConfirmLifetime"/> unless told otherwise); unsubscribe tokens do not, so the links
/// in old emails keep working.
/// </para>
/// <para>
/// Version 1 tokens, which the links of issues sent before version 2 carry, are still accepted (never created): a
/// version byte (1), a purpose byte, the id and expiry in the clear, the lower-cased address in UTF-8, then the
/// HMAC-SHA256 of all that, with the same MAC keys.
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

    /// <summary>The longest address a token is made for (RFC 5321's path limit).</summary>
    public const int MaxEmailLength = 254;

    private const byte LegacyVersion = 1;
    private const byte Version = 2;
    private const int LegacyHeaderLength = 1 + 1 + 8 + 8;
    private const int ReferenceLength = 16; // one AES block: id and expiry
    private const int TagLength = 16;
    private const int PayloadLength = 1 + 1 + ReferenceLength + TagLength;
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
    /// <param name="email">The subscriber's address; bound into the token (as a keyed tag) lower-cased and trimmed.</param>
    /// <param name="lifetime">
    /// Null for the purpose's default (<see cref="DefaultConfirmLifetime"/> for Confirm, no expiry for Unsubscribe); a
    /// positive span; or <see cref="Timeout.InfiniteTimeSpan"/> for no expiry, which only Unsubscribe allows.
    /// </param>
    /// <exception cref="InvalidOperationException"><c>Security:SigningKey</c> is not set (or too short).</exception>
    public string Create(TokenPurpose purpose, long subscriberId, string email, TimeSpan? lifetime)
    {
        CheckPurpose(purpose);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(subscriberId);
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        if (Normalize(email).Length > MaxEmailLength)
        {
            throw new ArgumentException($"The address is longer than {MaxEmailLength} characters.", nameof(email));
        }

        var expiry = ExpiryFor(purpose, lifetime);
        var keys = Keys(purpose);

        Span<byte> plain = stackalloc byte[ReferenceLength];
        BinaryPrimitives.WriteInt64BigEndian(plain[..8], subscriberId);
        BinaryPrimitives.WriteInt64BigEndian(plain[8..], expiry);
        var token = new byte[PayloadLength + MacLength];
        token[0] = Version;
        token[1] = (byte)purpose;
        // One block under a key used for nothing else, and each (id, expiry) is one plain block: ECB is a plain
        // block cipher call here, not a mode that leaks patterns.
        using (var aes = Aes.Create())
        {
            aes.Key = keys.Reference;
            aes.EncryptEcb(plain, token.AsSpan(2, ReferenceLength), PaddingMode.None);
        }

        Tag(keys.Tag, email, token.AsSpan(2 + ReferenceLength, TagLength));
        HMACSHA256.HashData(keys.Mac, token.AsSpan(0, PayloadLength), token.AsSpan(PayloadLength));
        return Base64Url.EncodeToString(token);
    }

    /// <summary>
    /// Checks a token from a link. Never throws for bad input: garbage is <see cref="TokenStatus.Malformed"/>, a changed or
    /// foreign-key token <see cref="TokenStatus.Forged"/>, a genuine token of the other purpose
    /// <see cref="TokenStatus.WrongPurpose"/>. A valid result carries the subscriber id; the caller must load that
    /// subscriber and check the token was made for its address with <see cref="IsFor"/>; replays are the store's to make
    /// harmless (see the remarks on the class).
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>Security:SigningKey</c> is not set (or too short).</exception>
    public TokenCheck Verify(string token, TokenPurpose purpose)
    {
        CheckPurpose(purpose);

        // Derive first: a missing key is a configuration error, reported the same whatever the token.
        var keys = Keys(purpose);
        var otherKeys = Keys(purpose == TokenPurpose.Confirm ? TokenPurpose.Unsubscribe : TokenPurpose.Confirm);

        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || !Base64Url.IsValid(token, out var length)
            || length < LegacyHeaderLength + 1 + MacLength)
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
        HMACSHA256.HashData(keys.Mac, payload, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, mac))
        {
            HMACSHA256.HashData(otherKeys.Mac, payload, expected);
            return CryptographicOperations.FixedTimeEquals(expected, mac) ? TokenCheck.WrongPurpose : TokenCheck.Forged;
        }

        // Genuine from here on; what follows only guards against our own layouts.
        if (payload[1] != (byte)purpose)
        {
            return TokenCheck.Malformed;
        }

        long subscriberId, expiry;
        var tag = new byte[TagLength];
        if (payload[0] == Version && payload.Length == PayloadLength)
        {
            Span<byte> plain = stackalloc byte[ReferenceLength];
            using (var aes = Aes.Create())
            {
                aes.Key = keys.Reference;
                aes.DecryptEcb(payload.Slice(2, ReferenceLength), plain, PaddingMode.None);
            }

            subscriberId = BinaryPrimitives.ReadInt64BigEndian(plain[..8]);
            expiry = BinaryPrimitives.ReadInt64BigEndian(plain[8..]);
            payload.Slice(2 + ReferenceLength, TagLength).CopyTo(tag);
        }
        else if (payload[0] == LegacyVersion && payload.Length > LegacyHeaderLength)
        {
            subscriberId = BinaryPrimitives.ReadInt64BigEndian(payload.Slice(2, 8));
            expiry = BinaryPrimitives.ReadInt64BigEndian(payload.Slice(10, 8));
            try
            {
                Tag(keys.Tag, StrictUtf8.GetString(payload[LegacyHeaderLength..]), tag);
            }
            catch (DecoderFallbackException)
            {
                return TokenCheck.Malformed;
            }
        }
        else
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

        return TokenCheck.Valid(subscriberId, purpose, tag);
    }

    /// <summary>
    /// True when <paramref name="check"/> is valid and its token was made for <paramref name="email"/> (compared
    /// case-insensitively, in constant time), so a token cannot act on a reused id that now has another address.
    /// </summary>
    public bool IsFor(TokenCheck check, string email)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(email);
        if (!check.IsValid)
        {
            return false;
        }

        Span<byte> tag = stackalloc byte[TagLength];
        Tag(Keys(check.Purpose).Tag, email, tag);
        return CryptographicOperations.FixedTimeEquals(tag, check.AddressTag.Span);
    }

    private static void CheckPurpose(TokenPurpose purpose)
    {
        if (purpose is not (TokenPurpose.Confirm or TokenPurpose.Unsubscribe))
        {
            throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Unknown token purpose.");
        }
    }

    private static void Tag(byte[] key, string email, Span<byte> destination)
    {
        Span<byte> full = stackalloc byte[MacLength];
        HMACSHA256.HashData(key, StrictUtf8.GetBytes(Normalize(email)), full);
        full[..TagLength].CopyTo(destination);
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

    private (byte[] Mac, byte[] Reference, byte[] Tag) Keys(TokenPurpose purpose)
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

        var name = purpose switch
        {
            TokenPurpose.Confirm => "confirm",
            TokenPurpose.Unsubscribe => "unsubscribe",
            _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Unknown token purpose."),
        };
        var ikm = Encoding.UTF8.GetBytes(secret);
        // The MAC key's info is version 1's, so the links of issues sent before version 2 still verify.
        byte[] Derive(string info) => HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, MacLength, salt: [], info: Encoding.UTF8.GetBytes(info));
        return (
            Derive($"RoundupBot subscription token v1: {name}"),
            Derive($"RoundupBot subscription token v2 reference: {name}"),
            Derive($"RoundupBot subscription token v2 address tag: {name}"));
    }
}
