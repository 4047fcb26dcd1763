using Microsoft.Playwright;
using RoundupBot.Rendering;
using RoundupBot.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace RoundupBot.Tests.Web;

/// <summary>
/// The admin's path in a real browser: Debian's headless Chromium driven by Playwright (no browser download; .ci/run
/// installs the <c>chromium</c> package) against the real server on loopback.
/// </summary>
[Collection(WallClockTiming.Name)]
public sealed class BrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private LoopbackServer _feeds = null!;
    private TestWebServer _server = null!;

    public async Task InitializeAsync()
    {
        _feeds = await LoopbackServer.StartAsync();
        _feeds.MapFile("/research.rss", EvaluationFeed.Rss(120, TimeProvider.System.GetUtcNow()));
        _server = await TestWebServer.StartAsync(new Dictionary<string, string?>
        {
            ["Sources:0:Name"] = "Research",
            ["Sources:0:Url"] = _feeds.Url("/research.rss").AbsoluteUri,
            // A loaded CI machine may be slow to answer even on loopback; the test is about the browser path.
            ["Fetch:Timeout"] = "00:01:00",
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _feeds.DisposeAsync();
    }

    [Fact]
    public async Task The_admin_signs_in_runs_the_roundup_and_finds_the_new_issue_in_the_archive()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (.ci/run does).");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 420, Height = 900 } });
        page.SetDefaultTimeout(180_000);
        var blocked = WatchContentSecurityPolicy(page);

        await page.GotoAsync(new Uri(_server.BaseUrl, "admin/signin").AbsoluteUri);
        await ScreenshotAsync(page, "signin.png");
        await page.FillAsync("input[name=token]", TestWebServer.Token);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/admin");
        Assert.Contains("Research", await page.ContentAsync());
        await ScreenshotAsync(page, "admin.png");

        await page.ClickAsync("text=Run roundup now");
        try
        {
            // Polls the page itself, not Chromium's lifecycle events: on a loaded machine the load (and even the
            // DOMContentLoaded) event has come minutes after the issue page was there, or never reached Playwright.
            await page.WaitForFunctionAsync(
                "() => location.pathname === '/digests/1' && document.readyState !== 'loading' && !!document.querySelector('h1')",
                null, new PageWaitForFunctionOptions { PollingInterval = 200 });
        }
        catch (TimeoutException)
        {
            output.WriteLine($"after the run the browser is at {page.Url}:\n{await page.InnerTextAsync("body")}");
            throw;
        }

        var heading = await page.InnerTextAsync("h1");
        await ScreenshotAsync(page, "issue-1.png");
        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "issue-1.png");

        await page.GotoAsync(new Uri(_server.BaseUrl, "digests").AbsoluteUri);
        var archive = await page.ContentAsync();
        await ScreenshotAsync(page, "archive.png");
        // The admin page again, now with a fetched source, an issue and a subscriber, to look at.
        await _server.Store.SubscribeAsync("reader@example.org", RoundupBot.Model.SubscriberStatus.Confirmed, TimeProvider.System.GetUtcNow(), CancellationToken.None);
        await page.GotoAsync(new Uri(_server.BaseUrl, "admin").AbsoluteUri);
        var adminAfterRun = await page.InnerTextAsync("main");
        await ScreenshotAsync(page, "admin-after-run.png");

        Assert.Contains("Some interesting things to start the week #1", heading);
        Assert.Contains("/digests/1", archive);
        Assert.Contains("reader@example.org", adminAfterRun);
        Assert.Contains("Some interesting things to start the week #1", adminAfterRun);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is suspiciously small");
        Assert.Empty(blocked);
    }

    [Fact]
    public async Task A_reader_subscribes_confirms_and_unsubscribes_through_the_pages()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (.ci/run does).");
        await using var sink = await SmtpSink.StartAsync();
        await using var server = await TestWebServer.StartAsync(new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["Email:From"] = "Roundup <roundup@example.org>",
            ["Email:MessagesPerSecond"] = "0",
            // One subscribe request per client in the window: the second shows the "too many requests" page.
            ["Email:Subscribe:ClientLimit"] = "1",
            ["Security:SigningKey"] = "browser-test-signing-key-0123456789abcdef",
            ["Roundup:BaseUrl"] = "https://roundup.example.org",
        });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 420, Height = 900 } });
        page.SetDefaultTimeout(60_000);
        var blocked = WatchContentSecurityPolicy(page);
        string Url(string path) => new Uri(server.BaseUrl, path.TrimStart('/')).AbsoluteUri;

        await page.GotoAsync(Url("/subscribe"));
        await ScreenshotAsync(page, "subscribe.png");
        await page.FillAsync("input[name=email]", "ada@example.org");
        var inbox = await ClickToNextPageAsync(page, "button[type=submit]");
        await ScreenshotAsync(page, "check-your-inbox.png");

        await sink.WaitForCountAsync(1);
        var confirmLink = System.Text.RegularExpressions.Regex.Match(Assert.Single(sink.Received).Message.TextBody ?? "", @"https://\S+/confirm\?token=\S+").Value;
        await page.GotoAsync(Url(new Uri(confirmLink).PathAndQuery));
        await ScreenshotAsync(page, "confirm.png");
        var subscribed = await ClickToNextPageAsync(page, "text=Confirm my subscription");
        await ScreenshotAsync(page, "subscribed.png");

        var ada = (await server.Store.FindSubscriberAsync("ada@example.org", CancellationToken.None))!;
        var unsubscribeLink = server.Services.GetRequiredService<RoundupBot.Subscriptions.Email.SubscriptionService>().UnsubscribeUrl(ada, "https://roundup.example.org");
        await page.GotoAsync(Url(new Uri(unsubscribeLink).PathAndQuery));
        await ScreenshotAsync(page, "unsubscribe.png");
        var unsubscribed = await ClickToNextPageAsync(page, "button[type=submit]");
        await ScreenshotAsync(page, "unsubscribed.png");

        await page.GotoAsync(Url("/subscribe"));
        await page.FillAsync("input[name=email]", "grace@example.org");
        var tooMany = await ClickToNextPageAsync(page, "button[type=submit]");
        await ScreenshotAsync(page, "too-many-requests.png");

        Assert.Equal("Check your inbox", inbox);
        Assert.Equal("You're subscribed", subscribed);
        Assert.Equal("You're unsubscribed", unsubscribed);
        Assert.Equal("Too many requests", tooMany);
        Assert.Equal(RoundupBot.Model.SubscriberStatus.Unsubscribed, (await server.Store.FindSubscriberAsync("ada@example.org", CancellationToken.None))!.Status);
        Assert.Empty(blocked);
    }

    [Fact]
    public async Task The_editor_renames_a_section_moves_an_item_writes_a_note_and_approves_and_every_output_carries_them()
    {
        await _server.Store.SaveDraftAsync(TestWebServer.SampleDigest(1), TimeProvider.System.GetUtcNow(), null, null, CancellationToken.None);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1000, Height = 900 } });
        page.SetDefaultTimeout(180_000);
        var blocked = WatchContentSecurityPolicy(page);
        await page.GotoAsync(new Uri(_server.BaseUrl, "admin/signin").AbsoluteUri);
        await page.FillAsync("input[name=token]", TestWebServer.Token);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/admin");

        await page.GotoAsync(new Uri(_server.BaseUrl, "admin/draft").AbsoluteUri);
        await ScreenshotAsync(page, "draft.png");
        // By label, as a keyboard or screen-reader user finds them.
        await page.GetByLabel("Title").First.FillAsync("Thinking harder");
        await page.Locator("form[action='/admin/draft/heading']").First.GetByRole(AriaRole.Button, new() { Name = "Rename" }).ClickAsync();
        await WaitForVersionAsync(page, 2);
        await page.Locator("#move-4").SelectOptionAsync("1");
        await page.Locator("form:has(#move-4)").GetByRole(AriaRole.Button, new() { Name = "Move" }).ClickAsync();
        await WaitForVersionAsync(page, 3);
        await page.GetByLabel("Your opening paragraph, shown first everywhere (empty: none)").FillAsync("December was meant to be quiet. It was not.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the note" }).ClickAsync();
        await WaitForVersionAsync(page, 4);
        await ScreenshotAsync(page, "draft-edited.png");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve and publish to every subscriber" }).ClickAsync();
        await page.WaitForFunctionAsync("() => location.pathname === '/digests/1' && !!document.querySelector('h1')", null, new PageWaitForFunctionOptions { PollingInterval = 200 });
        var web = await page.InnerTextAsync("main");
        await ScreenshotAsync(page, "draft-published.png");

        var issue = (await _server.Store.GetDigestAsync(1, CancellationToken.None))!;
        var files = await DigestFiles.WriteAsync(Directory.CreateTempSubdirectory("roundup-draft-").FullName, issue, CancellationToken.None);
        var email = await File.ReadAllTextAsync(files.Single(f => f.EndsWith(DigestFiles.Html, StringComparison.Ordinal)));
        var discord = string.Join("\n", Strings(System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(files.Single(f => f.EndsWith(DigestFiles.Discord, StringComparison.Ordinal)))).RootElement));
        foreach (var (output, text) in new[] { ("issue page", web), ("email", System.Net.WebUtility.HtmlDecode(email)), ("discord.json", discord) })
        {
            Assert.True(text.Contains("December was meant to be quiet. It was not.", StringComparison.Ordinal), $"the {output} lacks the editor's note");
            Assert.True(text.Contains("Thinking harder", StringComparison.Ordinal), $"the {output} lacks the new section title");
        }

        Assert.Equal("Thinking harder", issue.Sections[0].Title);
        Assert.Contains(issue.Sections[1].Items, i => i.Id == 4);
        Assert.DoesNotContain(issue.OtherReads, i => i.Id == 4);
        Assert.True(web.IndexOf("December was meant", StringComparison.Ordinal) < web.IndexOf("Thinking harder", StringComparison.Ordinal), "the note comes first");
        var moved = web[web.LastIndexOf("Efficient inference", StringComparison.Ordinal)..web.LastIndexOf("Agents", StringComparison.Ordinal)];
        Assert.Contains("A long read", moved);
        Assert.Null(await _server.Store.GetDraftAsync(CancellationToken.None));
        Assert.Empty(blocked);
    }

    /// <summary>
    /// Clicks a form's button and waits for the answer page, known by its heading changing: a click returns before the
    /// navigation it starts has finished, and reading the heading at once may read the old page's.
    /// </summary>
    private static async Task<string> ClickToNextPageAsync(IPage page, string selector)
    {
        var before = await page.InnerTextAsync("h1");
        await page.ClickAsync(selector);
        await page.WaitForFunctionAsync("before => { const h = document.querySelector('h1'); return !!h && h.innerText !== before; }", before,
            new PageWaitForFunctionOptions { PollingInterval = 100 });
        return await page.InnerTextAsync("h1");
    }

    /// <summary>Every string in a JSON document (discord.json's contents, embed titles and descriptions), unescaped.</summary>
    private static IEnumerable<string> Strings(System.Text.Json.JsonElement element) => element.ValueKind switch
    {
        System.Text.Json.JsonValueKind.String => [element.GetString()!],
        System.Text.Json.JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        System.Text.Json.JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        _ => [],
    };

    /// <summary>Each change saves at once and comes back to the page, which then shows the draft's next version.</summary>
    private static Task WaitForVersionAsync(IPage page, int version) =>
        page.WaitForFunctionAsync($"() => location.pathname === '/admin/draft' && document.body.innerText.includes('Version {version},')", null,
            new PageWaitForFunctionOptions { PollingInterval = 200 });

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Chromium,
        // Headless, and quiet towards a network this machine does not have.
        Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
    });

    /// <summary>Chromium reports what the Content-Security-Policy blocked on the console: the pages must need nothing it forbids.</summary>
    private static List<string> WatchContentSecurityPolicy(IPage page)
    {
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                blocked.Add(message.Text);
            }
        };
        return blocked;
    }

    /// <summary>A full-page screenshot in the test output's screenshots/ folder, to look at after the run.</summary>
    private async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine("screenshot: " + path);
    }
}
