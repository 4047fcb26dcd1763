namespace RoundupBot.Model;

/// <summary>The kinds of <see cref="CommunitySignal"/>, as stored and written in <c>digest.json</c>.</summary>
public static class SignalKinds
{
    /// <summary>Hugging Face daily papers' upvotes.</summary>
    public const string Upvotes = "upvotes";

    /// <summary>Hacker News points.</summary>
    public const string Points = "points";
}
