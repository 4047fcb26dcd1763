using System.Buffers.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RoundupBot.Publishing.Email;
using RoundupBot.Web;

namespace RoundupBot.Tests.Publishing.Email;

public sealed class SubscriptionTokensTests
{
    private const string Key = "test-signing-key-0123456789abcdefghijklmnop";
    private const string OtherKey = "another-signing-key-zyxwvutsrqponmlkjihgfedcba";
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 7, 30, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Now);

    [Fact]
    public void A_confirm_token_round_trips_to_its_subscriber_and_is_for_its_address_in_any_case()
    {
        var tokens = Tokens();

        var token = tokens.Create(TokenPurpose.Confirm, 42, "Ada@Example.org", lifetime: null);
        var check = tokens.Verify(token, TokenPurpose.Confirm);

        Assert.Equal(TokenStatus.Valid, check.Status);
        Assert.True(check.IsValid);
        Assert.Equal(42, check.SubscriberId);
        Assert.True(tokens.IsFor(check, "ada@example.org"));
        Assert.True(tokens.IsFor(check, "ADA@example.ORG"));
        Assert.False(tokens.IsFor(check, "bob@example.org"));
    }

    [Fact]
    public void An_unsubscribe_token_round_trips_and_is_url_safe()
    {
        var tokens = Tokens();

        var token = tokens.Create(TokenPurpose.Unsubscribe, long.MaxValue, "bob+news@example.org", lifetime: null);
        var check = tokens.Verify(token, TokenPurpose.Unsubscribe);

        Assert.Equal(TokenStatus.Valid, check.Status);
        Assert.Equal(long.MaxValue, check.SubscriberId);
        Assert.True(tokens.IsFor(check, "bob+news@example.org"));
        Assert.Matches("^[A-Za-z0-9_-]+$", token);
        Assert.Equal(token, Uri.EscapeDataString(token));
    }

    [Fact]
    public void The_same_input_at_the_same_time_gives_the_same_token_and_the_email_case_does_not_matter()
    {
        var tokens = Tokens();

        var lower = tokens.Create(TokenPurpose.Unsubscribe, 7, "ada@example.org", lifetime: null);
        var mixed = tokens.Create(TokenPurpose.Unsubscribe, 7, "  ADA@Example.ORG ", lifetime: null);

        Assert.Equal(lower, mixed);
        Assert.True(tokens.IsFor(tokens.Verify(mixed, TokenPurpose.Unsubscribe), "ada@example.org"));
    }

    [Fact]
    public void A_confirm_token_works_until_just_before_its_default_three_days_and_is_expired_from_then_on()
    {
        var tokens = Tokens();
        var token = tokens.Create(TokenPurpose.Confirm, 1, "ada@example.org", lifetime: null);

        _time.Advance(TimeSpan.FromDays(3) - TimeSpan.FromSeconds(1));
        Assert.Equal(TokenStatus.Valid, tokens.Verify(token, TokenPurpose.Confirm).Status);

        _time.Advance(TimeSpan.FromSeconds(1));
        var expired = tokens.Verify(token, TokenPurpose.Confirm);
        Assert.Equal(TokenStatus.Expired, expired.Status);
        Assert.False(expired.IsValid);
        Assert.False(expired.IsValid);
        Assert.Equal(0, expired.SubscriberId);
    }

    [Fact]
    public void A_token_with_an_explicit_lifetime_expires_after_that_lifetime()
    {
        var tokens = Tokens();
        var token = tokens.Create(TokenPurpose.Confirm, 1, "ada@example.org", TimeSpan.FromMinutes(30));

        _time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(TokenStatus.Valid, tokens.Verify(token, TokenPurpose.Confirm).Status);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(TokenStatus.Expired, tokens.Verify(token, TokenPurpose.Confirm).Status);
    }

    [Fact]
    public void A_lifetime_with_a_fraction_of_a_second_never_expires_early()
    {
        var time = new FakeTimeProvider(Now.AddMilliseconds(600));
        var tokens = Tokens(time: time);
        var token = tokens.Create(TokenPurpose.Confirm, 1, "ada@example.org", TimeSpan.FromSeconds(10));

        time.Advance(TimeSpan.FromMilliseconds(9_999));
        Assert.Equal(TokenStatus.Valid, tokens.Verify(token, TokenPurpose.Confirm).Status);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TokenStatus.Expired, tokens.Verify(token, TokenPurpose.Confirm).Status);
    }

    [Fact]
    public void An_unsubscribe_token_from_an_old_email_is_still_valid_years_later()
    {
        var tokens = Tokens();
        var token = tokens.Create(TokenPurpose.Unsubscribe, 9, "ada@example.org", lifetime: null);

        _time.Advance(TimeSpan.FromDays(365 * 20));

        Assert.Equal(TokenStatus.Valid, tokens.Verify(token, TokenPurpose.Unsubscribe).Status);
    }

    [Fact]
    public void Flipping_any_single_byte_of_a_token_makes_it_forged()
    {
        var tokens = Tokens();
        foreach (var purpose in new[] { TokenPurpose.Confirm, TokenPurpose.Unsubscribe })
        {
            var bytes = Base64Url.DecodeFromChars(tokens.Create(purpose, 42, "ada@example.org", lifetime: null));
            for (var i = 0; i < bytes.Length; i++)
            {
                foreach (var mask in new byte[] { 0x01, 0x80, 0xFF })
                {
                    var tampered = (byte[])bytes.Clone();
                    tampered[i] ^= mask;

                    var check = tokens.Verify(Base64Url.EncodeToString(tampered), purpose);

                    Assert.True(check.Status == TokenStatus.Forged, $"{purpose}: byte {i} ^ {mask:X2} gave {check.Status}");
                    Assert.False(check.IsValid);
                }
            }
        }
    }

    [Fact]
    public void Changing_any_character_of_a_token_is_never_valid()
    {
        var tokens = Tokens();
        var token = tokens.Create(TokenPurpose.Unsubscribe, 42, "ada@example.org", lifetime: null);

        for (var i = 0; i < token.Length; i++)
        {
            foreach (var replacement in "AaZz09-_")
            {
                if (token[i] == replacement)
                {
                    continue;
                }

                var changed = string.Concat(token.AsSpan(0, i), replacement.ToString(), token.AsSpan(i + 1));
                var status = tokens.Verify(changed, TokenPurpose.Unsubscribe).Status;

                Assert.True(status is TokenStatus.Forged or TokenStatus.Malformed, $"position {i} → '{replacement}' gave {status}");
            }
        }
    }

    [Fact]
    public void A_token_signed_with_another_key_is_forged()
    {
        var ours = Tokens();
        var theirs = Tokens(OtherKey);

        foreach (var purpose in new[] { TokenPurpose.Confirm, TokenPurpose.Unsubscribe })
        {
            var token = theirs.Create(purpose, 42, "ada@example.org", lifetime: null);

            Assert.Equal(TokenStatus.Valid, theirs.Verify(token, purpose).Status);
            Assert.Equal(TokenStatus.Forged, ours.Verify(token, purpose).Status);
        }
    }

    [Fact]
    public void A_confirm_token_used_to_unsubscribe_is_refused_as_the_wrong_purpose()
    {
        var tokens = Tokens();
        var token = tokens.Create(TokenPurpose.Confirm, 42, "ada@example.org", lifetime: null);

        var check = tokens.Verify(token, TokenPurpose.Unsubscribe);

        Assert.Equal(TokenStatus.WrongPurpose, check.Status);
        Assert.False(check.IsValid);
        Assert.False(check.IsValid);
    }

    [Fact]
    public void An_unsubscribe_token_used_to_confirm_is_refused_as_the_wrong_purpose()
    {
        var tokens = Tokens();
        var token = tokens.Create(TokenPurpose.Unsubscribe, 42, "ada@example.org", lifetime: null);

        Assert.Equal(TokenStatus.WrongPurpose, tokens.Verify(token, TokenPurpose.Confirm).Status);
    }

    [Fact]
    public void Rewriting_the_purpose_byte_of_a_genuine_token_is_forged_because_each_purpose_has_its_own_key()
    {
        var tokens = Tokens();
        var bytes = Base64Url.DecodeFromChars(tokens.Create(TokenPurpose.Confirm, 42, "ada@example.org", lifetime: null));
        bytes[1] = (byte)TokenPurpose.Unsubscribe;

        var rewritten = Base64Url.EncodeToString(bytes);

        Assert.Equal(TokenStatus.Forged, tokens.Verify(rewritten, TokenPurpose.Unsubscribe).Status);
        Assert.Equal(TokenStatus.Forged, tokens.Verify(rewritten, TokenPurpose.Confirm).Status);
    }

    [Fact]
    public void A_token_for_one_address_is_bound_to_it_so_a_reused_id_with_another_address_does_not_match()
    {
        var tokens = Tokens();
        var forAda = tokens.Create(TokenPurpose.Unsubscribe, 42, "ada@example.org", lifetime: null);
        var forBob = tokens.Create(TokenPurpose.Unsubscribe, 42, "bob@example.org", lifetime: null);

        Assert.NotEqual(forAda, forBob);
        Assert.True(tokens.IsFor(tokens.Verify(forAda, TokenPurpose.Unsubscribe), "ada@example.org"));
        Assert.False(tokens.IsFor(tokens.Verify(forAda, TokenPurpose.Unsubscribe), "bob@example.org"));
        Assert.True(tokens.IsFor(tokens.Verify(forBob, TokenPurpose.Unsubscribe), "bob@example.org"));
    }

    [Fact]
    public void Swapping_the_address_tag_of_a_genuine_token_for_another_addresss_is_forged()
    {
        var tokens = Tokens();
        var bytes = Base64Url.DecodeFromChars(tokens.Create(TokenPurpose.Unsubscribe, 42, "ada@example.org", lifetime: null));
        var swapped = bytes.ToArray();
        Base64Url.DecodeFromChars(tokens.Create(TokenPurpose.Unsubscribe, 42, "bob@example.org", lifetime: null)).AsSpan(18, 16).CopyTo(swapped.AsSpan(18));

        Assert.Equal(TokenStatus.Forged, tokens.Verify(Base64Url.EncodeToString(swapped), TokenPurpose.Unsubscribe).Status);
    }

    public static TheoryData<string, string> Garbage => new()
    {
        { "empty", "" },
        { "whitespace", "   " },
        { "100 KB of letters", new string('A', 100 * 1024) },
        { "100 KB of symbols", new string('%', 100 * 1024) },
        { "not base64", "this is not a token!" },
        { "standard base64 with padding", "YWRhQGV4YW1wbGUub3Jn==" },
        { "standard base64 characters", "ab+/cd+/ef+/gh+/ij+/kl+/mn+/op+/qr+/st+/uv+/wx+/yz+/AB+/CD+/EF+/GH+/IJ+/KL+/MN+/OP+/QR" },
        { "short but valid base64url", "AAAA" },
        { "one character", "A" },
        { "control characters", "\0\r\n\t" },
        { "non-ASCII", "ｔｏｋｅｎ✓" },
        { "a URL", "https://example.org/unsubscribe?t=abc" },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Garbage_is_malformed_without_an_exception(string description, string garbage)
    {
        var tokens = Tokens();

        foreach (var purpose in new[] { TokenPurpose.Confirm, TokenPurpose.Unsubscribe })
        {
            var check = tokens.Verify(garbage, purpose);

            Assert.True(check.Status == TokenStatus.Malformed, $"{description}: {check.Status}");
            Assert.False(check.IsValid);
        }
    }

    [Fact]
    public void A_null_token_is_malformed_without_an_exception()
    {
        Assert.Equal(TokenStatus.Malformed, Tokens().Verify(null!, TokenPurpose.Unsubscribe).Status);
    }

    [Fact]
    public void Every_truncation_of_a_genuine_token_is_refused_without_an_exception()
    {
        var tokens = Tokens();
        var token = tokens.Create(TokenPurpose.Confirm, 42, "ada@example.org", lifetime: null);

        for (var length = 0; length < token.Length; length++)
        {
            var status = tokens.Verify(token[..length], TokenPurpose.Confirm).Status;

            Assert.True(status is TokenStatus.Malformed or TokenStatus.Forged, $"length {length} gave {status}");
        }

        Assert.Equal(TokenStatus.Malformed, tokens.Verify(token[..10], TokenPurpose.Confirm).Status);
    }

    [Fact]
    public void A_token_with_a_character_appended_is_refused()
    {
        var tokens = Tokens();
        var token = tokens.Create(TokenPurpose.Confirm, 42, "ada@example.org", lifetime: null);

        foreach (var suffix in new[] { "A", "AA", "=", "%3D", " ", "\n" })
        {
            var status = tokens.Verify(token + suffix, TokenPurpose.Confirm).Status;

            Assert.True(status is TokenStatus.Malformed or TokenStatus.Forged, $"suffix '{suffix}' gave {status}");
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Without_a_signing_key_create_and_verify_throw_naming_the_key_and_how_to_set_it(string? signingKey)
    {
        var tokens = Tokens(signingKey);

        var create = Assert.Throws<InvalidOperationException>(() => tokens.Create(TokenPurpose.Confirm, 1, "ada@example.org", lifetime: null));
        var verify = Assert.Throws<InvalidOperationException>(() => tokens.Verify("anything", TokenPurpose.Unsubscribe));

        foreach (var message in new[] { create.Message, verify.Message })
        {
            Assert.Contains("Security:SigningKey", message, StringComparison.Ordinal);
            Assert.Contains("ROUNDUP__Security__SigningKey", message, StringComparison.Ordinal);
            Assert.Contains("not set", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_signing_key_that_is_too_short_throws_without_revealing_it()
    {
        var tokens = Tokens("short-secret");

        var error = Assert.Throws<InvalidOperationException>(() => tokens.Create(TokenPurpose.Unsubscribe, 1, "ada@example.org", lifetime: null));

        Assert.Contains("ROUNDUP__Security__SigningKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("short-secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Creating_refuses_a_missing_email_a_non_positive_id_a_non_positive_lifetime_and_a_confirm_token_that_never_expires()
    {
        var tokens = Tokens();

        Assert.Throws<ArgumentException>(() => tokens.Create(TokenPurpose.Confirm, 1, " ", lifetime: null));
        Assert.Throws<ArgumentException>(() => tokens.Create(TokenPurpose.Confirm, 1, new string('a', 250) + "@x.org", lifetime: null));
        Assert.Throws<ArgumentOutOfRangeException>(() => tokens.Create(TokenPurpose.Confirm, 0, "ada@example.org", lifetime: null));
        Assert.Throws<ArgumentOutOfRangeException>(() => tokens.Create(TokenPurpose.Confirm, 1, "ada@example.org", TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => tokens.Create(TokenPurpose.Confirm, 1, "ada@example.org", Timeout.InfiniteTimeSpan));
        Assert.Throws<ArgumentOutOfRangeException>(() => tokens.Create((TokenPurpose)9, 1, "ada@example.org", lifetime: null));
    }

    [Fact]
    public void An_unsubscribe_token_may_be_given_an_infinite_or_a_finite_lifetime()
    {
        var tokens = Tokens();
        var forever = tokens.Create(TokenPurpose.Unsubscribe, 1, "ada@example.org", Timeout.InfiniteTimeSpan);
        var week = tokens.Create(TokenPurpose.Unsubscribe, 1, "ada@example.org", TimeSpan.FromDays(7));

        _time.Advance(TimeSpan.FromDays(8));

        Assert.Equal(TokenStatus.Valid, tokens.Verify(forever, TokenPurpose.Unsubscribe).Status);
        Assert.Equal(TokenStatus.Expired, tokens.Verify(week, TokenPurpose.Unsubscribe).Status);
    }

    [Fact]
    public void An_internationalized_address_round_trips()
    {
        var tokens = Tokens();

        var token = tokens.Create(TokenPurpose.Unsubscribe, 3, "Zoë@Exämple.org", lifetime: null);

        Assert.True(tokens.IsFor(tokens.Verify(token, TokenPurpose.Unsubscribe), "ZOË@exämple.org"));
    }

    [Fact]
    public void A_token_carries_neither_the_address_nor_the_subscriber_id_in_any_readable_form()
    {
        var tokens = Tokens();

        foreach (var purpose in new[] { TokenPurpose.Confirm, TokenPurpose.Unsubscribe })
        {
            var token = tokens.Create(purpose, 42, "ada.lovelace@example.org", lifetime: null);
            var bytes = Base64Url.DecodeFromChars(token);
            var id = new byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(id, 42);

            Assert.Equal(66, bytes.Length);
            Assert.Equal(2, bytes[0]);
            Assert.DoesNotContain("ada", token, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(-1, bytes.AsSpan().IndexOf("ada"u8));
            Assert.Equal(-1, bytes.AsSpan().IndexOf("example"u8));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(id));
        }
    }

    [Fact]
    public void Two_subscribers_tokens_share_no_visible_structure_beyond_version_and_purpose()
    {
        var tokens = Tokens();

        var first = Base64Url.DecodeFromChars(tokens.Create(TokenPurpose.Unsubscribe, 1, "ada@example.org", lifetime: null));
        var second = Base64Url.DecodeFromChars(tokens.Create(TokenPurpose.Unsubscribe, 2, "ada@example.org", lifetime: null));

        // Ids 1 and 2 differ in one bit in the clear; encrypted, their references differ throughout.
        var sameBytes = first.AsSpan(2, 16).ToArray().Zip(second.AsSpan(2, 16).ToArray()).Count(p => p.First == p.Second);
        Assert.InRange(sameBytes, 0, 4);
    }

    [Fact]
    public void An_unsubscribe_link_of_an_email_sent_before_opaque_tokens_still_works_for_its_own_address()
    {
        var tokens = Tokens();
        var legacy = LegacyToken(TokenPurpose.Unsubscribe, 42, "Ada@Example.org", expiry: 0);

        var check = tokens.Verify(legacy, TokenPurpose.Unsubscribe);

        Assert.Equal(TokenStatus.Valid, check.Status);
        Assert.Equal(42, check.SubscriberId);
        Assert.True(tokens.IsFor(check, "ada@example.org"));
        Assert.False(tokens.IsFor(check, "bob@example.org"));
        Assert.Equal(TokenStatus.WrongPurpose, tokens.Verify(legacy, TokenPurpose.Confirm).Status);
        Assert.Equal(TokenStatus.Forged, Tokens(OtherKey).Verify(legacy, TokenPurpose.Unsubscribe).Status);
    }

    [Fact]
    public void A_confirmation_link_sent_before_opaque_tokens_works_until_it_expires()
    {
        var tokens = Tokens();
        var legacy = LegacyToken(TokenPurpose.Confirm, 7, "ada@example.org", expiry: Now.AddDays(3).ToUnixTimeSeconds());

        Assert.Equal(TokenStatus.Valid, tokens.Verify(legacy, TokenPurpose.Confirm).Status);
        _time.Advance(TimeSpan.FromDays(3));
        Assert.Equal(TokenStatus.Expired, tokens.Verify(legacy, TokenPurpose.Confirm).Status);
    }

    /// <summary>A version 1 token exactly as the links of earlier issues carry it, written out from its documented layout.</summary>
    internal static string LegacyToken(TokenPurpose purpose, long subscriberId, string email, long expiry, string signingKey = Key)
    {
        var name = purpose == TokenPurpose.Confirm ? "confirm" : "unsubscribe";
        var key = System.Security.Cryptography.HKDF.DeriveKey(
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Text.Encoding.UTF8.GetBytes(signingKey), 32, salt: [],
            info: System.Text.Encoding.UTF8.GetBytes($"RoundupBot subscription token v1: {name}"));
        var address = System.Text.Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant());
        var token = new byte[18 + address.Length + 32];
        token[0] = 1;
        token[1] = (byte)purpose;
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(token.AsSpan(2, 8), subscriberId);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(token.AsSpan(10, 8), expiry);
        address.CopyTo(token.AsSpan(18));
        System.Security.Cryptography.HMACSHA256.HashData(key, token.AsSpan(0, 18 + address.Length), token.AsSpan(18 + address.Length));
        return Base64Url.EncodeToString(token);
    }

    private SubscriptionTokens Tokens(string? signingKey = Key, TimeProvider? time = null) =>
        new(Options.Create(new SecurityOptions { SigningKey = signingKey }), time ?? _time);
}
