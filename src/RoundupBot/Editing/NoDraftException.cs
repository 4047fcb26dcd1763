namespace RoundupBot.Editing;

/// <summary>An operation on the draft when there is none. The CLI exits with 1.</summary>
public sealed class NoDraftException : Exception
{
    /// <summary>What every caller says.</summary>
    public const string Text = "There is no draft waiting for review. With Roundup:Review on, 'roundup run', the weekly schedule, the admin's \"Run roundup now\" and /roundup now build one.";

    public NoDraftException() : base(Text) { }

    public NoDraftException(string message) : base(message) { }

    public NoDraftException(string message, Exception innerException) : base(message, innerException) { }
}
