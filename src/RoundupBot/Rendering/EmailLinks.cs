namespace RoundupBot.Rendering;

/// <summary>
/// The per-recipient parts of an email's footer. The sender builds one per subscriber (signed unsubscribe link);
/// <see cref="Preview"/> is the stand-in <see cref="DigestFiles"/> uses for <c>digest.html</c>.
/// </summary>
/// <param name="WebUrl">The issue on the web (<c>Roundup:BaseUrl</c> + <c>/digests/N</c>); null leaves the web link out.</param>
/// <param name="UnsubscribeUrl">Where one click unsubscribes this recipient; shown as a visible link. Required.</param>
/// <param name="Reason">"You receive this because you subscribed to …", shown as text (HTML-encoded).</param>
public sealed record EmailLinks(string? WebUrl, string UnsubscribeUrl, string Reason)
{
    /// <summary>The placeholder unsubscribe link of a preview: an in-page fragment, so it goes nowhere when clicked.</summary>
    public const string PlaceholderUnsubscribeUrl = "#unsubscribe";

    /// <summary>Links for a file preview, not a real delivery: the unsubscribe link is <see cref="PlaceholderUnsubscribeUrl"/>.</summary>
    public static EmailLinks Preview(string? webUrl = null) =>
        new(webUrl, PlaceholderUnsubscribeUrl, "You receive this because you subscribed to the weekly research roundup.");
}
