using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Cli.Tests;

/// <summary><c>roundup subscribers add-discord | list | remove</c> against the fake Discord.</summary>
public sealed class DiscordSubscribersCommandTests : IAsyncLifetime
{
    private FakeDiscord _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeDiscord.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Add_a_Discord_channel_list_it_beside_an_email_subscriber_and_remove_it_never_printing_the_token()
    {
        var webhook = _fake.AddWebhook();
        using var cli = Cli();

        var email = await cli.RunAsync("subscribers", "add-email", "ada@example.org");
        var add = await cli.RunAsync("subscribers", "add-discord", $"https://discord.com/api/webhooks/{webhook.Id}/{webhook.Token}");
        var again = await cli.RunAsync("subscribers", "add-discord", $"https://canary.discord.com/api/webhooks/{webhook.Id}/{webhook.Token}");
        var table = await cli.RunAsync("subscribers", "list");
        var json = await cli.RunAsync("subscribers", "list", "--json");
        var remove = await cli.RunAsync("subscribers", "remove", "2");
        var after = await cli.RunAsync("subscribers", "list", "--json");

        Assert.True(email.ExitCode == 0, email.ToString());
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Equal($"Subscriber 2: Discord #{webhook.ChannelId} in guild 1100000000000000001 (webhook {webhook.Id}, \"Roundup\") is confirmed and receives the next issue.", add.Out.Trim());
        Assert.Equal(add.Out, again.Out);
        Assert.Matches(@"1\s+email\s+ada@example.org\s+confirmed", table.Out);
        Assert.Matches($@"2\s+discord\s+#{webhook.ChannelId} in guild \d+ \(webhook {webhook.Id}, ""Roundup""\)\s+confirmed", table.Out);
        var rows = json.Json().EnumerateArray().ToList();
        Assert.Equal(["email", "discord"], rows.Select(r => r.GetProperty("channel").GetString()));
        Assert.Contains(webhook.Id, rows[1].GetProperty("address").GetString(), StringComparison.Ordinal);
        Assert.Contains("Removed subscriber 2.", remove.Out, StringComparison.Ordinal);
        Assert.Equal(["ada@example.org"], after.Json().EnumerateArray().Select(r => r.GetProperty("address").GetString()));
        foreach (var result in new[] { add, again, table, json, remove })
        {
            Assert.DoesNotContain(webhook.Token, result.Out + result.Error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("http://discord.com/api/webhooks/{id}/{token}", "must use https")]
    [InlineData("https://example.org/api/webhooks/{id}/{token}", "host is 'example.org'")]
    [InlineData("https://discord.com/api/webhooks/{id}", "no token")]
    [InlineData("https://discord.com/api/webhooks/{id}/{token}/github", "goes on after webhooks/{id}/***")]
    [InlineData("https://discord.com/api/webhooks/{id}/{token}?thread_id=1&wait=true%26x", "thread_id")]
    public async Task A_malformed_url_exits_2_with_a_clear_message_and_nothing_is_stored(string form, string problem)
    {
        var webhook = _fake.AddWebhook();
        using var cli = Cli();

        var add = await cli.RunAsync("subscribers", "add-discord", Url(form, webhook));
        var list = await cli.RunAsync("subscribers", "list", "--json");

        Assert.Equal(2, add.ExitCode);
        Assert.StartsWith("roundup: Not a Discord webhook URL: ", add.Error, StringComparison.Ordinal);
        Assert.Contains(Url(problem, webhook), add.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(webhook.Token, add.Out + add.Error, StringComparison.Ordinal);
        Assert.Equal(0, list.Json().GetArrayLength());
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task A_huge_argument_exits_2_without_being_echoed()
    {
        using var cli = Cli();

        var add = await cli.RunAsync("subscribers", "add-discord", "https://discord.com/api/webhooks/" + new string('1', 50_000));

        Assert.Equal(2, add.ExitCode);
        Assert.Contains("50", add.Error, StringComparison.Ordinal);
        Assert.True(add.Error.Length < 500, add.Error);
    }

    [Fact]
    public async Task A_deleted_webhook_exits_2_and_nothing_is_stored()
    {
        var webhook = _fake.AddWebhook();
        _fake.Delete(webhook);
        using var cli = Cli();

        var add = await cli.RunAsync("subscribers", "add-discord", $"https://discord.com/api/webhooks/{webhook.Id}/{webhook.Token}");
        var list = await cli.RunAsync("subscribers", "list", "--json");

        Assert.Equal(2, add.ExitCode);
        Assert.Contains($"Discord says webhooks/{webhook.Id}/*** does not exist (deleted?)", add.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(webhook.Token, add.Out + add.Error, StringComparison.Ordinal);
        Assert.Equal(0, list.Json().GetArrayLength());
    }

    private CliRun Cli() => new($$"""
        {
          "Sources": [],
          "Discord": { "ApiBaseUrl": "{{_fake.ApiBaseUrl}}", "RetryDelay": "00:00:00.050" }
        }
        """);

    private static string Url(string form, FakeWebhook webhook) =>
        form.Replace("{id}", webhook.Id, StringComparison.Ordinal).Replace("{token}", webhook.Token, StringComparison.Ordinal);
}
