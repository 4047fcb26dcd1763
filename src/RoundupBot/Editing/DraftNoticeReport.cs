namespace RoundupBot.Editing;

/// <summary>What telling the editors of a draft did.</summary>
/// <param name="Told">Editors the notice reached (emails the server accepted, Discord messages posted).</param>
/// <param name="Failures">One line per editor it did not reach, naming the address or the webhook as <c>webhooks/ID/***</c> (never its token).</param>
public sealed record DraftNoticeReport(int Told, IReadOnlyList<string> Failures)
{
    /// <summary>Nobody to tell.</summary>
    public static DraftNoticeReport None { get; } = new(0, []);
}
