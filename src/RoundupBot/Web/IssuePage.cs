namespace RoundupBot.Web;

/// <summary>A rendered issue page: UTF-8 bytes ready to send, and the strong ETag of the issue's content hash.</summary>
public sealed record IssuePage(int Number, string ContentHash, string ETag, byte[] Body);
