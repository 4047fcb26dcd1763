namespace RoundupBot.Publishing.Discord;

/// <summary>A webhook Discord created for us (or confirmed): its id, its token (a secret), and where it posts.</summary>
public sealed record DiscordWebhookInfo(string Id, string Token, string? ChannelId, string? GuildId, string? Name);
