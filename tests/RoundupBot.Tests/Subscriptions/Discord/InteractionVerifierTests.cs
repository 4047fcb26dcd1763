using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RoundupBot.Publishing.Discord;
using RoundupBot.Subscriptions.Discord;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Subscriptions.Discord;

public sealed class InteractionVerifierTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 6, 8, 8, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"type":1,"id":"1","application_id":"2","token":"t"}""");

    private readonly InteractionSigner _discord = new();
    private readonly FakeTimeProvider _time = new(Now);

    public void Dispose() => _discord.Dispose();

    [Fact]
    public void A_body_signed_with_the_application_key_is_valid()
    {
        var (signature, timestamp) = Sign(Now, Body);

        Assert.Equal(InteractionVerdict.Valid, Verifier(_discord.PublicKeyHex).Verify(signature, timestamp, Body));
    }

    [Fact]
    public void A_signature_by_another_key_is_refused()
    {
        using var other = new InteractionSigner();
        var (signature, timestamp) = Sign(Now, Body);

        Assert.Equal(InteractionVerdict.BadSignature, Verifier(other.PublicKeyHex).Verify(signature, timestamp, Body));
    }

    [Fact]
    public void A_changed_body_or_timestamp_is_refused()
    {
        var (signature, timestamp) = Sign(Now, Body);
        var tampered = Encoding.UTF8.GetBytes("""{"type":1,"id":"1","application_id":"2","token":"T"}""");
        var verifier = Verifier(_discord.PublicKeyHex);

        Assert.Equal(InteractionVerdict.BadSignature, verifier.Verify(signature, timestamp, tampered));
        Assert.Equal(InteractionVerdict.BadSignature, verifier.Verify(signature, (Now.ToUnixTimeSeconds() - 1).ToString(CultureInfo.InvariantCulture), Body));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(-3600)]
    [InlineData(61)]
    public void A_timestamp_too_old_or_too_far_ahead_is_stale_even_when_signed(int offsetSeconds)
    {
        var (signature, timestamp) = Sign(Now.AddSeconds(offsetSeconds), Body);

        Assert.Equal(InteractionVerdict.Stale, Verifier(_discord.PublicKeyHex).Verify(signature, timestamp, Body));
    }

    [Fact]
    public void A_request_signed_five_minutes_ago_is_still_accepted_and_one_a_second_later_is_not()
    {
        var (signature, timestamp) = Sign(Now, Body);
        var verifier = Verifier(_discord.PublicKeyHex);

        _time.Advance(InteractionVerifier.MaxAge);
        Assert.Equal(InteractionVerdict.Valid, verifier.Verify(signature, timestamp, Body));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(InteractionVerdict.Stale, verifier.Verify(signature, timestamp, Body));
    }

    [Theory]
    [InlineData(null, "1780905600", InteractionVerdict.MissingHeaders)]
    [InlineData("", "1780905600", InteractionVerdict.MissingHeaders)]
    [InlineData("00", null, InteractionVerdict.MissingHeaders)]
    [InlineData("zz", "1780905600", InteractionVerdict.Malformed)]
    [InlineData("00", "1780905600", InteractionVerdict.Malformed)]
    [InlineData(null, "soon", InteractionVerdict.MissingHeaders)]
    public void Missing_or_malformed_headers_are_refused(string? signature, string? timestamp, InteractionVerdict expected)
    {
        Assert.Equal(expected, Verifier(_discord.PublicKeyHex).Verify(signature, timestamp, Body));
    }

    [Fact]
    public void A_timestamp_that_is_not_unix_seconds_is_malformed()
    {
        var (signature, _) = Sign(Now, Body);

        Assert.Equal(InteractionVerdict.Malformed, Verifier(_discord.PublicKeyHex).Verify(signature, "2026-06-08T08:00:00Z", Body));
    }

    [Fact]
    public void Without_a_public_key_the_verifier_is_off()
    {
        Assert.False(Verifier(null).IsConfigured);
        Assert.True(Verifier(_discord.PublicKeyHex).IsConfigured);
    }

    private (string Signature, string Timestamp) Sign(DateTimeOffset at, byte[] body)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return (_discord.Sign(timestamp, body), timestamp);
    }

    private InteractionVerifier Verifier(string? publicKey) =>
        new(Options.Create(new DiscordOptions { PublicKey = publicKey }), _time);
}
