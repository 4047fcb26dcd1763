namespace RoundupBot.Pipeline;

/// <summary>The user asked for something that cannot be done as asked (a malformed URL, a duplicate source, a file that is not OPML). The CLI exits with 2.</summary>
public sealed class InvalidInputException : Exception
{
    public InvalidInputException() { }

    public InvalidInputException(string message) : base(message) { }

    public InvalidInputException(string message, Exception innerException) : base(message, innerException) { }
}
