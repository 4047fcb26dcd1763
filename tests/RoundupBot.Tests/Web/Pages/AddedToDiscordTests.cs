using RoundupBot.Web.Pages;

namespace RoundupBot.Tests.Web.Pages;

public sealed class AddedToDiscordTests
{
    [Fact]
    public async Task Names_the_channel_with_a_link_into_its_server_and_the_webhook()
    {
        var page = await ComponentHtml.RenderAsync<AddedToDiscord>(new()
        {
            ["ChannelId"] = "1234",
            ["GuildId"] = "987",
            ["WebhookName"] = "Roundup",
        });

        Assert.Equal("Added to Discord", page.Title);
        Assert.StartsWith("Thank you! RoundupBot is in your server Each new issue will be posted in channel 1234 (through the webhook “Roundup”). To stop,", page.Text);
        Assert.Contains(("https://discord.com/channels/987/1234", "channel 1234"), page.Links);
    }

    [Fact]
    public async Task A_webhook_name_with_markup_and_quotes_is_shown_as_text()
    {
        const string name = "\"><script>alert(1)</script><a href=\"https://evil.example\">x</a>";

        var page = await ComponentHtml.RenderAsync<AddedToDiscord>(new()
        {
            ["ChannelId"] = "1234\"><b>",
            ["WebhookName"] = name,
        });

        Assert.Null(page.One("script"));
        Assert.Null(page.One("b"));
        Assert.DoesNotContain(page.Links, l => l.Href.Contains("evil", StringComparison.Ordinal));
        Assert.Contains($"channel 1234\"><b> (through the webhook “{name}”)", page.Text);
    }

    [Fact]
    public async Task Without_a_channel_it_speaks_of_the_channel_picked()
    {
        var page = await ComponentHtml.RenderAsync<AddedToDiscord>([]);

        Assert.Contains("Each new issue will be posted in the channel you picked. To stop", page.Text);
    }
}
