namespace RoundupBot.Tests.TestSupport;

/// <summary>One request a <see cref="LoopbackServer"/> received; header names are case-insensitive.</summary>
public sealed record RecordedRequest(string Method, string Path, string QueryString, IReadOnlyDictionary<string, string> Headers);
