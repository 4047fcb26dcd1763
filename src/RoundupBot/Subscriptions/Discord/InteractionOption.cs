using System.Text.Json;

namespace RoundupBot.Subscriptions.Discord;

/// <summary>One option a user gave a subcommand: its name, Discord's option type and the value as sent (a detached copy).</summary>
public sealed record InteractionOption(string Name, int Type, JsonElement Value);
