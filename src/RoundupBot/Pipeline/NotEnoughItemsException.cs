namespace RoundupBot.Pipeline;

/// <summary>The window holds too few items or themes for an issue; the message says how many and what is needed.</summary>
public sealed class NotEnoughItemsException : Exception
{
    public NotEnoughItemsException() { }

    public NotEnoughItemsException(string message) : base(message) { }

    public NotEnoughItemsException(string message, Exception innerException) : base(message, innerException) { }
}
