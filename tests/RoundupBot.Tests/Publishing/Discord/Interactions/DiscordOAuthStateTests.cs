using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RoundupBot.Publishing.Discord.Interactions;
using RoundupBot.Publishing.Email;
using RoundupBot.Web;

namespace RoundupBot.Tests.Publishing.Discord.Interactions;

public sealed class DiscordOAuthStateTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 8, 8, 0, 0, TimeSpan.Zero));
    private readonly DiscordOAuthState _state;

    public DiscordOAuthStateTests() =>
        _state = new DiscordOAuthState(Options.Create(new SecurityOptions { SigningKey = "a-signing-key-for-tests-0123456789abcdef" }), _time);

    [Fact]
    public void A_state_is_redeemed_once()
    {
        var (state, nonce) = _state.Create();

        Assert.Equal(TokenStatus.Valid, _state.Redeem(state, nonce));
        Assert.Equal(TokenStatus.Forged, _state.Redeem(state, nonce));
    }

    [Fact]
    public void Two_states_are_independent_and_an_expired_one_stays_expired()
    {
        var (first, firstNonce) = _state.Create();
        var (second, secondNonce) = _state.Create();

        Assert.Equal(TokenStatus.Valid, _state.Redeem(first, firstNonce));
        _time.Advance(DiscordOAuthState.Lifetime);
        Assert.Equal(TokenStatus.Expired, _state.Redeem(second, secondNonce));
    }
}
