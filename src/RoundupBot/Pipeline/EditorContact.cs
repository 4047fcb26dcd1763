namespace RoundupBot.Pipeline;

/// <summary>How an entry of <c>Roundup:Editors</c> is read: anything written as a URL (or a webhook path) is a Discord webhook, anything else an email address.</summary>
internal static class EditorContact
{
    /// <summary>True when <paramref name="editor"/> is written as a URL (and is then a Discord webhook URL, a secret).</summary>
    public static bool IsWebhook(string editor) =>
        editor.Contains("://", StringComparison.Ordinal) || editor.Contains("webhooks/", StringComparison.OrdinalIgnoreCase);
}
