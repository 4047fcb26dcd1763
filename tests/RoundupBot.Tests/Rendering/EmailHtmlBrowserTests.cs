using System.Text.Json;
using Microsoft.Playwright;
using RoundupBot.Rendering;
using RoundupBot.Tests.TestSupport;
using Xunit.Abstractions;

namespace RoundupBot.Tests.Rendering;

/// <summary>
/// The issue email as a reader sees it on a phone (375 px) and in a desktop client's 600 px pane, light and dark: Debian's
/// headless Chromium driven by Playwright, launched as <c>BrowserTests</c> launches it and in the same collection, so two
/// browsers never share the two cores. Full-page screenshots land in <c>screenshots/</c> beside the test assembly
/// (<c>tests/artifacts/bin/RoundupBot.Tests/debug/screenshots/email-375.png</c>, <c>email-375-dark.png</c>, …).
/// </summary>
[Collection(WallClockTiming.Name)]
public sealed class EmailHtmlBrowserTests(ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";

    // For every visible element with text of its own: its colour against the first opaque background behind it
    // (alpha blended), and the WCAG contrast ratio of the two. Returns how many were checked, the lowest, and those below 4.5.
    private const string ContrastScript = """
        () => {
          const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return [0, 0, 0, 0];
            const p = m[1].split(/[ ,\/]+/).filter(x => x).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
          const blend = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
          const luminance = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
          const background = el => { const layers = [];
            for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
            const canvas = matchMedia('(prefers-color-scheme: dark)').matches ? [18, 18, 18, 1] : [255, 255, 255, 1];
            return layers.reverse().reduce((under, layer) => blend(layer, under), canvas); };
          const checked = [], failing = [];
          for (const el of document.body.querySelectorAll('*')) {
            const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
            if (!own || el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') continue;
            const bg = background(el), fg = blend(parse(getComputedStyle(el).color), bg);
            const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
            const ratio = (hi + 0.05) / (lo + 0.05);
            const entry = { tag: el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''), text: own.slice(0, 40),
              color: getComputedStyle(el).color, background: 'rgb(' + bg.slice(0, 3).map(Math.round).join(', ') + ')', ratio: Math.round(ratio * 100) / 100 };
            checked.push(entry);
            if (ratio < 4.5) failing.push(entry);
          }
          const lowest = checked.reduce((low, e) => (low && low.ratio <= e.ratio ? low : e), null);
          return { checked: checked.length, lowest, failing };
        }
        """;

    [Theory]
    [InlineData(375)]
    [InlineData(600)]
    public async Task The_issue_fits_the_width_shows_every_heading_and_link_and_stays_readable_light_and_dark(int width)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (.ci/run does).");
        var digest = SampleIssue.Create();
        var html = EmailHtmlRenderer.Render(digest, SampleIssue.Links);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            // Headless, and quiet towards a network this machine does not have.
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });

        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            var name = scheme == ColorScheme.Dark ? $"email-{width}-dark" : $"email-{width}";
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = 800 }, ColorScheme = scheme });
            page.SetDefaultTimeout(60_000);
            await page.SetContentAsync(html);
            var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", name + ".png");
            Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            output.WriteLine("screenshot: " + screenshot);
            Assert.True(new FileInfo(screenshot).Length > 10_000, $"{screenshot} is suspiciously small");

            // No horizontal scrolling: nothing is wider than the screen.
            var scrollWidth = await page.EvaluateAsync<int>("() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)");
            Assert.True(scrollWidth <= width, $"{name}: the page scrolls sideways ({scrollWidth} px wide in a {width} px viewport)");
            var container = await page.Locator("table.container").BoundingBoxAsync();
            Assert.NotNull(container);
            Assert.True(container.Width <= 600, $"{name}: the container is {container.Width} px wide");
            Assert.True(container.X >= 0 && container.X + container.Width <= width, $"{name}: the container spans {container.X}..{container.X + container.Width}");

            // Every section heading is there, in order, visible and inside the screen.
            var headings = page.Locator("h2.section-heading");
            var expected = digest.Sections.Select(s => $"{s.Emoji} {s.Title}").Append(DigestText.OtherReadsHeading).ToList();
            Assert.Equal(expected, (await headings.AllInnerTextsAsync()).Select(t => t.Trim()));
            foreach (var heading in await headings.AllAsync())
            {
                Assert.True(await heading.IsVisibleAsync(), $"{name}: '{await heading.InnerTextAsync()}' is not visible");
                var box = await heading.BoundingBoxAsync();
                Assert.True(box is not null && box.Height >= 16 && box.X >= 0 && box.X + box.Width <= width, $"{name}: '{await heading.InnerTextAsync()}' is cut off: {JsonSerializer.Serialize(box)}");
            }

            // Every item is a visible link, and so are the unsubscribe and web links.
            var hrefs = await page.Locator("a:visible").EvaluateAllAsync<string[]>("links => links.map(a => a.href)");
            foreach (var item in digest.Sections.SelectMany(s => s.Items).Concat(digest.OtherReads))
            {
                Assert.Contains(new Uri(item.Link).AbsoluteUri, hrefs);
            }

            Assert.Contains(SampleIssue.Links.UnsubscribeUrl, hrefs);
            Assert.Contains(SampleIssue.Links.WebUrl, hrefs);
            Assert.True(await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Unsubscribe", Exact = true }).IsVisibleAsync(), $"{name}: no visible unsubscribe link");

            // Readable: every piece of text contrasts with what is behind it (WCAG AA for body text).
            using var contrast = JsonDocument.Parse(await page.EvaluateAsync<string>($"() => JSON.stringify(({ContrastScript})())"));
            var failing = contrast.RootElement.GetProperty("failing");
            output.WriteLine($"{name}: {contrast.RootElement.GetProperty("checked")} text elements, lowest contrast {contrast.RootElement.GetProperty("lowest")}");
            Assert.True(contrast.RootElement.GetProperty("checked").GetInt32() > 40, $"{name}: too few text elements checked");
            Assert.True(failing.GetArrayLength() == 0, $"{name}: text below a 4.5 contrast ratio:\n{failing}");
            await page.CloseAsync();
        }
    }
}
