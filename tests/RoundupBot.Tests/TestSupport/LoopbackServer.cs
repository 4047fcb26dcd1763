using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RoundupBot.Tests.TestSupport;

/// <summary>
/// A real HTTP server (Kestrel) on 127.0.0.1 with a port the OS picks. Map paths to handlers, before or after
/// start; unmapped paths answer 404. Every request is recorded. Dispose it to stop it.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    /// <summary>The Last-Modified that <see cref="MapFile(string, byte[], string, string?, DateTimeOffset?)"/> uses unless told.</summary>
    public static readonly DateTimeOffset DefaultLastModified = new(2025, 1, 6, 8, 0, 0, TimeSpan.Zero);

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, RequestDelegate> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private LoopbackServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseUrl { get; private set; }

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<LoopbackServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(1));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LoopbackServer(app, new Uri("http://127.0.0.1/"));
        app.Run(server.DispatchAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>An absolute URL on this server.</summary>
    public Uri Url(string pathAndQuery) => new(BaseUrl, pathAndQuery);

    /// <summary>Answers requests to exactly <paramref name="path"/> (no query) with <paramref name="handler"/>; replaces an earlier mapping.</summary>
    public LoopbackServer Map(string path, RequestDelegate handler)
    {
        _routes[path] = handler;
        return this;
    }

    /// <summary>
    /// Serves a static file with ETag and Last-Modified, answering 304 when If-None-Match matches the ETag or, without
    /// If-None-Match, when If-Modified-Since is not older than Last-Modified. Pass null to leave a validator out.
    /// </summary>
    public LoopbackServer MapFile(string path, byte[] body, string contentType, string? etag = "\"v1\"", DateTimeOffset? lastModified = null)
    {
        var modified = lastModified ?? DefaultLastModified;
        var modifiedText = modified.ToString("R", CultureInfo.InvariantCulture);
        return Map(path, async context =>
        {
            var request = context.Request;
            var response = context.Response;
            if (etag is not null)
            {
                response.Headers.ETag = etag;
            }

            response.Headers.LastModified = modifiedText;
            string? ifNoneMatch = request.Headers.IfNoneMatch;
            string? ifModifiedSince = request.Headers.IfModifiedSince;
            var notModified = ifNoneMatch is not null
                ? etag is not null && (ifNoneMatch == "*" || ifNoneMatch.Split(',').Select(t => t.Trim()).Contains(etag))
                : ifModifiedSince is not null
                    && DateTimeOffset.TryParse(ifModifiedSince, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since)
                    && since >= modified;
            if (notModified)
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            response.ContentType = contentType;
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, context.RequestAborted);
        });
    }

    /// <summary>Serves text as UTF-8; see <see cref="MapFile(string, byte[], string, string?, DateTimeOffset?)"/>.</summary>
    public LoopbackServer MapFile(string path, string body, string contentType = "application/rss+xml; charset=utf-8", string? etag = "\"v1\"", DateTimeOffset? lastModified = null) =>
        MapFile(path, Encoding.UTF8.GetBytes(body), contentType, etag, lastModified);

    /// <summary>Redirects <paramref name="path"/> to <paramref name="location"/> (absolute or relative).</summary>
    public LoopbackServer MapRedirect(string path, string location, int statusCode = StatusCodes.Status302Found) =>
        Map(path, context =>
        {
            context.Response.StatusCode = statusCode;
            context.Response.Headers.Location = location;
            return Task.CompletedTask;
        });

    /// <summary>How many requests reached <paramref name="path"/>.</summary>
    public int RequestCount(string path) => _requests.Count(r => r.Path == path);

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _app.StopAsync(stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // A handler that never ends (a "stuck server" test) must not hang the test run.
        }

        await _app.DisposeAsync();
    }

    private async Task DispatchAsync(HttpContext context)
    {
        var request = context.Request;
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new RecordedRequest(request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? "", headers));
        if (_routes.TryGetValue(request.Path.Value ?? "/", out var handler))
        {
            await handler(context);
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }
}
