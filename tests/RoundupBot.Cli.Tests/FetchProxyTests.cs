using System.Diagnostics;
using System.Text.Json;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Cli.Tests;

/// <summary>
/// With <c>http_proxy</c> set, a proxy would be asked for whatever URL a source names while the private-address guard
/// judged the proxy's address. Feed fetches go direct instead, so the guard judges the target. These run the real
/// <c>roundup</c> in a child process, since .NET reads the proxy variables once per process.
/// </summary>
public sealed class FetchProxyTests : IAsyncLifetime
{
    private LoopbackServer _feeds = null!;
    private LoopbackServer _proxy = null!;

    public async Task InitializeAsync()
    {
        _feeds = await LoopbackServer.StartAsync();
        _feeds.MapFile("/feed.rss", Feeds.Rss("Direct", 2));
        // An open proxy that answers every request with a feed of its own, so anything it is asked shows.
        _proxy = await LoopbackServer.StartAsync();
        _proxy.MapFile("/feed.rss", Feeds.Rss("Through the proxy", 2));
        _proxy.MapFile("/latest/meta-data/feed.rss", Feeds.Rss("Cloud metadata", 2));
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _feeds.DisposeAsync();
    }

    [Fact]
    public async Task A_feed_is_fetched_directly_even_when_http_proxy_is_set()
    {
        using var cli = CliRun.WithSources();

        var (exitCode, output, error) = await RunWithProxyAsync(cli, "sources", "check", _feeds.Url("/feed.rss").AbsoluteUri, "--json");

        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");
        Assert.Equal("Direct", JsonDocument.Parse(output).RootElement.GetProperty("title").GetString());
        Assert.Empty(_proxy.Requests);
    }

    [Fact]
    public async Task With_http_proxy_set_the_address_guard_still_judges_the_target()
    {
        using var cli = new CliRun("""{ "Sources": [], "Fetch": { "Timeout": "00:00:05", "RetryDelay": "00:00:00.050" } }""");

        var (exitCode, output, error) = await RunWithProxyAsync(cli, "sources", "check", "http://169.254.169.254/latest/meta-data/feed.rss");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("http://169.254.169.254/latest/meta-data/feed.rss resolves to 169.254.169.254", error);
        Assert.Contains("Fetch:AllowPrivateAddresses", error);
        Assert.DoesNotContain("Cloud metadata", output);
        Assert.Empty(_proxy.Requests);
    }

    private async Task<(int ExitCode, string Output, string Error)> RunWithProxyAsync(CliRun cli, params string[] args)
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

        var proxy = _proxy.BaseUrl.GetLeftPart(UriPartial.Authority);
        foreach (var name in new[] { "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY" })
        {
            start.Environment[name] = proxy;
        }

        start.Environment.Remove("no_proxy");
        start.Environment.Remove("NO_PROXY");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
