namespace RoundupBot.Publishing.Discord;

/// <summary>Discord's HTTP API and our application there. Bound to the <c>Discord</c> section.</summary>
public sealed class DiscordOptions
{
    public const string SectionName = "Discord";

    /// <summary>Every Discord request goes here. <value>Default https://discord.com/api/v10.</value></summary>
    public string ApiBaseUrl { get; set; } = "https://discord.com/api/v10";
    public string? ApplicationId { get; set; }
    /// <summary>Hex Ed25519 public key used to verify interactions.</summary>
    public string? PublicKey { get; set; }
    /// <summary>A secret: give it through ROUNDUP__Discord__BotToken.</summary>
    public string? BotToken { get; set; }
    /// <summary>A secret: give it through ROUNDUP__Discord__ClientSecret.</summary>
    public string? ClientSecret { get; set; }
    public string? Username { get; set; }
    public string? AvatarUrl { get; set; }
}
