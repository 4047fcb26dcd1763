using RoundupBot.Model;
using RoundupBot.Rendering;

namespace RoundupBot.Publishing.Email;

/// <summary>
/// One issue rendered once for every recipient: the HTML (CSS inlining is the slow part) and text are made with a marker
/// where the unsubscribe token goes, and <see cref="For"/> swaps in each subscriber's signed token.
/// </summary>
public sealed class IssueEmail
{
    // Survives HTML encoding and CSS inlining unchanged, and never occurs in a token (base64url) or in feed text.
    private const string TokenMarker = "ROUNDUP0UNSUBSCRIBE0TOKEN0MARKER";

    private readonly string _html;
    private readonly string _text;
    private readonly string _unsubscribeUrl;
    private readonly string? _mailto;

    private IssueEmail(string subject, string html, string text, string unsubscribeUrl, string? mailto)
    {
        Subject = subject;
        _html = html;
        _text = text;
        _unsubscribeUrl = unsubscribeUrl;
        _mailto = mailto;
    }

    public string Subject { get; }

    /// <summary>Renders <paramref name="digest"/> for email.</summary>
    /// <param name="digest">The archived issue.</param>
    /// <param name="baseUrl">The public web root (<c>Roundup:BaseUrl</c>), absolute https.</param>
    /// <param name="listName">The newsletter's name (<c>Roundup:Title</c>), for the footer's "why you receive this".</param>
    /// <param name="mailto">The List-Unsubscribe mail address, or null for none.</param>
    public static IssueEmail Render(Digest digest, string baseUrl, string listName, string? mailto)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentException.ThrowIfNullOrWhiteSpace(baseUrl);
        var root = baseUrl.TrimEnd('/');
        var unsubscribeUrl = $"{root}/unsubscribe?token={TokenMarker}";
        var host = Uri.TryCreate(root, UriKind.Absolute, out var uri) ? uri.Host : root;
        var links = new EmailLinks(
            $"{root}/digests/{digest.Number}",
            unsubscribeUrl,
            $"You receive this because you subscribed to “{listName}” at {host}. One click on the link below unsubscribes you.");
        return new IssueEmail(digest.Title, EmailHtmlRenderer.Render(digest, links), TextRenderer.Render(digest, links), unsubscribeUrl, mailto);
    }

    /// <summary>The message for one subscriber, with their own unsubscribe token in the footer and the headers.</summary>
    public EmailMessage For(string address, string unsubscribeToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(unsubscribeToken);
        return new EmailMessage(
            address,
            ToName: null,
            Subject,
            _text.Replace(TokenMarker, unsubscribeToken, StringComparison.Ordinal),
            _html.Replace(TokenMarker, unsubscribeToken, StringComparison.Ordinal),
            new Uri(_unsubscribeUrl.Replace(TokenMarker, unsubscribeToken, StringComparison.Ordinal)),
            _mailto);
    }
}
