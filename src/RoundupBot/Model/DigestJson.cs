using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RoundupBot.Model;

/// <summary>
/// The one JSON form of a <see cref="Digest"/>: <c>digest.json</c> and the archive in the store. camelCase, indented,
/// nulls omitted, non-ASCII (emoji, accents) written as is.
/// </summary>
public static class DigestJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // The file is data, never embedded in HTML unescaped, so escaping every emoji would only hurt reading.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(Digest digest) => JsonSerializer.Serialize(digest, Options);

    /// <exception cref="JsonException">Not a digest.</exception>
    public static Digest Deserialize(string json) =>
        JsonSerializer.Deserialize<Digest>(json, Options) ?? throw new JsonException("The JSON is null, not a digest.");

    /// <summary>
    /// SHA-256 (hex) of what a reader sees: everything but <see cref="Digest.Run"/> and the hash itself. Two digests
    /// with the same hash render the same.
    /// </summary>
    public static string ContentHash(Digest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var content = digest with { Run = new DigestRun { Engine = digest.Run.Engine }, ContentHash = null };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(content, Options);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
    }
}
