namespace RoundupBot.Ingestion.Fetching;

/// <summary>A GET of one URL, conditional when validators from the last fetch are given.</summary>
public sealed record FetchRequest(Uri Url, string? ETag = null, string? LastModified = null);
