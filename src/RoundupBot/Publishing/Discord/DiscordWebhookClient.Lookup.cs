using System.Globalization;
using System.Net;
using System.Text.Json;

namespace RoundupBot.Publishing.Discord;

public sealed partial class DiscordWebhookClient
{
    // A lookup is interactive (someone typed a command): wait out a short 429 once, never minutes.
    private static readonly TimeSpan MaxLookupRetryAfter = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <c>GET {Discord:ApiBaseUrl}/webhooks/{id}/{token}</c>: whether the webhook exists, and its channel, guild and name.
    /// Never throws for anything Discord or the network does; one retry after a 5xx, a timeout or a short 429.
    /// </summary>
    internal async Task<DiscordWebhookLookup> GetWebhookAsync(DiscordWebhookTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        CheckTarget(target);
        var uri = new Uri($"{_options.ApiBaseUrl.TrimEnd('/')}/webhooks/{Uri.EscapeDataString(target.WebhookId)}/{Uri.EscapeDataString(target.Token)}");
        DiscordWebhookLookup? last = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var (lookup, retryAfter) = await LookupOnceAsync(uri, target, cancellationToken);
            if (lookup.Webhook is not null || lookup.Unknown || (lookup.HttpStatusCode is >= 400 and < 500 && retryAfter is null))
            {
                return lookup;
            }

            last = lookup;
            var wait = retryAfter ?? _options.RetryDelay;
            if (wait > MaxLookupRetryAfter)
            {
                break;
            }

            await Task.Delay(wait, _timeProvider, cancellationToken);
        }

        return last!;
    }

    private async Task<(DiscordWebhookLookup Lookup, TimeSpan? RetryAfter)> LookupOnceAsync(Uri uri, DiscordWebhookTarget target, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            var text = await ReadBodyAsync(response, linked.Token);
            var error = DiscordError.Parse(text);
            if (response.IsSuccessStatusCode)
            {
                var webhook = ReadWebhook(text, target);
                return (new DiscordWebhookLookup(webhook, false, status, webhook is null ? $"Discord answered {status} without the webhook {target}" : null), null);
            }

            if ((response.StatusCode == HttpStatusCode.NotFound && error.Code == DiscordError.UnknownWebhook)
                || (response.StatusCode == HttpStatusCode.Unauthorized && error.Code == DiscordError.InvalidWebhookToken))
            {
                return (new DiscordWebhookLookup(null, true, status, Redact($"Discord answered {status} ({error.Code}: {error.Message})", target)), null);
            }

            TimeSpan? retryAfter = response.StatusCode == HttpStatusCode.TooManyRequests ? RetryAfter(response, error) : null;
            var detail = Redact(string.Create(CultureInfo.InvariantCulture, $"Discord answered {status}{(error.Message is { } m ? $" ({error.Code}: {m})" : "")}"), target);
            return (new DiscordWebhookLookup(null, false, status, detail), retryAfter);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (new DiscordWebhookLookup(null, false, null, string.Create(CultureInfo.InvariantCulture, $"no answer within {_options.Timeout.TotalSeconds:0.#} s")), null);
        }
        catch (HttpRequestException ex)
        {
            return (new DiscordWebhookLookup(null, false, null, "the request failed: " + Redact(ex.Message, target)), null);
        }
    }

    /// <summary>The webhook object's fields we keep; the id must be the one asked for, or Discord answered something else.</summary>
    private static DiscordWebhookInfo? ReadWebhook(string body, DiscordWebhookTarget target)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || StringProperty(root, "id") != target.WebhookId)
            {
                return null;
            }

            return new DiscordWebhookInfo(target.WebhookId, target.Token, StringProperty(root, "channel_id"), StringProperty(root, "guild_id"), StringProperty(root, "name"))
            {
                ThreadId = target.ThreadId,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
