using System.Text.Json;

namespace RoundupBot.Tests.TestSupport;

/// <summary>One bulk overwrite of application commands that <see cref="FakeDiscord"/> accepted; <see cref="GuildId"/> null for global ones.</summary>
public sealed record FakeCommandRegistration(string ApplicationId, string? GuildId, JsonElement Commands, string Authorization);
