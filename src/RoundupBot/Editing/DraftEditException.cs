namespace RoundupBot.Editing;

/// <summary>
/// An edit of the draft that cannot be made as asked: an unknown item, a title that is empty or too long, two emoji, a
/// sentence citing an item outside its section, a <c>digest.json</c> that is not one or changes what a draft may not.
/// The message names the field (<c>sections[1].title</c>) and what is expected; the draft is unchanged. The CLI exits
/// with 2, the web answers 400.
/// </summary>
public sealed class DraftEditException : Exception
{
    public DraftEditException() { }

    public DraftEditException(string message) : base(message) { }

    public DraftEditException(string message, Exception innerException) : base(message, innerException) { }

    public DraftEditException(string field, string message) : base($"{field}: {message}") => Field = field;

    public DraftEditException(string field, string message, Exception innerException) : base($"{field}: {message}", innerException) => Field = field;

    /// <summary>The field at fault, as a path into <c>digest.json</c> (<c>sections[0].emoji</c>, <c>editorNote</c>).</summary>
    public string? Field { get; }
}
