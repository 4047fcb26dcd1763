namespace RoundupBot.Ingestion.Parsing;

/// <summary>Bytes to parse and what the server said about them.</summary>
/// <param name="Body">The raw (already decompressed) body.</param>
/// <param name="Url">The final URL: relative links resolve against it; messages name it.</param>
/// <param name="MediaType">Content-Type without parameters, if known.</param>
/// <param name="Charset">Content-Type's charset parameter, if any.</param>
public sealed record FeedDocument(ReadOnlyMemory<byte> Body, Uri Url, string? MediaType = null, string? Charset = null);
