using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using RoundupBot.Publishing.Email;
using RoundupBot.Web;

namespace RoundupBot.Publishing.Discord.Interactions;

/// <summary>
/// The signed, expiring <c>state</c> parameter of "Add to Discord", against forged callbacks (OAuth2 CSRF).
/// </summary>
/// <remarks>
/// The same construction as <see cref="SubscriptionTokens"/>: base64url of a payload and its HMAC-SHA256, with the MAC
/// key derived from <c>Security:SigningKey</c> by HKDF under this purpose's own info string, so neither kind of token
/// passes for the other. The payload is a version byte (1), the expiry in unix seconds (8 bytes, big-endian) and a
/// random 16-byte nonce. The nonce also goes into a cookie of the browser that started the flow, and the callback must
/// bring both: a state lifted from one browser is worthless in another. A state is accepted once: its nonce is
/// remembered until the state expires, in this process's memory (per instance; see <see cref="Redeem"/>).
/// </remarks>
public sealed class DiscordOAuthState
{
    /// <summary>How long the user has to pick a channel and authorize.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private const byte Version = 1;
    private const int NonceLength = 16;
    private const int PayloadLength = 1 + 8 + NonceLength;
    private const int MacLength = 32;
    private const int MaxStateLength = 128;

    /// <summary>
    /// Remembered nonces beyond this many are not kept: the oldest expire first. Each needs a state this server signed,
    /// so reaching it takes over a thousand "Add to Discord" starts per second for the whole <see cref="Lifetime"/>.
    /// </summary>
    internal const int MaxRemembered = 1_000_000;

    private readonly IOptions<SecurityOptions> _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Nonces of redeemed states, with the state's expiry (unix seconds): a state is accepted once.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _redeemed = new(StringComparer.Ordinal);

    public DiscordOAuthState(IOptions<SecurityOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _timeProvider = timeProvider;
    }

    /// <summary>A new state and its nonce (for the browser's cookie), valid for <see cref="Lifetime"/>.</summary>
    /// <exception cref="InvalidOperationException"><c>Security:SigningKey</c> is not set.</exception>
    public (string State, string Nonce) Create()
    {
        var key = DeriveKey();
        var token = new byte[PayloadLength + MacLength];
        token[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(token.AsSpan(1, 8), (_timeProvider.GetUtcNow() + Lifetime).ToUnixTimeSeconds());
        RandomNumberGenerator.Fill(token.AsSpan(9, NonceLength));
        HMACSHA256.HashData(key, token.AsSpan(0, PayloadLength), token.AsSpan(PayloadLength));
        return (Base64Url.EncodeToString(token), Base64Url.EncodeToString(token.AsSpan(9, NonceLength)));
    }

    /// <summary>
    /// Checks a callback's <paramref name="state"/> against the <paramref name="nonce"/> from the browser's cookie, and
    /// uses it up. Never throws for bad input: <see cref="TokenStatus.Malformed"/> for garbage,
    /// <see cref="TokenStatus.Forged"/> for a changed state, one issued to another browser or one already redeemed,
    /// <see cref="TokenStatus.Expired"/> after <see cref="Lifetime"/>.
    /// </summary>
    /// <remarks>
    /// "Once" holds per process: redeemed nonces live in memory until their state expires. A restart, or a second
    /// instance behind the same site, does not know them; there a replay still needs the browser's nonce cookie, and the
    /// OAuth2 code that came with the state is single-use at Discord, so the exchange fails and nothing is stored.
    /// </remarks>
    /// <exception cref="InvalidOperationException"><c>Security:SigningKey</c> is not set.</exception>
    public TokenStatus Redeem(string? state, string? nonce)
    {
        var key = DeriveKey();
        if (string.IsNullOrEmpty(state) || state.Length > MaxStateLength || !Base64Url.IsValid(state, out var length) || length != PayloadLength + MacLength)
        {
            return TokenStatus.Malformed;
        }

        var bytes = Base64Url.DecodeFromChars(state);
        Span<byte> expected = stackalloc byte[MacLength];
        HMACSHA256.HashData(key, bytes.AsSpan(0, PayloadLength), expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(PayloadLength)) || bytes[0] != Version)
        {
            return TokenStatus.Forged;
        }

        var cookieNonce = new byte[NonceLength];
        if (string.IsNullOrEmpty(nonce) || nonce.Length > MaxStateLength
            || Base64Url.DecodeFromChars(nonce, cookieNonce, out _, out var written) != System.Buffers.OperationStatus.Done || written != NonceLength
            || !CryptographicOperations.FixedTimeEquals(cookieNonce, bytes.AsSpan(9, NonceLength)))
        {
            return TokenStatus.Forged;
        }

        var expiry = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1, 8));
        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        if (now >= expiry)
        {
            return TokenStatus.Expired;
        }

        Forget(now);
        // Keyed by the nonce inside the signed state: that, not the text of a cookie, is what may be used once.
        return _redeemed.TryAdd(Convert.ToHexString(bytes, 9, NonceLength), expiry) ? TokenStatus.Valid : TokenStatus.Forged;
    }

    /// <summary>
    /// Once more than a few are kept, drops nonces whose states have expired (those are refused as expired anyway), and
    /// the oldest beyond <see cref="MaxRemembered"/>.
    /// </summary>
    private void Forget(long now)
    {
        if (_redeemed.Count < 1024)
        {
            return;
        }

        foreach (var (key, expiry) in _redeemed)
        {
            if (expiry <= now)
            {
                _redeemed.TryRemove(key, out _);
            }
        }

        var excess = _redeemed.Count - MaxRemembered;
        foreach (var (key, _) in excess > 0 ? _redeemed.OrderBy(e => e.Value).Take(excess) : [])
        {
            _redeemed.TryRemove(key, out _);
        }
    }

    private byte[] DeriveKey()
    {
        var secret = _options.Value.SigningKey;
        if (string.IsNullOrWhiteSpace(secret))
        {
            throw new InvalidOperationException("Security:SigningKey is not set; it signs the state of \"Add to Discord\". Give it through ROUNDUP__Security__SigningKey.");
        }

        return HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), MacLength, salt: [], info: "RoundupBot Discord OAuth2 state v1"u8.ToArray());
    }
}
