using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Publishing.Discord;
using RoundupBot.Publishing.Email;

namespace RoundupBot.Editing;

/// <summary>
/// Tells <c>Roundup:Editors</c> that a draft is waiting: an email through the SMTP sender to each address, a message
/// through the webhook client to each Discord webhook, with the draft's admin link and summary
/// (<see cref="DraftSummary"/>). A notice that does not arrive is reported and logged, never fatal: the draft is stored
/// and waits either way.
/// </summary>
public sealed class DraftNotifier(
    IOptions<RoundupOptions> options,
    IOptions<DiscordOptions> discordOptions,
    EmailSender email,
    DiscordWebhookClient discord,
    ILogger<DraftNotifier> logger)
{
    private const string ReviewWords = DraftSummary.ReviewWords;

    /// <summary>Sends the notices, email first; cancellation stops between and within sends.</summary>
    public async Task<DraftNoticeReport> NotifyAsync(Draft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var editors = options.Value.Editors.Select(e => e.Trim()).Where(e => e.Length > 0).ToList();
        if (editors.Count == 0)
        {
            return DraftNoticeReport.None;
        }

        var baseUrl = options.Value.BaseUrl;
        var told = 0;
        var failures = new List<string>();
        var addresses = editors.Where(e => !EditorContact.IsWebhook(e)).ToList();
        if (addresses.Count > 0)
        {
            told += await EmailAsync(draft, addresses, baseUrl, failures, cancellationToken);
        }

        foreach (var webhook in editors.Where(EditorContact.IsWebhook))
        {
            told += await PostAsync(draft, DiscordWebhookUrl.Parse(webhook), baseUrl, failures, cancellationToken) ? 1 : 0;
        }

        Log.EditorsNotified(logger, draft.Digest.Title, told, failures.Count);
        return new DraftNoticeReport(told, failures);
    }

    private async Task<int> EmailAsync(Draft draft, List<string> addresses, string? baseUrl, List<string> failures, CancellationToken cancellationToken)
    {
        var subject = $"Draft to review: {draft.Digest.Title}";
        var text = DraftSummary.Text(draft, baseUrl);
        var html = Html(draft, baseUrl);
        var messages = addresses.Select(a => new EmailMessage(a, null, subject, text, html, UnsubscribeUrl: null, UnsubscribeMailto: null)).ToList();
        try
        {
            var results = await email.SendBatchAsync(messages, cancellationToken);
            foreach (var result in results.Where(r => r.Status != EmailSendStatus.Sent))
            {
                var failure = $"{result.Message.ToAddress}: {result.Status} {result.Detail}".TrimEnd();
                failures.Add(failure);
                Log.EditorNoticeFailed(logger, failure);
            }

            return results.Count(r => r.Status == EmailSendStatus.Sent);
        }
        catch (InvalidOperationException ex)
        {
            // Email is not configured (Email:Smtp:Host or Email:From): every address misses the notice, for one reason.
            foreach (var address in addresses)
            {
                var failure = $"{address}: {ex.Message}";
                failures.Add(failure);
                Log.EditorNoticeFailed(logger, failure);
            }

            return 0;
        }
    }

    private async Task<bool> PostAsync(Draft draft, DiscordWebhookTarget target, string? baseUrl, List<string> failures, CancellationToken cancellationToken)
    {
        var content = DiscordMarkdownNotice(draft, baseUrl);
        var message = new DiscordWebhookMessage
        {
            Content = content,
            Username = discordOptions.Value.Username,
            AvatarUrl = discordOptions.Value.AvatarUrl,
        };
        var result = await discord.ExecuteAsync(target, message, cancellationToken);
        if (result.Status == DiscordWebhookStatus.Posted)
        {
            return true;
        }

        // The target prints as webhooks/ID/***: the token never reaches a log line or a report.
        var failure = $"{target}: {result.Status} {result.Detail}".TrimEnd();
        failures.Add(failure);
        Log.EditorNoticeFailed(logger, failure);
        return false;
    }

    private static string DiscordMarkdownNotice(Draft draft, string? baseUrl)
    {
        const string review = ReviewWords;
        var link = DraftSummary.AdminLink(baseUrl);
        // The link stays as it is (angle brackets: no preview card); the words around it are escaped.
        var lines = DraftSummary.Lines(draft, baseUrl)
            .Select(l => l.StartsWith(review, StringComparison.Ordinal) ? $"{review}<{link}>" : Rendering.DiscordMarkdown.Escape(l.TrimStart()))
            .ToList();
        lines[0] = "**" + lines[0] + "**";
        var content = string.Join("\n", lines);
        return Rendering.DiscordMarkdown.Truncate(content, DiscordLimits.ContentLength);
    }

    private static string Html(Draft draft, string? baseUrl)
    {
        var lines = DraftSummary.Lines(draft, baseUrl);
        var link = DraftSummary.AdminLink(baseUrl);
        var body = string.Join("\n", lines.Select(line => line.StartsWith(ReviewWords, StringComparison.Ordinal)
            ? $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">Review, edit and approve it</a></p>"
            : line.Length == 0 ? "" : $"<p>{WebUtility.HtmlEncode(line.Trim())}</p>"));
        return $"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(draft.Digest.Title)}</title></head>\n<body>\n{body}\n</body></html>\n";
    }
}
