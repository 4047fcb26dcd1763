using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using RoundupBot.Model;
using RoundupBot.Storage.Sqlite;
using RoundupBot.Tests.TestSupport;
using Xunit.Abstractions;

namespace RoundupBot.Cli.Tests;

/// <summary>
/// Review mode end to end through the real command line: the feed over real HTTP on loopback, the editors' notice and the
/// issue through a real SMTP server (aiosmtpd), SQLite under a temporary data folder.
/// </summary>
[Collection(WallClockTiming.Name)]
public sealed class ReviewFlowTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Editor = "editor@example.org";
    private LoopbackServer _feeds = null!;
    private SmtpSink _smtp = null!;

    public async Task InitializeAsync()
    {
        _feeds = await LoopbackServer.StartAsync();
        _smtp = await SmtpSink.StartAsync();
        _feeds.MapFile("/research.rss", EvaluationFeed.Rss(120, TimeProvider.System.GetUtcNow()));
    }

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        await _feeds.DisposeAsync();
    }

    [Fact]
    public async Task A_build_sends_nothing_the_editor_is_told_edits_apply_and_approval_sends_each_subscriber_the_edited_issue_once()
    {
        using var cli = Cli();
        await SubscribeAsync(cli, "reader1@example.org", "reader2@example.org", "reader3@example.org");

        var run = await cli.RunAsync("run");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("as the draft for review (version 1)", run.Out, StringComparison.Ordinal);
        Assert.Contains("Told 1 of 1 editors.", run.Out, StringComparison.Ordinal);
        await _smtp.WaitForCountAsync(1);
        var notice = Assert.Single(_smtp.Received);
        Assert.Equal(Editor, Assert.Single(notice.Recipients));
        Assert.Contains("https://roundup.example.org/admin/draft", notice.Message.TextBody, StringComparison.Ordinal);
        Assert.Equal(0, (await cli.RunAsync("digest", "list", "--json")).Json().GetArrayLength());

        var shown = await cli.RunAsync("draft", "show", "--json");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Contains("Draft version 1:", shown.Error, StringComparison.Ordinal);
        var json = JsonNode.Parse(shown.Out)!;
        var sections = json["sections"]!.AsArray();
        sections[0]!["title"] = "The editor's pick";
        var moved = sections[1]!["items"]!.AsArray()[0]!;
        var movedTitle = moved["title"]!.GetValue<string>();
        sections[1]!["items"]!.AsArray().RemoveAt(0);
        var movedId = moved["id"]!.GetValue<long>();
        foreach (var sentence in sections[1]!["sentences"]!.AsArray().ToList().Where(s => s!["itemIds"]!.AsArray().Any(id => id!.GetValue<long>() == movedId)))
        {
            sections[1]!["sentences"]!.AsArray().Remove(sentence);
        }

        json["otherReads"]!.AsArray().Insert(0, moved);
        json["editorNote"] = "I thought December was going to be a slow month, but boy, this one is packed.";
        var file = Path.Combine(cli.Directory, "edited.json");
        await File.WriteAllTextAsync(file, json.ToJsonString());

        var edit = await cli.RunAsync("draft", "edit", file, "--version", "1");
        Assert.True(edit.ExitCode == 0, edit.ToString());
        Assert.Contains("now version 2", edit.Out, StringComparison.Ordinal);
        var stale = await cli.RunAsync("draft", "edit", file, "--version", "1");
        Assert.Equal(1, stale.ExitCode);
        Assert.Contains("changed meanwhile, reload", stale.Error, StringComparison.Ordinal);

        var approve = await cli.RunAsync("draft", "approve");
        Assert.True(approve.ExitCode == 0, approve.ToString());
        Assert.Contains("Published Some interesting things to start the week #1", approve.Out, StringComparison.Ordinal);
        Assert.Contains("Deliveries: 3 sent", approve.Out, StringComparison.Ordinal);
        await _smtp.WaitForCountAsync(4);
        var issues = _smtp.Received.Where(r => r.Recipients.Single() != Editor).ToList();
        Assert.Equal(["reader1@example.org", "reader2@example.org", "reader3@example.org"], issues.Select(r => r.Recipients.Single()).Order(StringComparer.Ordinal));
        Assert.All(issues, mail =>
        {
            var text = mail.Message.TextBody ?? "";
            Assert.StartsWith("Some interesting things to start the week #1", text, StringComparison.Ordinal);
            Assert.True(text.IndexOf("I thought December", StringComparison.Ordinal) < text.IndexOf("In today's edition", StringComparison.Ordinal));
            Assert.Contains("The editor's pick", text, StringComparison.Ordinal);
            Assert.Contains("I thought December was going to be a slow month", mail.Message.HtmlBody, StringComparison.Ordinal);
        });

        var second = await cli.RunAsync("draft", "approve");
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("There is no draft waiting for review.", second.Error, StringComparison.Ordinal);
        await Task.Delay(300);
        Assert.Equal(4, _smtp.ReceivedCount);

        var archived = await cli.RunAsync("digest", "show", "1", "--json");
        var issue = archived.Json();
        Assert.Equal("The editor's pick", issue.GetProperty("sections")[0].GetProperty("title").GetString());
        Assert.Equal(movedTitle, issue.GetProperty("otherReads")[0].GetProperty("title").GetString());
        Assert.StartsWith("I thought December", issue.GetProperty("editorNote").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_draft_each_draft_command_says_so_and_exits_1()
    {
        using var cli = Cli();
        var file = Path.Combine(cli.Directory, "any.json");
        await File.WriteAllTextAsync(file, "{}");

        foreach (string[] args in (string[][])[["draft", "show"], ["draft", "show", "--json"], ["draft", "edit", file], ["draft", "approve"], ["draft", "discard"]])
        {
            var result = await cli.RunAsync(args);
            Assert.True(result.ExitCode == 1, $"{string.Join(' ', args)}: {result}");
            Assert.Contains("There is no draft waiting for review.", result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_bad_edit_file_is_refused_naming_the_file_and_field_with_exit_2_and_the_draft_unchanged()
    {
        using var cli = Cli();
        Assert.Equal(0, (await cli.RunAsync("run")).ExitCode);
        var original = (await cli.RunAsync("draft", "show", "--json")).Out;

        var broken = Path.Combine(cli.Directory, "broken.json");
        await File.WriteAllTextAsync(broken, original[..(original.Length / 2)]);
        var renamed = JsonNode.Parse(original)!;
        renamed["title"] = "Not the title";
        var title = Path.Combine(cli.Directory, "title.json");
        await File.WriteAllTextAsync(title, renamed.ToJsonString());
        var emoji = JsonNode.Parse(original)!;
        emoji["sections"]![0]!["emoji"] = "🧠🤖";
        var twoEmoji = Path.Combine(cli.Directory, "emoji.json");
        await File.WriteAllTextAsync(twoEmoji, emoji.ToJsonString());

        var malformed = await cli.RunAsync("draft", "edit", broken);
        var changedTitle = await cli.RunAsync("draft", "edit", title);
        var badEmoji = await cli.RunAsync("draft", "edit", twoEmoji);
        var missing = await cli.RunAsync("draft", "edit", Path.Combine(cli.Directory, "nope.json"));

        Assert.Equal((2, 2, 2, 2), (malformed.ExitCode, changedTitle.ExitCode, badEmoji.ExitCode, missing.ExitCode));
        Assert.Contains($"roundup: {broken}: digest.json: is not a digest at line", malformed.Error, StringComparison.Ordinal);
        Assert.Contains($"roundup: {title}: title: cannot be changed in a draft", changedTitle.Error, StringComparison.Ordinal);
        Assert.Contains($"roundup: {twoEmoji}: sections[0].emoji: must be exactly one emoji, such as 🧠; got '🧠🤖' (2 characters). The draft is unchanged.", badEmoji.Error, StringComparison.Ordinal);
        Assert.Contains("nope.json", missing.Error, StringComparison.Ordinal);
        Assert.Equal(original, (await cli.RunAsync("draft", "show", "--json")).Out);
    }

    [Fact]
    public async Task Discard_removes_the_draft_and_the_next_run_builds_a_new_one()
    {
        using var cli = Cli();
        Assert.Equal(0, (await cli.RunAsync("run")).ExitCode);

        var discard = await cli.RunAsync("draft", "discard");
        var show = await cli.RunAsync("draft", "show");
        var again = await cli.RunAsync("run");

        Assert.Contains("Discarded the draft Some interesting things to start the week #1 (version 1).", discard.Out, StringComparison.Ordinal);
        Assert.Equal(1, show.ExitCode);
        Assert.Contains("as the draft for review (version 3)", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_past_its_review_deadline_is_published_by_the_next_run_once()
    {
        using var cli = Cli(deadline: "01:00:00");
        await SubscribeAsync(cli, "reader1@example.org");
        Assert.Equal(0, (await cli.RunAsync("run")).ExitCode);
        Assert.Contains("published as it stands at", (await cli.RunAsync("draft", "show")).Error, StringComparison.Ordinal);
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(cli.DataPath, "roundup.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE drafts SET deadline = 1000";
            await command.ExecuteNonQueryAsync();
        }

        var first = await cli.RunAsync("run");
        var second = await cli.RunAsync("run");

        Assert.True(first.Out.Contains("Published the draft Some interesting things to start the week #1: its review deadline had passed", StringComparison.Ordinal), first.ToString());
        Assert.DoesNotContain("Published the draft", second.Out, StringComparison.Ordinal);
        Assert.Equal(1, (await cli.RunAsync("digest", "list", "--json")).Json().GetArrayLength());
        await _smtp.WaitForCountAsync(2);
        await Task.Delay(300);
        Assert.Single(_smtp.Received, r => r.Recipients.Single() == "reader1@example.org");
    }

    [Fact]
    public async Task Killed_while_sending_the_approved_issue_a_second_run_sends_the_rest_and_nobody_gets_it_twice()
    {
        const int subscribers = 1000;
        using var cli = Cli(timeout: "00:00:30");
        var addresses = Enumerable.Range(0, subscribers).Select(i => $"reader{i:D4}@example.org").ToList();
        await SubscribeAsync(cli, [.. addresses]);
        Assert.Equal(0, (await cli.RunAsync("run")).ExitCode);
        await _smtp.WaitForCountAsync(1);

        using (var approve = Start(cli, "draft", "approve"))
        {
            var deadline = TimeProvider.System.GetUtcNow().AddSeconds(180);
            while (_smtp.ReceivedCount < 301 && !approve.HasExited && TimeProvider.System.GetUtcNow() < deadline)
            {
                await Task.Delay(5);
            }

            Assert.False(approve.HasExited, $"the approval ended (exit {(approve.HasExited ? approve.ExitCode : 0)}) before it could be killed");
            approve.Kill();
            await approve.WaitForExitAsync();
        }

        var atKill = _smtp.ReceivedCount - 1;
        output.WriteLine($"killed after the server had {atKill} issues");
        Assert.InRange(atKill, 300, subscribers - 1);

        var resumed = await cli.RunAsync("run");
        output.WriteLine(resumed.ToString());
        Assert.True(resumed.ExitCode == 0, resumed.ToString());

        var received = _smtp.Received.Select(r => r.Recipients.Single()).Where(r => r != Editor).ToList();
        Assert.Empty(received.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key));
        await using var check = new SqliteStore(Path.Combine(cli.DataPath, "roundup.db"), TimeProvider.System);
        var deliveries = await check.ListDeliveriesAsync(1, CancellationToken.None);
        Assert.Equal(subscribers, deliveries.Count);
        var byId = (await check.ListSubscribersAsync(CancellationToken.None)).ToDictionary(s => s.Id, s => s.Address);
        var interrupted = deliveries.Where(d => d.Status == DeliveryStatus.Interrupted).Select(d => byId[d.SubscriberId]).ToList();
        Assert.InRange(interrupted.Count, 0, 1);
        Assert.All(deliveries.Where(d => d.Status != DeliveryStatus.Interrupted), d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        Assert.Equal(addresses.Order(StringComparer.Ordinal), received.Union(interrupted).Order(StringComparer.Ordinal));
    }

    private CliRun Cli(string? deadline = null, string timeout = "00:00:05") => new($$"""
        {
          "Roundup": {
            "BaseUrl": "https://roundup.example.org",
            "Review": true,
            "Editors": [ "{{Editor}}" ]{{(deadline is null ? "" : $", \"ReviewDeadline\": \"{deadline}\"")}}
          },
          "Sources": [{ "Name": "Research", "Url": "{{_feeds.Url("/research.rss")}}" }],
          "Fetch": { "AllowPrivateAddresses": true, "Timeout": "{{timeout}}" },
          "Email": {
            "Smtp": { "Host": "127.0.0.1", "Port": {{_smtp.Port}}, "Security": "None" },
            "From": "Research Roundup <roundup@example.org>",
            "ListId": "roundup.example.org",
            "MessagesPerSecond": 0
          },
          "Security": { "SigningKey": "review-flow-test-signing-key-0123456789" }
        }
        """);

    private static async Task SubscribeAsync(CliRun cli, params string[] addresses)
    {
        await using var store = new SqliteStore(Path.Combine(cli.DataPath, "roundup.db"), TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        foreach (var address in addresses)
        {
            await store.SubscribeAsync(address, SubscriberStatus.Confirmed, TimeProvider.System.GetUtcNow(), CancellationToken.None);
        }
    }

    private Process Start(CliRun cli, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "roundup.dll"), "--config", cli.ConfigPath, "--data", cli.DataPath, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => output.WriteLine("approve: " + e.Data);
        process.ErrorDataReceived += (_, e) => output.WriteLine("approve! " + e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
