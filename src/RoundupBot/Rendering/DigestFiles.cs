using RoundupBot.Model;
using RoundupBot.Publishing.Discord;

namespace RoundupBot.Rendering;

/// <summary>
/// Writes a rendered digest to a folder: <c>digest.json</c> (the model), <c>digest.md</c>, <c>digest.txt</c> (the email's
/// text part), <c>digest.html</c> (the email's HTML part, with preview footer links) and <c>discord.json</c> (the exact
/// Discord webhook request bodies, in posting order, with Discord's snake_case names).
/// </summary>
public static class DigestFiles
{
    public const string Json = "digest.json";
    public const string Markdown = "digest.md";
    public const string Text = "digest.txt";
    public const string Html = "digest.html";
    public const string Discord = "discord.json";

    /// <summary>
    /// Creates <paramref name="directory"/> if needed and writes every rendering, replacing older files;
    /// <c>digest.html</c> gets <see cref="EmailLinks.Preview"/> footer links (no web link, a <c>#unsubscribe</c> placeholder).
    /// </summary>
    /// <returns>The paths written, in order: json, md, txt, html, discord.json.</returns>
    public static Task<IReadOnlyList<string>> WriteAsync(string directory, Digest digest, CancellationToken cancellationToken) =>
        WriteAsync(directory, digest, links: null, discord: null, cancellationToken);

    /// <inheritdoc cref="WriteAsync(string, Digest, EmailLinks?, DiscordOptions?, CancellationToken)"/>
    public static Task<IReadOnlyList<string>> WriteAsync(string directory, Digest digest, EmailLinks? links, CancellationToken cancellationToken) =>
        WriteAsync(directory, digest, links, discord: null, cancellationToken);

    /// <summary>
    /// Creates <paramref name="directory"/> if needed and writes every rendering, replacing older files.
    /// </summary>
    /// <param name="directory">The folder; created when missing.</param>
    /// <param name="digest">The issue to render.</param>
    /// <param name="links">
    /// The footer links of <c>digest.html</c>; null means <see cref="EmailLinks.Preview"/> without a web link. A caller
    /// that knows <c>Roundup:BaseUrl</c> passes <c>EmailLinks.Preview(baseUrl + "/digests/N")</c>.
    /// </param>
    /// <param name="discord">
    /// The <c>Discord</c> options whose <c>Username</c> and <c>AvatarUrl</c> go on every body of <c>discord.json</c>, as
    /// the publisher sends them; null leaves them out. The footer message links <see cref="EmailLinks.WebUrl"/>
    /// of <paramref name="links"/>, and is left out without one.
    /// </param>
    /// <param name="cancellationToken">Stops between files; a file is either whole or the previous one.</param>
    /// <returns>The paths written, in order: json, md, txt, html, discord.json.</returns>
    public static async Task<IReadOnlyList<string>> WriteAsync(string directory, Digest digest, EmailLinks? links, DiscordOptions? discord, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(digest);
        Directory.CreateDirectory(directory);
        var files = new (string Name, string Content)[]
        {
            (Json, DigestJson.Serialize(digest) + "\n"),
            (Markdown, MarkdownRenderer.Render(digest)),
            (Text, TextRenderer.Render(digest)),
            (Html, EmailHtmlRenderer.Render(digest, links ?? EmailLinks.Preview())),
            (Discord, DiscordJson.SerializeAll(DiscordRenderer.Render(digest, links?.WebUrl, discord)) + "\n"),
        };
        var written = new List<string>(files.Length);
        foreach (var (name, content) in files)
        {
            var path = Path.Combine(directory, name);
            // Write beside, then move: a reader never sees half a file, and a crash leaves the previous one whole.
            var temporary = path + ".tmp";
            await File.WriteAllTextAsync(temporary, content, cancellationToken);
            File.Move(temporary, path, overwrite: true);
            written.Add(path);
        }

        return written;
    }
}
