namespace RoundupBot.Storage;

/// <summary>What the upsert needs to know about a stored item to decide between join, update and unchanged.</summary>
internal readonly record struct StoredItem(long Id, string Key, string? TitleKey, int? ArxivVersion, string ContentHash, bool PublishedIsNull);
