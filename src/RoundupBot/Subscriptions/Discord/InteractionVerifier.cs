using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using NSec.Cryptography;
using RoundupBot.Publishing.Discord;

namespace RoundupBot.Subscriptions.Discord;

/// <summary>
/// Checks that an interaction request comes from Discord: an Ed25519 signature (<c>X-Signature-Ed25519</c>, hex) by the
/// application's public key (<c>Discord:PublicKey</c>, hex) over the <c>X-Signature-Timestamp</c> header followed by the
/// raw body, exactly as received. Discord sends the timestamp as unix seconds; it is also checked against the clock, so
/// a request captured once cannot be replayed later.
/// </summary>
/// <remarks>
/// Discord probes the endpoint with bad signatures and removes it from the application when one is accepted, so every
/// failure must be a 401. .NET has no Ed25519 of its own; NSec (libsodium) does the verification.
/// </remarks>
public sealed class InteractionVerifier
{
    /// <summary>How old a timestamp may be. Discord delivers within seconds; five minutes allow for slow proxies.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    /// <summary>How far ahead of our clock a timestamp may be: a little skew between Discord's clocks and ours.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(1);

    private const int SignatureLength = 64;

    private readonly TimeProvider _timeProvider;
    private readonly PublicKey? _publicKey;

    public InteractionVerifier(IOptions<DiscordOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        // The options validator has checked the shape (64 hex digits); a string of that shape that is no point on the
        // curve leaves the endpoint off rather than accepting anything.
        var hex = options.Value.PublicKey;
        if (!string.IsNullOrEmpty(hex) && hex.Length == 64 && hex.All(char.IsAsciiHexDigit)
            && PublicKey.TryImport(SignatureAlgorithm.Ed25519, Convert.FromHexString(hex), KeyBlobFormat.RawPublicKey, out var key))
        {
            _publicKey = key;
        }
    }

    /// <summary>True when <c>Discord:PublicKey</c> holds a usable key; without one the endpoint is off.</summary>
    public bool IsConfigured => _publicKey is not null;

    /// <summary>Checks the headers against <paramref name="body"/>, the request body byte for byte.</summary>
    /// <exception cref="InvalidOperationException">No public key is configured (see <see cref="IsConfigured"/>).</exception>
    public InteractionVerdict Verify(string? signatureHex, string? timestamp, ReadOnlySpan<byte> body)
    {
        var key = _publicKey ?? throw new InvalidOperationException("Discord:PublicKey is not set: interactions cannot be verified.");
        if (string.IsNullOrEmpty(signatureHex) || string.IsNullOrEmpty(timestamp))
        {
            return InteractionVerdict.MissingHeaders;
        }

        if (signatureHex.Length != SignatureLength * 2 || !signatureHex.All(char.IsAsciiHexDigit)
            || timestamp.Length > 20 || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return InteractionVerdict.Malformed;
        }

        // The clock is checked first: it is cheaper, and a stale request is refused whatever its signature.
        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        if (seconds < now - (long)MaxAge.TotalSeconds || seconds > now + (long)MaxClockSkew.TotalSeconds)
        {
            return InteractionVerdict.Stale;
        }

        var timestampLength = Encoding.ASCII.GetByteCount(timestamp);
        var signed = new byte[timestampLength + body.Length];
        Encoding.ASCII.GetBytes(timestamp, signed);
        body.CopyTo(signed.AsSpan(timestampLength));
        return SignatureAlgorithm.Ed25519.Verify(key, signed, Convert.FromHexString(signatureHex))
            ? InteractionVerdict.Valid
            : InteractionVerdict.BadSignature;
    }
}
