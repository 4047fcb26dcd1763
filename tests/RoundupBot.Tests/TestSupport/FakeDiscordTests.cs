using System.Text.Json;

namespace RoundupBot.Tests.TestSupport;

/// <summary>The fake is only as good as its refusals: it must refuse what Discord refuses.</summary>
public sealed class FakeDiscordTests
{
    [Theory]
    [InlineData("""{"embeds":[{"description":"DESC"}]}""", "embeds.0.description", "BASE_TYPE_MAX_LENGTH")]
    [InlineData("""{"content":"x","embeds":[{"title":"t","url":""}]}""", "embeds.0.url", "")]
    [InlineData("""{"content":"x","avatar_url":"not a url"}""", "avatar_url", "URL_TYPE_INVALID_URL")]
    [InlineData("""{"content":"x","allowedMentions":{"parse":[]}}""", "allowedMentions", "UNKNOWN_FIELD")]
    [InlineData("""{"embeds":[{"title":"a","fields":[{"name":"","value":"v"}]}]}""", "embeds.0.fields.0.name", "BASE_TYPE_REQUIRED")]
    [InlineData("""{"embeds":[{"title":"TITLE"}]}""", "embeds.0.title", "BASE_TYPE_MAX_LENGTH")]
    [InlineData("""{"embeds":[{"description":"HALF"},{"description":"HALF"}]}""", "embeds", "MAX_EMBED_SIZE_EXCEEDED")]
    [InlineData("""{"content":"x","username":"My Discord bot"}""", "username", "USERNAME_INVALID_CONTAINS")]
    [InlineData("""{"content":"x","allowed_mentions":{"parse":["everybody"]}}""", "allowed_mentions", "")]
    public void Refuses_what_Discord_refuses_with_an_errors_tree(string body, string path, string code)
    {
        var json = body.Replace("DESC", new string('d', 4097), StringComparison.Ordinal)
            .Replace("TITLE", new string('t', 257), StringComparison.Ordinal)
            .Replace("HALF", new string('h', 3001), StringComparison.Ordinal);

        var answer = FakeDiscord.Check(json);

        Assert.NotNull(answer);
        using var document = JsonDocument.Parse(answer);
        Assert.Equal(50035, document.RootElement.GetProperty("code").GetInt32());
        var node = document.RootElement.GetProperty("errors");
        foreach (var segment in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.True(node.TryGetProperty(segment, out node), $"no errors.{path} in {answer}");
        }

        Assert.True(answer.Contains(code, StringComparison.Ordinal), answer);
    }

    [Fact]
    public void Refuses_an_empty_message_and_accepts_a_plain_one()
    {
        Assert.Contains("50006", FakeDiscord.Check("""{"allowed_mentions":{"parse":[]}}""")!, StringComparison.Ordinal);
        Assert.Null(FakeDiscord.Check("""{"content":"Hello","allowed_mentions":{"parse":[]}}"""));
    }
}
