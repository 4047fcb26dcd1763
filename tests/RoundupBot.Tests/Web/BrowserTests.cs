using Microsoft.Playwright;
using RoundupBot.Tests.TestSupport;
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
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            // Headless, and quiet towards a network this machine does not have.
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 420, Height = 900 } });
        page.SetDefaultTimeout(180_000);
        // Chromium reports what the Content-Security-Policy blocked on the console: the pages must need nothing it forbids.
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                blocked.Add(message.Text);
            }
        };

        await page.GotoAsync(new Uri(_server.BaseUrl, "admin/signin").AbsoluteUri);
        await page.FillAsync("input[name=token]", TestWebServer.Token);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/admin");
        Assert.Contains("Research", await page.ContentAsync());
        var adminScreenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "admin.png");
        Directory.CreateDirectory(Path.GetDirectoryName(adminScreenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = adminScreenshot, FullPage = true });

        await page.ClickAsync("text=Run roundup now");
        try
        {
            // DOMContentLoaded, not load: the page has no subresources, and on a loaded machine Chromium's load event has
            // come minutes after the page was there.
            await page.WaitForURLAsync("**/digests/1", new PageWaitForURLOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        }
        catch (TimeoutException)
        {
            output.WriteLine($"after the run the browser is at {page.Url}:\n{await page.InnerTextAsync("body")}");
            throw;
        }

        var heading = await page.InnerTextAsync("h1");
        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "issue-1.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        output.WriteLine("screenshot: " + screenshot);

        await page.GotoAsync(new Uri(_server.BaseUrl, "digests").AbsoluteUri);
        var archive = await page.ContentAsync();

        Assert.Contains("Some interesting things to start the week #1", heading);
        Assert.Contains("/digests/1", archive);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is suspiciously small");
        Assert.Empty(blocked);
    }
}
