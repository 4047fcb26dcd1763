namespace RoundupBot.Tests.TestSupport;

/// <summary>What <see cref="SpamAssassin"/> made of a message: the score, the unfolded X-Spam-Status value and the rule report.</summary>
public sealed record SpamScore(double Score, string Status, string Report);
