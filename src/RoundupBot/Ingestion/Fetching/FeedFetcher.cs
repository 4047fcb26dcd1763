using System.Buffers;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RoundupBot.Ingestion.Fetching;

/// <summary>
/// Fetches one feed URL: a conditional GET that follows redirects, decompresses gzip, deflate and brotli, caps the
/// body at <see cref="FetchOptions.MaxBytes"/> and bounds the whole fetch by <see cref="FetchOptions.Timeout"/>.
/// A typed client registered by <see cref="FetchingServiceCollectionExtensions.AddFetching"/>; take it from DI.
/// </summary>
/// <remarks>
/// Requests to one host go one at a time through <see cref="HostGate"/>, so a fetch may first wait for its turn;
/// that wait is not part of the timeout. The client's only resilience is one retry of a connection failure or a
/// 502/503/504 after <see cref="FetchOptions.RetryDelay"/>, within the timeout.
/// </remarks>
public sealed class FeedFetcher(
    HttpClient httpClient,
    HostGate hostGate,
    IOptions<FetchOptions> options,
    TimeProvider timeProvider,
    ILogger<FeedFetcher> logger)
{
    /// <summary>Feeds first, then XML, then pages (for autodiscovery), then anything.</summary>
    public const string AcceptHeader =
        "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.7, */*;q=0.5";

    private const int ReadChunkSize = 81920;
    private const int MaxInitialBuffer = 1024 * 1024;

    /// <summary>
    /// GETs <see cref="FetchRequest.Url"/>, sending If-None-Match / If-Modified-Since from the request's validators.
    /// </summary>
    /// <returns>The 2xx body, or <see cref="FetchResponse.NotModified"/> with an empty body for a 304.</returns>
    /// <exception cref="FetchException">
    /// Any failure: <see cref="FetchException.Kind"/> says which (invalid URL, private address, network, timeout,
    /// too many redirects, too large, HTTP status) and the message names the URL and what to do.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (never for a timeout).</exception>
    public async Task<FetchResponse> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Url);
        var url = request.Url;
        try
        {
            if (!IsHttp(url))
            {
                throw new FetchException(
                    FetchErrorKind.InvalidUrl,
                    url,
                    $"'{Shown(url)}' is not an absolute http or https URL; give the source a full address such as https://example.org/feed.xml.");
            }

            var settings = options.Value;
            Log.Fetching(logger, new RedactedUrl(url));
            using var turn = await hostGate.EnterAsync(url, cancellationToken);
            using var budget = new CancellationTokenSource(settings.Timeout, timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
            try
            {
                return await FetchWithinBudgetAsync(request, settings, linked.Token);
            }
            catch (Exception ex) when (ex is not FetchException && budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new FetchException(
                    FetchErrorKind.Timeout,
                    url,
                    $"{Shown(url)} did not answer completely within {settings.Timeout.TotalSeconds:0.#} s; the server is slow or stuck. It will be tried again later; raise Fetch:Timeout if it is always slow.",
                    ex);
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested)
            {
                // The caller cancelled: report it with the caller's token (not our linked one), and whatever broke on
                // the way out is a consequence, not the story.
                throw new OperationCanceledException("The fetch was cancelled.", ex, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                throw Unwrap(ex, url) ?? new FetchException(
                    FetchErrorKind.Network,
                    url,
                    $"Could not fetch {Shown(url)}: {ex.Message.TrimEnd('.')}. Check that the host exists and is reachable; it will be tried again later.",
                    ex);
            }
            catch (IOException ex)
            {
                throw new FetchException(
                    FetchErrorKind.Network,
                    url,
                    $"The connection to {Shown(url)} broke while reading the answer: {ex.Message} It will be tried again later.",
                    ex);
            }
            catch (InvalidDataException ex)
            {
                throw new FetchException(
                    FetchErrorKind.Network,
                    url,
                    $"The body from {Shown(url)} could not be decompressed: {ex.Message} The server sent a corrupt gzip, deflate or brotli stream.",
                    ex);
            }
        }
        catch (FetchException ex)
        {
            Log.FetchFailed(logger, new RedactedUrl(url), ex.Kind, ex.StatusCode);
            throw;
        }
    }

    private async Task<FetchResponse> FetchWithinBudgetAsync(FetchRequest request, FetchOptions settings, CancellationToken cancellationToken)
    {
        var current = request.Url;
        var visited = new HashSet<Uri> { current };
        for (var redirects = 0; ; redirects++)
        {
            HttpResponseMessage response;
            using (var message = CreateRequest(current, request, settings))
            {
                try
                {
                    response = await httpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                }
                catch (HttpRequestException ex) when (redirects > 0 && Unwrap(ex, current) is { } refused)
                {
                    throw new FetchException(
                        refused.Kind,
                        request.Url,
                        $"{Shown(request.Url)} redirects to an address that is refused: {refused.Message}",
                        ex);
                }
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (IsRedirect(status) && response.Headers.Location is { } location)
                {
                    var target = location.IsAbsoluteUri ? location : new Uri(current, location);
                    Log.Redirected(logger, new RedactedUrl(current), status, new RedactedUrl(target));
                    if (!IsHttp(target))
                    {
                        throw new FetchException(
                            FetchErrorKind.InvalidUrl,
                            request.Url,
                            $"{Shown(request.Url)} redirects to {Shown(target)}, which is not an http or https URL; check the source's address.");
                    }

                    if (!visited.Add(target))
                    {
                        throw new FetchException(
                            FetchErrorKind.TooManyRedirects,
                            request.Url,
                            $"{Shown(request.Url)} is in a redirect loop (back to {Shown(target)}); check the source's address in a browser.");
                    }

                    if (redirects >= settings.MaxRedirects)
                    {
                        throw new FetchException(
                            FetchErrorKind.TooManyRedirects,
                            request.Url,
                            $"{Shown(request.Url)} redirects more than {settings.MaxRedirects} times; use the final address of the feed as the source's URL.");
                    }

                    current = target;
                    continue;
                }

                return await ReadResponseAsync(request, response, current, settings, cancellationToken);
            }
        }
    }

    private async Task<FetchResponse> ReadResponseAsync(
        FetchRequest request,
        HttpResponseMessage response,
        Uri current,
        FetchOptions settings,
        CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var finalUrl = response.RequestMessage?.RequestUri ?? current;
        var etag = response.Headers.ETag?.ToString();
        var lastModified = response.Content.Headers.NonValidated.TryGetValues("Last-Modified", out var values)
            ? values.ToString()
            : null;

        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            Log.NotModified(logger, new RedactedUrl(finalUrl));
            return new FetchResponse
            {
                RequestedUrl = request.Url,
                FinalUrl = finalUrl,
                StatusCode = status,
                NotModified = true,
                // A 304 may omit validators; the ones we sent are still current then.
                ETag = etag ?? request.ETag,
                LastModified = lastModified ?? request.LastModified,
            };
        }

        if (!response.IsSuccessStatusCode)
        {
            throw StatusError(request.Url, response);
        }

        var body = await ReadBodyAsync(response.Content, request.Url, settings.MaxBytes, cancellationToken);
        var contentType = response.Content.Headers.ContentType;
        var mediaType = contentType?.MediaType?.ToLowerInvariant();
        Log.Fetched(logger, new RedactedUrl(finalUrl), status, body.Length, mediaType);
        return new FetchResponse
        {
            RequestedUrl = request.Url,
            FinalUrl = finalUrl,
            StatusCode = status,
            Body = body,
            MediaType = mediaType,
            Charset = contentType?.CharSet?.Trim('"', '\'', ' ') is { Length: > 0 } charset ? charset : null,
            ETag = etag,
            LastModified = lastModified,
        };
    }

    /// <summary>Reads at most <paramref name="maxBytes"/> and stops at the first byte past it, so a bomb costs little.</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContent content, Uri url, long maxBytes, CancellationToken cancellationToken)
    {
        var limit = Math.Min(maxBytes, Array.MaxLength);
        var declared = content.Headers.ContentLength;
        if (declared > limit)
        {
            throw TooLarge(url, limit, $"it declares {declared} bytes");
        }

        // Trust Content-Length for the first allocation only up to a point: a server may lie.
        using var buffer = new MemoryStream((int)Math.Min(declared ?? 16 * 1024, Math.Min(limit, MaxInitialBuffer)));
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var chunk = ArrayPool<byte>.Shared.Rent(ReadChunkSize);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk.AsMemory(0, ReadChunkSize), cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw TooLarge(url, limit, "the body goes on past that");
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static FetchException TooLarge(Uri url, long limit, string detail) => new(
        FetchErrorKind.TooLarge,
        url,
        $"{Shown(url)} is larger than Fetch:MaxBytes ({limit} bytes, counted after decompression): {detail}. Raise Fetch:MaxBytes if the feed is really that big.");

    private FetchException StatusError(Uri url, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var retryAfter = RetryAfter(response.Headers.RetryAfter);
        var hint = status switch
        {
            404 or 410 => "the feed is gone; check or remove the source.",
            401 or 403 => "the server refused the request; the feed may need a login or block bots.",
            429 => retryAfter is { } wait
                ? $"too many requests; the server asks us to wait {wait.TotalSeconds:0} s."
                : "too many requests; the source will be tried again later.",
            >= 500 => "server error; will retry later.",
            >= 400 => "the server rejected the request; check the source's address.",
            _ => "unexpected status for a feed; check the source's address.",
        };
        var reason = string.IsNullOrWhiteSpace(response.ReasonPhrase) ? "" : " " + response.ReasonPhrase;
        return new FetchException(FetchErrorKind.HttpStatus, url, $"{Shown(url)} answered {status}{reason}: {hint}")
        {
            StatusCode = status,
            RetryAfter = retryAfter,
        };
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static HttpRequestMessage CreateRequest(Uri url, FetchRequest request, FetchOptions settings)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, url);
        // Without validation: a user-configured agent or a server's odd validator must go out as it is.
        message.Headers.TryAddWithoutValidation("User-Agent", settings.UserAgent);
        message.Headers.TryAddWithoutValidation("Accept", AcceptHeader);
        if (!string.IsNullOrWhiteSpace(request.ETag))
        {
            message.Headers.TryAddWithoutValidation("If-None-Match", request.ETag);
        }

        if (!string.IsNullOrWhiteSpace(request.LastModified))
        {
            message.Headers.TryAddWithoutValidation("If-Modified-Since", request.LastModified);
        }

        return message;
    }

    /// <summary>The guard's refusal, which the handler wraps in an <see cref="HttpRequestException"/>.</summary>
    private static FetchException? Unwrap(Exception exception, Uri url)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is FetchException fetch)
            {
                return fetch.Url is null ? new FetchException(fetch.Kind, url, fetch.Message, fetch) : fetch;
            }
        }

        return null;
    }

    /// <summary>A URL as error messages show it: without user info or query string (see <see cref="RedactedUrl"/>), since the message reaches logs, the store and the admin page.</summary>
    private static string Shown(Uri url) => url.IsAbsoluteUri ? new RedactedUrl(url).ToString() : url.OriginalString;

    private static bool IsHttp(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) && url.Host.Length > 0;

    private static bool IsRedirect(int status) => status is 301 or 302 or 303 or 307 or 308;
}
