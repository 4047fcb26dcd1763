using RoundupBot.Model;

namespace RoundupBot.Rendering;

/// <summary>Writes a rendered digest to a folder: <c>digest.json</c> (the model), <c>digest.md</c> and <c>digest.txt</c>.</summary>
public static class DigestFiles
{
    public const string Json = "digest.json";
    public const string Markdown = "digest.md";
    public const string Text = "digest.txt";

    /// <summary>Creates <paramref name="directory"/> if needed and writes every rendering, replacing older files.</summary>
    /// <returns>The paths written, in order.</returns>
    public static async Task<IReadOnlyList<string>> WriteAsync(string directory, Digest digest, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(digest);
        Directory.CreateDirectory(directory);
        var files = new (string Name, string Content)[]
        {
            (Json, DigestJson.Serialize(digest) + "\n"),
            (Markdown, MarkdownRenderer.Render(digest)),
            (Text, TextRenderer.Render(digest)),
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
