using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RoundupBot.Ingestion.Fetching;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Ingestion.Fetching;

// Run alone: the gzip-bomb test measures the whole process's allocations and time, which parallel tests would add to.
[Collection(WallClockTiming.Name)]
public sealed class FeedFetcherTests : IAsyncLifetime
{
    private const string Rss = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Café</title></channel></rss>""";
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Returns_the_body_and_validators_of_a_200()
    {
        _server.MapFile("/feed.xml", Rss, "application/RSS+xml; charset=\"UTF-8\"", etag: "W/\"abc\"");
        using var host = FetcherHost.Create();

        var response = await host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/feed.xml")), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.False(response.NotModified);
        Assert.Equal(Rss, Encoding.UTF8.GetString(response.Body.Span));
        Assert.Equal("application/rss+xml", response.MediaType);
        Assert.Equal("UTF-8", response.Charset);
        Assert.Equal("W/\"abc\"", response.ETag);
        Assert.Equal("Mon, 06 Jan 2025 08:00:00 GMT", response.LastModified);
        Assert.Equal(_server.Url("/feed.xml"), response.RequestedUrl);
        Assert.Equal(_server.Url("/feed.xml"), response.FinalUrl);
    }

    [Fact]
    public async Task Sends_the_user_agent_and_an_accept_header_that_prefers_feeds()
    {
        _server.MapFile("/feed.xml", Rss);
        using var host = FetcherHost.Create(o => o.UserAgent = "TestBot/2.0");

        await host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/feed.xml")), CancellationToken.None);

        var headers = Assert.Single(_server.Requests).Headers;
        Assert.Equal("TestBot/2.0", headers["User-Agent"]);
        Assert.StartsWith("application/rss+xml, application/atom+xml, application/feed+json", headers["Accept"]);
        Assert.Contains("br", headers["Accept-Encoding"]);
        Assert.Contains("gzip", headers["Accept-Encoding"]);
    }

    [Fact]
    public async Task Uses_the_default_user_agent()
    {
        _server.MapFile("/feed.xml", Rss);
        using var host = FetcherHost.Create();

        await host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/feed.xml")), CancellationToken.None);

        Assert.Equal(FetchOptions.DefaultUserAgent, Assert.Single(_server.Requests).Headers["User-Agent"]);
    }

    [Fact]
    public async Task Answers_not_modified_when_the_etag_matches()
    {
        _server.MapFile("/feed.xml", Rss, etag: "\"v7\"");
        using var host = FetcherHost.Create();
        var first = await host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/feed.xml")), CancellationToken.None);

        var second = await host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/feed.xml"), ETag: first.ETag), CancellationToken.None);

        Assert.True(second.NotModified);
        Assert.Equal(304, second.StatusCode);
        Assert.True(second.Body.IsEmpty);
        Assert.Equal("\"v7\"", second.ETag);
        Assert.Equal("\"v7\"", _server.Requests[1].Headers["If-None-Match"]);
    }

    [Fact]
    public async Task Answers_not_modified_when_nothing_changed_since_last_modified()
    {
        _server.MapFile("/feed.xml", Rss, etag: null);
        using var host = FetcherHost.Create();
        var first = await host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/feed.xml")), CancellationToken.None);
        Assert.Null(first.ETag);

        var second = await host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/feed.xml"), LastModified: first.LastModified), CancellationToken.None);

        Assert.True(second.NotModified);
        Assert.True(second.Body.IsEmpty);
        Assert.Equal(first.LastModified, second.LastModified);
        Assert.Equal("Mon, 06 Jan 2025 08:00:00 GMT", _server.Requests[1].Headers["If-Modified-Since"]);
    }

    [Fact]
    public async Task Fetches_again_when_the_etag_changed()
    {
        _server.MapFile("/feed.xml", Rss, etag: "\"v8\"");
        using var host = FetcherHost.Create();

        var response = await host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/feed.xml"), ETag: "\"v7\""), CancellationToken.None);

        Assert.False(response.NotModified);
        Assert.Equal("\"v8\"", response.ETag);
        Assert.False(response.Body.IsEmpty);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("br")]
    public async Task Decompresses_the_body(string encoding)
    {
        var compressed = Compress(Encoding.UTF8.GetBytes(Rss), encoding);
        _server.Map("/feed.xml", async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            context.Response.Headers.ContentEncoding = encoding;
            await context.Response.Body.WriteAsync(compressed);
        });
        using var host = FetcherHost.Create();

        var response = await host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/feed.xml")), CancellationToken.None);

        Assert.Equal(Rss, Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public async Task Stops_a_gzip_bomb_at_the_size_cap()
    {
        // 64 concatenated gzip members of 16 MiB of zeros each: about 1 MiB on the wire, 1 GiB unpacked.
        var member = Compress(new byte[16 * 1024 * 1024], "gzip");
        _server.Map("/bomb.xml", async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            context.Response.Headers.ContentEncoding = "gzip";
            for (var i = 0; i < 64; i++)
            {
                await context.Response.Body.WriteAsync(member, context.RequestAborted);
            }
        });
        using var host = FetcherHost.Create(o => o.MaxBytes = 1024 * 1024);
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<FetchException>(
            () => host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/bomb.xml")), CancellationToken.None));

        Assert.Equal(FetchErrorKind.TooLarge, error.Kind);
        Assert.Contains("Fetch:MaxBytes", error.Message);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"took {stopwatch.Elapsed}");
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        Assert.True(allocated < 200L * 1024 * 1024, $"allocated {allocated} bytes"); // far below the 1 GiB it unpacks to
    }

    [Fact]
    public async Task Refuses_a_chunked_body_past_the_cap()
    {
        _server.Map("/big.xml", async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            var chunk = new byte[16 * 1024];
            for (var i = 0; i < 1000; i++)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        });
        using var host = FetcherHost.Create(o => o.MaxBytes = 100_000);

        var error = await Assert.ThrowsAsync<FetchException>(
            () => host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/big.xml")), CancellationToken.None));

        Assert.Equal(FetchErrorKind.TooLarge, error.Kind);
        Assert.Contains("100000 bytes", error.Message);
    }

    [Fact]
    public async Task Refuses_a_body_whose_content_length_is_over_the_cap()
    {
        _server.MapFile("/big.xml", new byte[200_000], "application/rss+xml");
        using var host = FetcherHost.Create(o => o.MaxBytes = 100_000);

        var error = await Assert.ThrowsAsync<FetchException>(
            () => host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/big.xml")), CancellationToken.None));

        Assert.Equal(FetchErrorKind.TooLarge, error.Kind);
        Assert.Contains("declares 200000 bytes", error.Message);
    }

    [Fact]
    public async Task Accepts_a_body_exactly_at_the_cap()
    {
        _server.MapFile("/exact.xml", new byte[100_000], "application/rss+xml");
        using var host = FetcherHost.Create(o => o.MaxBytes = 100_000);

        var response = await host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/exact.xml")), CancellationToken.None);

        Assert.Equal(100_000, response.Body.Length);
    }

    [Fact]
    public async Task Times_out_when_the_server_never_answers()
    {
        _server.Map("/stuck.xml", context => Task.Delay(Timeout.Infinite, context.RequestAborted));
        using var host = FetcherHost.Create(o => o.Timeout = TimeSpan.FromSeconds(1));
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<FetchException>(
            () => host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/stuck.xml")), CancellationToken.None));

        Assert.Equal(FetchErrorKind.Timeout, error.Kind);
        Assert.Contains("within 1 s", error.Message);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Times_out_when_the_body_never_ends()
    {
        _server.Map("/slow.xml", async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            await context.Response.WriteAsync("<rss>", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        using var host = FetcherHost.Create(o => o.Timeout = TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<FetchException>(
            () => host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/slow.xml")), CancellationToken.None));

        Assert.Equal(FetchErrorKind.Timeout, error.Kind);
    }

    [Fact]
    public async Task Throws_operation_cancelled_when_the_caller_cancels()
    {
        _server.Map("/stuck.xml", context => Task.Delay(Timeout.Infinite, context.RequestAborted));
        using var host = FetcherHost.Create(o => o.Timeout = TimeSpan.FromSeconds(10));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/stuck.xml")), cancellation.Token));

        Assert.Equal(cancellation.Token, error.CancellationToken);
    }

    [Fact]
    public async Task Refuses_a_redirect_loop()
    {
        _server.MapRedirect("/a", "/b").MapRedirect("/b", "/a");
        using var host = FetcherHost.Create();

        var error = await Assert.ThrowsAsync<FetchException>(
            () => host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/a")), CancellationToken.None));

        Assert.Equal(FetchErrorKind.TooManyRedirects, error.Kind);
        Assert.Contains("redirect loop", error.Message);
        Assert.Equal(1, _server.RequestCount("/a"));
    }

    [Fact]
    public async Task Follows_five_redirects_and_reports_the_final_url()
    {
        MapRedirectChain(5);
        using var host = FetcherHost.Create();

        var response = await host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/hop/1")), CancellationToken.None);

        Assert.Equal(_server.Url("/final.xml"), response.FinalUrl);
        Assert.Equal(_server.Url("/hop/1"), response.RequestedUrl);
        Assert.Equal(Rss, Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public async Task Refuses_a_sixth_redirect()
    {
        MapRedirectChain(6);
        using var host = FetcherHost.Create();

        var error = await Assert.ThrowsAsync<FetchException>(
            () => host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/hop/1")), CancellationToken.None));

        Assert.Equal(FetchErrorKind.TooManyRedirects, error.Kind);
        Assert.Contains("more than 5 times", error.Message);
        Assert.Equal(0, _server.RequestCount("/final.xml"));
    }

    [Fact]
    public async Task Refuses_a_redirect_to_another_scheme()
    {
        _server.MapRedirect("/feed.xml", "ftp://example.org/feed.xml", StatusCodes.Status301MovedPermanently);
        using var host = FetcherHost.Create();

        var error = await Assert.ThrowsAsync<FetchException>(
            () => host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/feed.xml")), CancellationToken.None));

        Assert.Equal(FetchErrorKind.InvalidUrl, error.Kind);
        Assert.Contains("ftp://example.org/feed.xml", error.Message);
    }

    [Theory]
    [InlineData(404, "the feed is gone; check or remove the source")]
    [InlineData(410, "the feed is gone; check or remove the source")]
    [InlineData(401, "refused")]
    [InlineData(403, "refused")]
    [InlineData(500, "server error; will retry later")]
    [InlineData(400, "rejected")]
    public async Task Turns_an_error_status_into_a_readable_failure(int status, string hint)
    {
        _server.Map("/feed.xml", context =>
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        });
        using var host = FetcherHost.Create();
        var url = _server.Url("/feed.xml");

        var error = await Assert.ThrowsAsync<FetchException>(
            () => host.Fetcher.FetchAsync(new FetchRequest(url), CancellationToken.None));

        Assert.Equal(FetchErrorKind.HttpStatus, error.Kind);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(url, error.Url);
        Assert.Contains(url.ToString(), error.Message);
        Assert.Contains($"answered {status}", error.Message);
        Assert.Contains(hint, error.Message);
        Assert.Null(error.RetryAfter);
        Assert.Equal(1, _server.RequestCount("/feed.xml"));
    }

    [Fact]
    public async Task Reads_retry_after_seconds_from_a_429()
    {
        _server.Map("/feed.xml", context =>
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "120";
            return Task.CompletedTask;
        });
        using var host = FetcherHost.Create();

        var error = await Assert.ThrowsAsync<FetchException>(
            () => host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/feed.xml")), CancellationToken.None));

        Assert.Equal(FetchErrorKind.HttpStatus, error.Kind);
        Assert.Equal(429, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.Contains("wait 120 s", error.Message);
        Assert.Equal(1, _server.RequestCount("/feed.xml"));
    }

    [Fact]
    public async Task Reads_retry_after_as_an_http_date()
    {
        var retryAt = TimeProvider.System.GetUtcNow().AddMinutes(10);
        _server.Map("/feed.xml", context =>
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = retryAt.ToString("R", CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });
        using var host = FetcherHost.Create();

        var error = await Assert.ThrowsAsync<FetchException>(
            () => host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/feed.xml")), CancellationToken.None));

        Assert.NotNull(error.RetryAfter);
        Assert.InRange(error.RetryAfter.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task Retries_a_503_once()
    {
        var calls = 0;
        _server.Map("/feed.xml", async context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            context.Response.ContentType = "application/rss+xml";
            await context.Response.WriteAsync(Rss);
        });
        using var host = FetcherHost.Create();

        var response = await host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/feed.xml")), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, _server.RequestCount("/feed.xml"));
    }

    [Fact]
    public async Task Retries_a_dropped_connection_once()
    {
        var calls = 0;
        _server.Map("/feed.xml", async context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Abort();
                return;
            }

            context.Response.ContentType = "application/rss+xml";
            await context.Response.WriteAsync(Rss);
        });
        using var host = FetcherHost.Create();

        var response = await host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/feed.xml")), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, _server.RequestCount("/feed.xml"));
    }

    [Fact]
    public async Task Gives_up_on_a_502_after_one_retry()
    {
        _server.Map("/feed.xml", context =>
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            return Task.CompletedTask;
        });
        using var host = FetcherHost.Create();

        var error = await Assert.ThrowsAsync<FetchException>(
            () => host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/feed.xml")), CancellationToken.None));

        Assert.Equal(502, error.StatusCode);
        Assert.Equal(2, _server.RequestCount("/feed.xml"));
    }

    [Fact]
    public async Task Stacks_no_second_resilience_handler_when_registered_twice()
    {
        _server.Map("/feed.xml", context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        using var host = FetcherHost.Create(before: services => services.AddFetching());

        await Assert.ThrowsAsync<FetchException>(
            () => host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/feed.xml")), CancellationToken.None));

        Assert.Equal(2, _server.RequestCount("/feed.xml"));
    }

    [Fact]
    public async Task Reports_a_refused_connection_as_a_network_failure()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var host = FetcherHost.Create();
        var url = new Uri($"http://127.0.0.1:{port}/feed.xml");

        var error = await Assert.ThrowsAsync<FetchException>(
            () => host.Fetcher.FetchAsync(new FetchRequest(url), CancellationToken.None));

        Assert.Equal(FetchErrorKind.Network, error.Kind);
        Assert.Contains(url.ToString(), error.Message);
    }

    [Fact]
    public async Task Refuses_a_loopback_url_when_private_addresses_are_not_allowed()
    {
        _server.MapFile("/feed.xml", Rss);
        using var host = FetcherHost.Create(o => o.AllowPrivateAddresses = false);
        var url = _server.Url("/feed.xml");

        var error = await Assert.ThrowsAsync<FetchException>(
            () => host.Fetcher.FetchAsync(new FetchRequest(url), CancellationToken.None));

        Assert.Equal(FetchErrorKind.PrivateAddress, error.Kind);
        Assert.Equal(url, error.Url);
        Assert.Equal(
            $"{url} resolves to 127.0.0.1, a loopback address; set Fetch:AllowPrivateAddresses to true to allow it.",
            error.Message);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Refuses_a_redirect_to_a_private_address()
    {
        // The guard is narrowed to let 127.0.0.1 through as if it were public; the redirect goes to 127.0.0.2.
        _server.MapRedirect("/feed.xml", $"http://127.0.0.2:{_server.BaseUrl.Port}/feed.xml");
        using var host = FetcherHost.Create(
            o => o.AllowPrivateAddresses = false,
            services => services.AddSingleton(sp => new GuardedConnector(
                sp.GetRequiredService<IOptions<FetchOptions>>(),
                NullLogger<GuardedConnector>.Instance)
            {
                IsAllowed = address => address.Equals(IPAddress.Loopback),
            }));

        var error = await Assert.ThrowsAsync<FetchException>(
            () => host.Fetcher.FetchAsync(new FetchRequest(_server.Url("/feed.xml")), CancellationToken.None));

        Assert.Equal(FetchErrorKind.PrivateAddress, error.Kind);
        Assert.Equal(_server.Url("/feed.xml"), error.Url);
        Assert.Contains("resolves to 127.0.0.2, a loopback address", error.Message);
        Assert.Equal(1, _server.RequestCount("/feed.xml"));
    }

    [Fact]
    public async Task Refuses_a_host_name_that_resolves_to_a_private_address()
    {
        using var host = FetcherHost.Create(
            o => o.AllowPrivateAddresses = false,
            services => services.AddSingleton(sp => new GuardedConnector(
                sp.GetRequiredService<IOptions<FetchOptions>>(),
                NullLogger<GuardedConnector>.Instance)
            {
                Resolve = (_, _) => Task.FromResult(new[] { IPAddress.Parse("10.1.2.3"), IPAddress.Parse("fd00::1") }),
            }));

        var error = await Assert.ThrowsAsync<FetchException>(
            () => host.Fetcher.FetchAsync(new FetchRequest(new Uri("https://intranet.example/feed.xml")), CancellationToken.None));

        Assert.Equal(FetchErrorKind.PrivateAddress, error.Kind);
        Assert.Equal(
            "https://intranet.example/feed.xml resolves to 10.1.2.3, a private address; set Fetch:AllowPrivateAddresses to true to allow it.",
            error.Message);
    }

    [Theory]
    [InlineData("ftp://example.org/feed.xml")]
    [InlineData("file:///etc/passwd")]
    [InlineData("feed.xml")]
    [InlineData("/feeds/feed.xml")]
    public async Task Refuses_a_url_that_is_not_absolute_http(string text)
    {
        using var host = FetcherHost.Create();
        var url = new Uri(text, UriKind.RelativeOrAbsolute);

        var error = await Assert.ThrowsAsync<FetchException>(
            () => host.Fetcher.FetchAsync(new FetchRequest(url), CancellationToken.None));

        Assert.Equal(FetchErrorKind.InvalidUrl, error.Kind);
        Assert.Contains("not an absolute http or https URL", error.Message);
    }

    private void MapRedirectChain(int redirects)
    {
        for (var i = 1; i <= redirects; i++)
        {
            _server.MapRedirect($"/hop/{i}", i == redirects ? "/final.xml" : $"/hop/{i + 1}");
        }

        _server.MapFile("/final.xml", Rss);
    }

    private static byte[] Compress(byte[] data, string encoding)
    {
        using var output = new MemoryStream();
        using (Stream compressor = encoding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Fastest),
            "deflate" => new ZLibStream(output, CompressionLevel.Fastest),
            "br" => new BrotliStream(output, CompressionLevel.Fastest),
            _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
        })
        {
            compressor.Write(data);
        }

        return output.ToArray();
    }
}
