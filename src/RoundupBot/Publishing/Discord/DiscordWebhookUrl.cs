using System.Globalization;
using RoundupBot.Pipeline;

namespace RoundupBot.Publishing.Discord;

/// <summary>
/// Reads a webhook URL as Discord shows it (<c>https://discord.com/api/webhooks/ID/TOKEN</c>, the canary., ptb. and
/// discordapp.com forms, an API version in the path, <c>?thread_id=</c>) and refuses anything else. The URL is only
/// read, never requested: requests go to <c>Discord:ApiBaseUrl</c>, so a URL cannot point RoundupBot at another host.
/// </summary>
internal static class DiscordWebhookUrl
{
    /// <summary>Longer than any real webhook URL (about 120 characters) with a thread id, by a wide margin.</summary>
    public const int MaxLength = 512;

    /// <summary>Discord tokens are 68 characters today; leave room without accepting an essay.</summary>
    private const int MaxTokenLength = 200;

    private static readonly HashSet<string> Hosts = new(StringComparer.OrdinalIgnoreCase)
    {
        "discord.com", "canary.discord.com", "ptb.discord.com", "discordapp.com", "canary.discordapp.com", "ptb.discordapp.com",
    };

    private const string Expected = "expected a Discord webhook URL such as https://discord.com/api/webhooks/123456789012345678/TOKEN (copy it from the channel's Integrations > Webhooks)";

    /// <summary>The webhook's id, token and thread (if the URL names one).</summary>
    /// <exception cref="InvalidInputException">
    /// Not a Discord webhook URL; the message says what is wrong and what is expected, and never contains the token
    /// (nor the URL, which holds it).
    /// </exception>
    public static DiscordWebhookTarget Parse(string? input)
    {
        var text = input?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw Refused("the webhook URL is empty");
        }

        if (text.Length > MaxLength)
        {
            throw Refused(string.Create(CultureInfo.InvariantCulture, $"the webhook URL is {text.Length} characters long, more than the {MaxLength} any webhook URL needs"));
        }

        if (text.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            throw Refused("the webhook URL contains spaces or control characters");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.IsFile || uri.IsUnc)
        {
            throw Refused("that is not a URL");
        }

        if (!uri.Scheme.Equals(Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
        {
            throw Refused($"the URL must use https, not {uri.Scheme}");
        }

        if (!Hosts.Contains(uri.Host) || !uri.IsDefaultPort || uri.UserInfo.Length > 0)
        {
            // The host is not a secret; the rest of the URL may hold a token.
            throw Refused($"the URL's host is {(uri.UserInfo.Length > 0 || !uri.IsDefaultPort ? "not plain " : "")}'{uri.Host}', not discord.com (or canary., ptb., discordapp.com)");
        }

        if (text.Contains("/.", StringComparison.Ordinal) || text.Contains('\\', StringComparison.Ordinal))
        {
            // Uri would resolve "/../" away, turning an extra path into a different token.
            throw Refused("the URL's path has '.' segments or backslashes");
        }

        if (uri.Fragment.Length > 0)
        {
            throw Refused("the URL has a '#' fragment, which a webhook URL never has");
        }

        var segments = uri.AbsolutePath.Split('/');
        // "", "api", ["v10",] "webhooks", id, token
        var at = segments.Length > 1 && segments[1] == "api" ? 2 : -1;
        if (at > 0 && segments.Length > at && IsVersion(segments[at]))
        {
            at++;
        }

        if (at < 0 || segments.Length <= at || segments[at] != "webhooks")
        {
            throw Refused("the URL's path does not start with /api/webhooks/");
        }

        var rest = segments[(at + 1)..];
        if (rest.Length == 0 || rest[0].Length == 0)
        {
            throw Refused("the URL has no webhook id after /api/webhooks/");
        }

        var id = rest[0];
        if (!IsSnowflake(id))
        {
            throw Refused("the webhook id (after /api/webhooks/) must be a Discord id of 17 to 20 digits");
        }

        if (rest.Length < 2 || rest[1].Length == 0)
        {
            throw Refused($"the URL has no token after webhooks/{id}/");
        }

        var token = rest[1];
        if (token.Length > MaxTokenLength || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw Refused($"the token of webhooks/{id}/*** is not a Discord webhook token (letters, digits, '-', '_')");
        }

        if (rest.Length > 2)
        {
            throw Refused($"the URL goes on after webhooks/{id}/*** (an extra path such as /slack or /github is not a Discord webhook URL for RoundupBot)");
        }

        var target = new DiscordWebhookTarget(id, token);
        return ParseQuery(uri.Query, target);
    }

    private static DiscordWebhookTarget ParseQuery(string query, DiscordWebhookTarget target)
    {
        if (query.Length <= 1)
        {
            return target;
        }

        string? threadId = null;
        foreach (var pair in query[1..].Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? "" : pair[(equals + 1)..];
            if (name == "thread_id" && threadId is null && IsSnowflake(value))
            {
                threadId = value;
                continue;
            }

            if (name == "wait" && value is "true" or "false")
            {
                // Harmless and sometimes copied along: the publisher always waits for the answer.
                continue;
            }

            throw Refused(name == "thread_id"
                ? $"the thread_id of webhooks/{target.WebhookId}/*** must appear once and be a Discord id of 17 to 20 digits"
                : $"the URL of webhooks/{target.WebhookId}/*** has a query parameter other than thread_id");
        }

        return threadId is null ? target : target with { ThreadId = threadId };
    }

    /// <summary>A Discord id: 17 to 20 digits, no leading zero.</summary>
    public static bool IsSnowflake(string text) =>
        text.Length is >= 17 and <= 20 && text[0] != '0' && text.All(char.IsAsciiDigit);

    private static bool IsVersion(string segment) =>
        segment.Length is >= 2 and <= 3 && segment[0] == 'v' && segment[1..].All(char.IsAsciiDigit);

    private static InvalidInputException Refused(string problem) => new($"Not a Discord webhook URL: {problem}; {Expected}.");
}
