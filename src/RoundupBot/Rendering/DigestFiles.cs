using RoundupBot.Model;

namespace RoundupBot.Rendering;

/// <summary>
/// Writes a rendered digest to a folder: <c>digest.json</c> (the model), <c>digest.md</c>, <c>digest.txt</c> (the email's
/// text part) and <c>digest.html</c> (the email's HTML part, with preview footer links).
/// </summary>
public static class DigestFiles
{
    public const string Json = "digest.json";
    public const string Markdown = "digest.md";
    public const string Text = "digest.txt";
    public const string Html = "digest.html";

    /// <summary>
    /// Creates <paramref name="directory"/> if needed and writes every rendering, replacing older files;
    /// <c>digest.html</c> gets <see cref="EmailLinks.Preview"/> footer links (no web link, a <c>#unsubscribe</c> placeholder).
    /// </summary>
    /// <returns>The paths written, in order: json, md, txt, html.</returns>
    public static Task<IReadOnlyList<string>> WriteAsync(string directory, Digest digest, CancellationToken cancellationToken) =>
        WriteAsync(directory, digest, links: null, cancellationToken);

    /// <summary>
    /// Creates <paramref name="directory"/> if needed and writes every rendering, replacing older files.
    /// </summary>
    /// <param name="directory">The folder; created when missing.</param>
    /// <param name="digest">The issue to render.</param>
    /// <param name="links">
    /// The footer links of <c>digest.html</c>; null means <see cref="EmailLinks.Preview"/> without a web link. A caller
    /// that knows <c>Roundup:BaseUrl</c> passes <c>EmailLinks.Preview(baseUrl + "/digests/N")</c>.
    /// </param>
    /// <param name="cancellationToken">Stops between files; a file is either whole or the previous one.</param>
    /// <returns>The paths written, in order: json, md, txt, html.</returns>
    public static async Task<IReadOnlyList<string>> WriteAsync(string directory, Digest digest, EmailLinks? links, CancellationToken cancellationToken)
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
