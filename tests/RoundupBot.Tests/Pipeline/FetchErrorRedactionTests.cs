using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RoundupBot.Pipeline;
using RoundupBot.Tests.TestSupport;
using RoundupBot.Tests.Web;

namespace RoundupBot.Tests.Pipeline;

/// <summary>
/// A source's URL may carry a secret in its query string (<c>?apikey=…</c>). Whatever way its fetch fails, the error
/// that leaves the fetcher (the log line, the stored LastError, the admin page) names the URL without it.
/// </summary>
public sealed class FetchErrorRedactionTests : IAsyncLifetime
{
    private const string Secret = "sk-live-0123456789abcdef";

    private readonly ListLoggerProvider _logs = new();
    private LoopbackServer _feeds = null!;
    private TestWebServer _server = null!;

    public async Task InitializeAsync()
    {
        _feeds = await LoopbackServer.StartAsync();
        _feeds.Map("/status.rss", ctx => { ctx.Response.StatusCode = 403; return Task.CompletedTask; });
        _feeds.MapFile("/page.rss", "<!DOCTYPE html><html><head><title>Blog</title></head><body>Not a feed</body></html>", "text/html");
        _feeds.MapFile("/broken.rss", "<rss version=\"2.0\"><channel><title>Cut", "application/rss+xml");
        _feeds.MapRedirect("/moved.rss", $"ftp://files.example.org/feed.rss?apikey={Secret}");
        _server = await TestWebServer.StartAsync(
            new()
            {
                ["Sources:0:Name"] = "Refused",
                ["Sources:0:Url"] = _feeds.Url($"/status.rss?apikey={Secret}").AbsoluteUri,
                ["Sources:1:Name"] = "Not a feed",
                ["Sources:1:Url"] = _feeds.Url($"/page.rss?apikey={Secret}").AbsoluteUri,
                ["Sources:2:Name"] = "Cut short",
                ["Sources:2:Url"] = _feeds.Url($"/broken.rss?token={Secret}&x=1").AbsoluteUri,
                ["Sources:3:Name"] = "Moved",
                ["Sources:3:Url"] = _feeds.Url("/moved.rss").AbsoluteUri,
            },
            configureServices: services => services.AddSingleton<ILoggerProvider>(_logs));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _feeds.DisposeAsync();
    }

    [Fact]
    public async Task A_failing_sources_error_names_its_url_without_the_query_secret_everywhere_it_is_shown()
    {
        var sources = await _server.Store.ListSourcesAsync(CancellationToken.None);

        var report = await _server.Services.GetRequiredService<FetchPipeline>().FetchAsync(sources, null, CancellationToken.None);
        var stored = await _server.Store.ListSourcesAsync(CancellationToken.None);
        using var client = _server.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestWebServer.Token);
        var admin = await client.GetStringAsync("/admin");

        Assert.Equal(4, report.Outcomes.Count(o => !o.Succeeded));
        Assert.All(stored, s => Assert.NotNull(s.Fetch.LastError));
        Assert.All(stored, s => Assert.DoesNotContain(Secret, s.Fetch.LastError!, StringComparison.Ordinal));
        Assert.All(report.Outcomes, o => Assert.DoesNotContain(Secret, o.Error!, StringComparison.Ordinal));
        Assert.Contains(stored, s => s.Fetch.LastError!.Contains(_feeds.Url("/status.rss").AbsoluteUri, StringComparison.Ordinal));
        Assert.Contains(stored, s => s.Fetch.LastError!.Contains(_feeds.Url("/page.rss").AbsoluteUri, StringComparison.Ordinal));
        Assert.Contains(stored, s => s.Fetch.LastError!.Contains(_feeds.Url("/broken.rss").AbsoluteUri, StringComparison.Ordinal));
        Assert.Contains(stored, s => s.Fetch.LastError!.Contains("ftp://files.example.org/feed.rss,", StringComparison.Ordinal));
        // The page links each source to its URL as the operator gave it; the error column must not repeat the secret.
        var errorCells = System.Text.RegularExpressions.Regex.Matches(admin, "<td class=\"error\">([^<]*)</td>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(4, errorCells.Count(c => c.Length > 0));
        Assert.Contains(errorCells, c => c.Contains("answered 403", StringComparison.Ordinal));
        Assert.All(errorCells, c => Assert.DoesNotContain(Secret, c, StringComparison.Ordinal));
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Refused", StringComparison.Ordinal));
        Assert.All(_logs.Entries, e => Assert.DoesNotContain(Secret, e.Message, StringComparison.Ordinal));
    }
}
