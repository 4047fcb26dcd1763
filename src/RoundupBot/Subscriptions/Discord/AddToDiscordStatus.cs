namespace RoundupBot.Subscriptions.Discord;

/// <summary>How an "Add to Discord" callback ended.</summary>
public enum AddToDiscordStatus
{
    /// <summary>The code was exchanged and the channel's webhook stored.</summary>
    Added,

    /// <summary>The user cancelled on Discord's page (<c>error=access_denied</c>) or Discord reported another error.</summary>
    Denied,

    /// <summary>No state, a forged one, or one issued to another browser: possibly a forged request.</summary>
    BadState,

    /// <summary>A genuine state that is older than <see cref="DiscordOAuthState.Lifetime"/>.</summary>
    ExpiredState,

    /// <summary>No code in the callback.</summary>
    MissingCode,

    /// <summary>Discord refused the code or did not answer, or sent no webhook.</summary>
    ExchangeFailed,
}
