namespace RoundupBot.Model;

/// <summary>
/// CSS selectors that turn an HTML page without a feed into items. <see cref="Item"/> selects each item's element;
/// the others are evaluated inside it. <see cref="Link"/> defaults to the first <c>a[href]</c>, <see cref="Title"/> to the link's text.
/// </summary>
public sealed record HtmlSelectors
{
    public required string Item { get; init; }
    public string? Title { get; init; }
    public string? Link { get; init; }
    public string? Date { get; init; }
    public string? Summary { get; init; }
}
