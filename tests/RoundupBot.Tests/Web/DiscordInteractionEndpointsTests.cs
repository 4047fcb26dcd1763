using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using RoundupBot.Publishing.Discord;
using RoundupBot.Subscriptions.Discord;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Web;

public sealed class DiscordInteractionEndpointsTests : IAsyncLifetime
{
    private const ulong ManageServer = 0x20;
    private const ulong ManageWebhooks = 0x2000_0000;
    private const ulong SendMessages = 0x800;

    private const string Channel = "1500000000000000001";

    private readonly InteractionSigner _discordKey = new();
    private FakeDiscord _discord = null!;
    private LoopbackServer _feeds = null!;
    private TestWebServer _server = null!;

    public async Task InitializeAsync()
    {
        _discord = await FakeDiscord.StartAsync();
        _feeds = await LoopbackServer.StartAsync();
        _server = await TestWebServer.StartAsync(Settings(_discordKey.PublicKeyHex));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _feeds.DisposeAsync();
        await _discord.DisposeAsync();
        _discordKey.Dispose();
    }

    [Fact]
    public async Task A_signed_ping_is_answered_with_pong()
    {
        var (status, body) = await PostAsync(Ping());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, JsonDocument.Parse(body).RootElement.GetProperty("type").GetInt32());
        Assert.Empty(FakeDiscord.CheckInteractionResponse(body));
    }

    [Fact]
    public async Task A_ping_signed_by_another_key_is_401()
    {
        using var stranger = new InteractionSigner();
        using var client = _server.Client();

        using var response = await client.SendAsync(stranger.Request(Ping().ToJsonString(), TimeProvider.System.GetUtcNow()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_401()
    {
        using var client = _server.Client();
        using var request = _discordKey.Request(Ping().ToJsonString(), TimeProvider.System.GetUtcNow());
        var signed = await request.Content!.ReadAsByteArrayAsync();
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(signed).Replace("\"type\":1", "\"type\":2", StringComparison.Ordinal));
        request.Content = new ByteArrayContent(tampered);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_request_signed_ten_minutes_ago_is_401()
    {
        using var client = _server.Client();

        using var response = await client.SendAsync(_discordKey.Request(Ping().ToJsonString(), TimeProvider.System.GetUtcNow().AddMinutes(-10)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("X-Signature-Ed25519")]
    [InlineData("X-Signature-Timestamp")]
    public async Task A_request_without_a_signature_header_is_401(string header)
    {
        using var client = _server.Client();
        using var request = _discordKey.Request(Ping().ToJsonString(), TimeProvider.System.GetUtcNow());
        request.Headers.Remove(header);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_cap_is_refused_before_anything_else()
    {
        using var client = _server.Client();
        var huge = Ping();
        huge["padding"] = new string('x', (int)RoundupBot.Web.DiscordInteractionEndpoints.MaxBodyBytes);

        using var response = await client.SendAsync(_discordKey.Request(huge.ToJsonString(), TimeProvider.System.GetUtcNow()));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_public_key_the_endpoint_is_off_and_says_so()
    {
        await using var server = await TestWebServer.StartAsync(Settings(publicKey: null));
        using var client = server.Client();

        using var response = await client.SendAsync(_discordKey.Request(Ping().ToJsonString(), TimeProvider.System.GetUtcNow()));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Discord:PublicKey", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Latest_links_the_last_issue_and_lists_its_sections_for_the_channel()
    {
        await _server.SaveDigestAsync(1);
        var digest = TestWebServer.SampleDigest(2);
        digest = digest with { Sections = [digest.Sections[0] with { Title = "@everyone look <@&123> **here**" }, .. digest.Sections.Skip(1)] };
        await _server.Store.SaveDigestAsync(digest, TimeProvider.System.GetUtcNow(), [], CancellationToken.None);

        var reply = await CommandAsync(RoundupCommands.Latest);

        Assert.Equal(4, reply.Type);
        Assert.Null(reply.Flags);
        Assert.Contains("Some interesting things to start the week \\#2", reply.Content);
        Assert.Contains("https://roundup.example.org/digests/2", reply.Content);
        Assert.Contains("⚡ Efficient inference", reply.Content);
        Assert.Contains("🤖 Agents", reply.Content);
        Assert.DoesNotContain("@everyone", reply.Content, StringComparison.Ordinal);
        Assert.Contains("\\*\\*here\\*\\*", reply.Content);
        Assert.Empty(reply.AllowedMentionsParse);
    }

    [Fact]
    public async Task Latest_with_a_number_shows_that_issue_and_says_when_there_is_none()
    {
        await _server.SaveDigestAsync(1);
        await _server.SaveDigestAsync(2);

        var first = await CommandAsync(RoundupCommands.Latest, options: [new JsonObject { ["type"] = 4, ["name"] = "number", ["value"] = 1 }]);
        var missing = await CommandAsync(RoundupCommands.Latest, options: [new JsonObject { ["type"] = 4, ["name"] = "number", ["value"] = 9 }]);
        var huge = await CommandAsync(RoundupCommands.Latest, options: [new JsonObject { ["type"] = 4, ["name"] = "number", ["value"] = 1e30 }]);

        Assert.Contains("/digests/1", first.Content);
        Assert.Contains("There is no issue #9", missing.Content);
        Assert.Equal(64, missing.Flags);
        Assert.Contains("whole number from 1", huge.Content);
        Assert.Equal(64, huge.Flags);
    }

    [Fact]
    public async Task Latest_before_any_issue_says_so()
    {
        var reply = await CommandAsync(RoundupCommands.Latest);

        Assert.Contains("No issue has been published yet", reply.Content);
        Assert.Equal(64, reply.Flags);
    }

    [Fact]
    public async Task Sources_lists_every_source_with_its_status_only_to_the_member()
    {
        _feeds.MapFile("/good.rss", Rss("Good blog"));
        await using var server = await TestWebServer.StartAsync(Settings(_discordKey.PublicKeyHex, new()
        {
            ["Sources:0:Name"] = "Good blog",
            ["Sources:0:Url"] = _feeds.Url("/good.rss").AbsoluteUri,
            ["Sources:1:Name"] = "@everyone *Broken* feed",
            ["Sources:1:Url"] = _feeds.Url("/missing.rss").AbsoluteUri,
        }));
        await server.Services.GetRequiredService<RoundupBot.Pipeline.FetchPipeline>().FetchDueAsync(null, CancellationToken.None);

        var reply = await CommandAsync(RoundupCommands.Sources, server: server);

        Assert.Equal(64, reply.Flags);
        Assert.Contains("**2 sources**: 1 fine, 1 failing, 0 disabled", reply.Content);
        Assert.Contains("Good blog (rss): ok, fetched", reply.Content);
        Assert.Contains("\\*Broken\\* feed (rss): failing (1 in a row)", reply.Content);
        Assert.DoesNotContain("@everyone", reply.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sources_fit_one_message_however_many_there_are()
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < 60; i++)
        {
            settings[$"Sources:{i}:Name"] = $"Source {i:00} " + new string('n', 80);
            settings[$"Sources:{i}:Url"] = _feeds.Url($"/feed{i}.rss").AbsoluteUri;
        }

        await using var server = await TestWebServer.StartAsync(Settings(_discordKey.PublicKeyHex, settings));

        var reply = await CommandAsync(RoundupCommands.Sources, server: server);

        Assert.InRange(reply.Content!.Length, 1000, 2000);
        Assert.Contains("**60 sources**", reply.Content);
        Assert.Matches(@"…and \d+ more$", reply.Content);
    }

    [Fact]
    public async Task Now_from_a_member_with_Manage_Server_defers_then_edits_the_reply_with_the_outcome()
    {
        var token = "itoken-" + Guid.NewGuid().ToString("N");

        var reply = await CommandAsync(RoundupCommands.Now, permissions: ManageServer, token: token);
        var edit = await WaitForEditAsync(token);

        Assert.Equal(5, reply.Type);
        Assert.Equal(64, reply.Flags);
        Assert.Null(reply.Content);
        Assert.Equal(_discord.ApplicationId, edit.ApplicationId);
        Assert.StartsWith("No issue was built", edit.Content);
        Assert.Empty(edit.Body.GetProperty("allowed_mentions").GetProperty("parse").EnumerateArray());
    }

    [Fact]
    public async Task Now_from_an_administrator_runs_too()
    {
        var token = "itoken-" + Guid.NewGuid().ToString("N");

        var reply = await CommandAsync(RoundupCommands.Now, permissions: 0x8, token: token);

        Assert.Equal(5, reply.Type);
        Assert.NotNull(await WaitForEditAsync(token));
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(SendMessages | ManageWebhooks)]
    public async Task Now_without_Manage_Server_is_refused_and_runs_nothing(ulong permissions)
    {
        var reply = await CommandAsync(RoundupCommands.Now, permissions: permissions);
        await Task.Delay(300);

        Assert.Equal(4, reply.Type);
        Assert.Equal(64, reply.Flags);
        Assert.Contains("Only members with Manage Server", reply.Content);
        Assert.Empty(_discord.EditedReplies);
        Assert.Empty(await _server.Store.ListDigestsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Now_while_a_roundup_runs_says_so_at_once()
    {
        var release = new TaskCompletionSource();
        _feeds.Map("/slow.rss", async context =>
        {
            await release.Task.WaitAsync(context.RequestAborted);
            context.Response.ContentType = "application/rss+xml";
            await context.Response.WriteAsync(Rss("Slow"), context.RequestAborted);
        });
        await using var server = await TestWebServer.StartAsync(Settings(_discordKey.PublicKeyHex, new()
        {
            ["Sources:0:Name"] = "Slow feed",
            ["Sources:0:Url"] = _feeds.Url("/slow.rss").AbsoluteUri,
        }));
        var firstToken = "itoken-" + Guid.NewGuid().ToString("N");

        var first = await CommandAsync(RoundupCommands.Now, permissions: ManageServer, token: firstToken, server: server);
        await WaitUntilAsync(() => _feeds.RequestCount("/slow.rss") > 0);
        var second = await CommandAsync(RoundupCommands.Now, permissions: ManageServer, server: server);
        release.SetResult();
        var edit = await WaitForEditAsync(firstToken);

        Assert.Equal(5, first.Type);
        Assert.Equal(4, second.Type);
        Assert.Contains("already running", second.Content);
        Assert.StartsWith("No issue was built", edit.Content);
        Assert.Single(_discord.EditedReplies);
    }

    [Fact]
    public async Task Draft_shows_an_owner_the_drafts_title_sections_and_admin_link_ephemerally()
    {
        var digest = TestWebServer.SampleDigest(1);
        await _server.Store.SaveDraftAsync(digest, TimeProvider.System.GetUtcNow(), null, null, CancellationToken.None);

        var reply = await CommandAsync(RoundupCommands.Draft, permissions: ManageServer);

        Assert.Equal((4, 64), (reply.Type, reply.Flags));
        Assert.Empty(reply.AllowedMentionsParse);
        Assert.StartsWith("**The next issue is waiting for review\\: Some interesting things to start the week \\#1**", reply.Content, StringComparison.Ordinal);
        Assert.Contains("Version 1, not edited yet. `/roundup approve` publishes it.", reply.Content, StringComparison.Ordinal);
        Assert.Contains("🧠 Reasoning \\(1 item\\)", reply.Content, StringComparison.Ordinal);
        Assert.Contains("/admin/draft", reply.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Draft_and_approve_are_refused_to_members_who_do_not_run_the_roundup_and_change_nothing()
    {
        await _server.Store.SaveDraftAsync(TestWebServer.SampleDigest(1), TimeProvider.System.GetUtcNow(), null, null, CancellationToken.None);

        var draft = await CommandAsync(RoundupCommands.Draft, permissions: SendMessages);
        var approve = await CommandAsync(RoundupCommands.Approve, permissions: SendMessages);
        await Task.Delay(300);

        Assert.Contains("Only members with Manage Server may use `/roundup draft`", draft.Content, StringComparison.Ordinal);
        Assert.Contains("Only members with Manage Server may use `/roundup approve`", approve.Content, StringComparison.Ordinal);
        Assert.Empty(_discord.EditedReplies);
        Assert.NotNull(await _server.Store.GetDraftAsync(CancellationToken.None));
        Assert.Empty(await _server.Store.ListDigestsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Draft_without_a_draft_says_there_is_none()
    {
        var reply = await CommandAsync(RoundupCommands.Draft, permissions: ManageServer);

        Assert.StartsWith("There is no draft waiting for review.", reply.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_from_an_owner_publishes_the_draft_once_and_a_second_approve_finds_none()
    {
        await _server.Store.SaveDraftAsync(TestWebServer.SampleDigest(1) with { EditorNote = "Mine." }, TimeProvider.System.GetUtcNow(), null, null, CancellationToken.None);
        var firstToken = "itoken-" + Guid.NewGuid().ToString("N");
        var secondToken = "itoken-" + Guid.NewGuid().ToString("N");

        var first = await CommandAsync(RoundupCommands.Approve, permissions: ManageServer, token: firstToken);
        var published = await WaitForEditAsync(firstToken);
        var second = await CommandAsync(RoundupCommands.Approve, permissions: ManageServer, token: secondToken);
        var none = await WaitForEditAsync(secondToken);

        Assert.Equal((5, 64), (first.Type, first.Flags));
        Assert.StartsWith("Published issue #1: **Some interesting things to start the week \\#1**, 3 sections.", published.Content, StringComparison.Ordinal);
        Assert.Equal(5, second.Type);
        Assert.StartsWith("There is no draft waiting for review.", none.Content, StringComparison.Ordinal);
        Assert.Equal("Mine.", Assert.Single(await _server.Store.ListDigestsAsync(CancellationToken.None)) is { } only
            ? (await _server.Store.GetDigestAsync(only.Number, CancellationToken.None))!.EditorNote
            : null);
    }

    [Fact]
    public async Task Subscribe_creates_a_webhook_in_the_channel_with_the_bot_and_stores_it()
    {
        var reply = await CommandAsync(RoundupCommands.Subscribe, permissions: ManageWebhooks);
        var again = await CommandAsync(RoundupCommands.Subscribe, permissions: ManageServer);

        Assert.Equal(64, reply.Flags);
        Assert.Equal($"Subscribed <#{Channel}>: each new issue will be posted here. `/roundup unsubscribe` stops it.", reply.Content);
        var webhook = Assert.Single(_discord.CreatedWebhooks);
        Assert.Equal(Channel, webhook.ChannelId);
        Assert.NotNull(await Subscriptions.FindByChannelAsync(Channel, CancellationToken.None));
        Assert.Contains("is already subscribed", again.Content);
        Assert.Single(_discord.CreatedWebhooks);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(SendMessages)]
    public async Task Subscribe_without_Manage_Webhooks_or_Manage_Server_is_refused_and_stores_nothing(ulong permissions)
    {
        var reply = await CommandAsync(RoundupCommands.Subscribe, permissions: permissions);

        Assert.Contains("Only members with Manage Webhooks or Manage Server", reply.Content);
        Assert.Empty(_discord.CreatedWebhooks);
        Assert.Null(await Subscriptions.FindByChannelAsync(Channel, CancellationToken.None));
    }

    [Fact]
    public async Task Subscribe_says_so_when_Discord_refuses_the_webhook_and_stores_nothing()
    {
        _discord.RefuseWebhookCreation = true;

        var reply = await CommandAsync(RoundupCommands.Subscribe, permissions: ManageWebhooks);

        Assert.Equal(64, reply.Flags);
        Assert.Contains("needs the Manage Webhooks permission in this channel", reply.Content);
        Assert.Null(await Subscriptions.FindByChannelAsync(Channel, CancellationToken.None));
    }

    [Fact]
    public async Task Subscribe_where_the_bot_may_not_manage_webhooks_asks_for_the_permission_first()
    {
        var interaction = Command(RoundupCommands.Subscribe, ManageServer);
        interaction["app_permissions"] = SendMessages.ToString(CultureInfo.InvariantCulture);

        var reply = await ReplyAsync(interaction);

        Assert.Contains("RoundupBot needs the Manage Webhooks permission", reply.Content);
        Assert.Empty(_discord.Requests);
    }

    [Fact]
    public async Task Unsubscribe_removes_the_channel_and_says_when_there_was_nothing_to_remove()
    {
        await CommandAsync(RoundupCommands.Subscribe, permissions: ManageWebhooks);

        var reply = await CommandAsync(RoundupCommands.Unsubscribe, permissions: ManageWebhooks);
        var again = await CommandAsync(RoundupCommands.Unsubscribe, permissions: ManageWebhooks);
        var notPermitted = await CommandAsync(RoundupCommands.Unsubscribe, permissions: SendMessages);

        Assert.Contains($"Unsubscribed <#{Channel}>", reply.Content);
        Assert.Null(await Subscriptions.FindByChannelAsync(Channel, CancellationToken.None));
        Assert.Contains("is not subscribed, so nothing changed", again.Content);
        Assert.Contains("Only members with Manage Webhooks or Manage Server", notPermitted.Content);
    }

    [Theory]
    [InlineData(RoundupCommands.Subscribe)]
    [InlineData(RoundupCommands.Unsubscribe)]
    public async Task A_command_that_needs_a_server_is_refused_in_a_direct_message(string subcommand)
    {
        var reply = await CommandAsync(subcommand, permissions: ManageServer, guildId: null);

        Assert.Equal(64, reply.Flags);
        Assert.Contains("works in a server channel, not in a direct message", reply.Content);
        Assert.Empty(_discord.EditedReplies);
        Assert.Empty(_discord.CreatedWebhooks);
    }

    [Fact]
    public async Task Another_command_gets_a_clear_reply()
    {
        var interaction = Command(RoundupCommands.Latest);
        interaction["data"]!["name"] = "weather **now** @everyone " + new string('x', 5000);

        var reply = await ReplyAsync(interaction);

        Assert.Equal(64, reply.Flags);
        Assert.Contains("RoundupBot has no command /weather \\*\\*now\\*\\*", reply.Content);
        Assert.DoesNotContain("@everyone", reply.Content, StringComparison.Ordinal);
        Assert.True(reply.Content!.Length < 400);
    }

    [Fact]
    public async Task A_missing_or_unknown_subcommand_gets_a_clear_reply()
    {
        var bare = Command(RoundupCommands.Latest);
        bare["data"]!.AsObject().Remove("options");
        var unknown = Command(new string('z', 10_000));

        var noSubcommand = await ReplyAsync(bare);
        var wrong = await ReplyAsync(unknown);

        Assert.Contains("`/roundup` needs a subcommand", noSubcommand.Content);
        Assert.Contains("has no subcommand 'zzzz", wrong.Content);
        Assert.True(wrong.Content!.Length < 400);
        Assert.Equal(64, wrong.Flags);
    }

    [Fact]
    public async Task An_option_a_subcommand_does_not_take_gets_a_clear_reply_and_stores_nothing()
    {
        var reply = await CommandAsync(RoundupCommands.Subscribe, permissions: ManageServer,
            options: [new JsonObject { ["type"] = 3, ["name"] = "url", ["value"] = new string('u', 20_000) }]);

        Assert.Equal(64, reply.Flags);
        Assert.Contains("has no option 'url'", reply.Content);
        Assert.DoesNotContain("uuuu", reply.Content);
        Assert.Empty(_discord.CreatedWebhooks);
    }

    [Fact]
    public async Task A_body_that_is_not_an_interaction_is_400()
    {
        using var client = _server.Client();

        using var response = await client.SendAsync(_discordKey.Request("""{"hello":"world"}""", TimeProvider.System.GetUtcNow()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData(ManageServer)]
    [InlineData(0x8UL)]
    public async Task Now_from_the_admin_of_an_unrelated_server_is_refused_politely_and_fetches_nothing(ulong permissions)
    {
        // The attack: a guild that merely added the application, whose own admin asks for a run.
        _feeds.MapFile("/feed.rss", Encoding.UTF8.GetBytes(Rss("Feed")), "application/rss+xml");
        await using var server = await TestWebServer.StartAsync(Settings(_discordKey.PublicKeyHex, new()
        {
            ["Sources:0:Name"] = "Feed",
            ["Sources:0:Url"] = _feeds.Url("/feed.rss").AbsoluteUri,
        }));
        var interaction = Command(RoundupCommands.Now, permissions);
        interaction["guild_id"] = "999999999999";

        var reply = await ReplyAsync(interaction, server);
        await Task.Delay(500);

        Assert.Equal(4, reply.Type);
        Assert.Equal(64, reply.Flags);
        Assert.Contains("only for the people who run this RoundupBot", reply.Content);
        Assert.Contains("Nothing was changed", reply.Content);
        Assert.Empty(_discord.EditedReplies);
        Assert.Equal(0, _feeds.RequestCount("/feed.rss"));
        Assert.Empty(await server.Store.ListDigestsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Now_in_a_direct_message_from_someone_not_listed_is_refused()
    {
        var reply = await CommandAsync(RoundupCommands.Now, permissions: 0x8, guildId: null);
        await Task.Delay(300);

        Assert.Equal(64, reply.Flags);
        Assert.Contains("only for the people who run this RoundupBot", reply.Content);
        Assert.Empty(_discord.EditedReplies);
    }

    [Fact]
    public async Task Now_from_a_listed_user_runs_in_a_direct_message_and_in_any_server()
    {
        const string owner = "1700000000000000042";
        await using var server = await TestWebServer.StartAsync(Settings(_discordKey.PublicKeyHex, new() { ["Discord:AdminUserIds:0"] = owner }));
        var inDm = "itoken-" + Guid.NewGuid().ToString("N");
        var elsewhere = "itoken-" + Guid.NewGuid().ToString("N");
        var strangerGuild = Command(RoundupCommands.Now, permissions: 0, token: elsewhere, userId: owner);
        strangerGuild["guild_id"] = "999999999999";

        var dm = await ReplyAsync(Command(RoundupCommands.Now, guildId: null, token: inDm, userId: owner), server);
        await WaitForEditAsync(inDm);
        var guild = await ReplyAsync(strangerGuild, server);

        Assert.Equal(5, dm.Type);
        Assert.Equal(5, guild.Type);
        Assert.StartsWith("No issue was built", (await WaitForEditAsync(elsewhere)).Content);
    }

    [Fact]
    public async Task Subscribing_a_channel_of_an_unrelated_server_stays_with_that_servers_own_admins()
    {
        var interaction = Command(RoundupCommands.Subscribe, ManageWebhooks);
        interaction["guild_id"] = "999999999999";

        var reply = await ReplyAsync(interaction);

        Assert.Contains($"Subscribed <#{Channel}>", reply.Content);
        Assert.Single(_discord.CreatedWebhooks);
    }

    [Theory]
    [InlineData("""{"type":2,"id":"1400000000000000002","application_id":"APP","token":"t","data":{"name":"weather","options":[]}}""", "data.options")]
    [InlineData("""{"type":2,"id":"1400000000000000002","application_id":"APP","token":"t","data":{"name":"roundup","options":[1,"x"]}}""", "data.options")]
    [InlineData("""{"type":2,"id":"1400000000000000002","application_id":"APP","token":"t","data":{"name":"roundup","options":[{"type":1,"name":"latest","options":"x"}]}}""", "subcommand")]
    [InlineData("""{"type":2,"id":"1400000000000000002","application_id":"APP","token":"t","data":{"name":"roundup","options":[{"type":1}]}}""", "subcommand")]
    [InlineData("""{"type":2,"id":"1400000000000000002","application_id":"APP","token":"t","data":"roundup"}""", "data")]
    [InlineData("""{"type":2,"id":"1400000000000000002","application_id":"APP","token":"t"}""", "data")]
    [InlineData("""{"type":"2","id":"1400000000000000002","application_id":"APP","token":"t"}""", "type")]
    [InlineData("""{"type":2,"id":14,"application_id":"APP","token":"t"}""", "id")]
    [InlineData("""[1,2,3]""", "JSON object")]
    [InlineData("""{"type":2,""", "not JSON")]
    public async Task A_malformed_interaction_is_400_with_what_is_wrong_never_500(string body, string named)
    {
        using var client = _server.Client();

        using var response = await client.SendAsync(_discordKey.Request(body.Replace("APP", _discord.ApplicationId, StringComparison.Ordinal), TimeProvider.System.GetUtcNow()));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("the body is not a Discord interaction: ", text);
        Assert.Contains(named, text);
        Assert.Empty(_discord.EditedReplies);
    }

    private DiscordSubscriptions Subscriptions => _server.Services.GetRequiredService<DiscordSubscriptions>();

    private Dictionary<string, string?> Settings(string? publicKey, Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Roundup:BaseUrl"] = "https://roundup.example.org",
            ["Discord:ApiBaseUrl"] = _discord.ApiBaseUrl,
            ["Discord:ApplicationId"] = _discord.ApplicationId,
            ["Discord:BotToken"] = _discord.BotToken,
            ["Discord:PublicKey"] = publicKey,
            ["Discord:Timeout"] = "00:00:05",
            ["Discord:AdminGuildIds:0"] = FakeDiscord.GuildId,
        };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    private JsonObject Ping() => new()
    {
        ["type"] = 1,
        ["id"] = "1400000000000000001",
        ["application_id"] = _discord.ApplicationId,
        ["token"] = "ping-token",
        ["version"] = 1,
    };

    private JsonObject Command(string subcommand, ulong permissions = SendMessages, string? guildId = FakeDiscord.GuildId, string? token = null, JsonArray? options = null, string userId = "1700000000000000001")
    {
        var sub = new JsonObject { ["type"] = 1, ["name"] = subcommand };
        if (options is not null)
        {
            sub["options"] = options;
        }

        var interaction = new JsonObject
        {
            ["type"] = 2,
            ["id"] = "1400000000000000002",
            ["application_id"] = _discord.ApplicationId,
            ["token"] = token ?? "itoken-" + Guid.NewGuid().ToString("N"),
            ["version"] = 1,
            ["channel_id"] = "1500000000000000001",
            ["channel"] = new JsonObject { ["id"] = "1500000000000000001", ["type"] = 0, ["name"] = "research" },
            ["app_permissions"] = "2251799813685247",
            ["data"] = new JsonObject { ["id"] = "1600000000000000001", ["name"] = "roundup", ["type"] = 1, ["options"] = new JsonArray(sub) },
        };
        var user = new JsonObject { ["id"] = userId, ["username"] = "ada" };
        if (guildId is not null)
        {
            interaction["guild_id"] = guildId;
            interaction["member"] = new JsonObject { ["user"] = user, ["permissions"] = permissions.ToString(CultureInfo.InvariantCulture) };
        }
        else
        {
            interaction["user"] = user;
        }

        return interaction;
    }

    private async Task<Reply> CommandAsync(string subcommand, ulong permissions = SendMessages, string? guildId = FakeDiscord.GuildId, string? token = null, JsonArray? options = null, TestWebServer? server = null) =>
        await ReplyAsync(Command(subcommand, permissions, guildId, token, options), server);

    private async Task<Reply> ReplyAsync(JsonObject interaction, TestWebServer? server = null)
    {
        var (status, body) = await PostAsync(interaction, server);
        Assert.True(status == HttpStatusCode.OK, $"{status}: {body}");
        Assert.Empty(FakeDiscord.CheckInteractionResponse(body));
        var root = JsonDocument.Parse(body).RootElement;
        var data = root.TryGetProperty("data", out var d) ? d : default;
        return new Reply(
            root.GetProperty("type").GetInt32(),
            data.ValueKind == JsonValueKind.Object && data.TryGetProperty("content", out var c) ? c.GetString() : null,
            data.ValueKind == JsonValueKind.Object && data.TryGetProperty("flags", out var f) ? f.GetInt32() : null,
            data.ValueKind == JsonValueKind.Object && data.TryGetProperty("allowed_mentions", out var a) ? [.. a.GetProperty("parse").EnumerateArray().Select(x => x.GetString()!)] : ["(missing)"]);
    }

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(JsonObject interaction, TestWebServer? server = null)
    {
        using var client = (server ?? _server).Client();
        using var response = await client.SendAsync(_discordKey.Request(interaction.ToJsonString(), TimeProvider.System.GetUtcNow()));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<FakeEditedReply> WaitForEditAsync(string token)
    {
        FakeEditedReply? edit = null;
        await WaitUntilAsync(() => (edit = _discord.EditedReplies.FirstOrDefault(e => e.InteractionToken == token)) is not null);
        return edit!;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(20);
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, "timed out waiting");
            await Task.Delay(25);
        }
    }

    private static string Rss(string title) => $"""
        <?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title><link>https://example.org/</link><description>d</description>
        <item><title>Post</title><link>https://example.org/post</link><pubDate>Mon, 01 Jun 2026 08:00:00 GMT</pubDate></item>
        </channel></rss>
        """;

    private sealed record Reply(int Type, string? Content, int? Flags, IReadOnlyList<string> AllowedMentionsParse);
}
