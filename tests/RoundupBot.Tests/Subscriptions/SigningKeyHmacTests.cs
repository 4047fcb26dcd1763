using RoundupBot.Subscriptions;

namespace RoundupBot.Tests.Subscriptions;

public sealed class SigningKeyHmacTests
{
    private const string Key = "a-signing-key-for-tests-0123456789abcdef";

    [Fact]
    public void A_mac_verifies_under_its_own_key_only()
    {
        var key = SigningKeyHmac.DeriveKey(Key, "use one", "tests");
        var other = SigningKeyHmac.DeriveKey(Key, "use two", "tests");
        byte[] payload = [1, 2, 3];
        var mac = new byte[SigningKeyHmac.MacLength];
        SigningKeyHmac.Sign(key, payload, mac);

        Assert.True(SigningKeyHmac.Verify(key, payload, mac));
        Assert.False(SigningKeyHmac.Verify(other, payload, mac));
        Assert.False(SigningKeyHmac.Verify(key, [1, 2, 4], mac));
    }

    [Theory]
    [InlineData(null, "is not set")]
    [InlineData("short", "is too short (5 characters)")]
    public void A_missing_or_short_signing_key_is_refused_naming_the_key_and_what_it_signs(string? signingKey, string problem)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => SigningKeyHmac.DeriveKey(signingKey, "info", "the widgets"));

        Assert.Contains("Security:SigningKey " + problem, ex.Message, StringComparison.Ordinal);
        Assert.Contains("it signs the widgets", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ROUNDUP__Security__SigningKey", ex.Message, StringComparison.Ordinal);
    }
}
