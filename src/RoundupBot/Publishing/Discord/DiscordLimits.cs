namespace RoundupBot.Publishing.Discord;

/// <summary>
/// Discord's documented message limits (developer docs, "Embed Limits" and "Execute Webhook"). A body that breaks one
/// is refused with 400, so the renderer stays within all of them. Lengths are counted in UTF-16 units, which is never
/// fewer than Discord's own count.
/// </summary>
public static class DiscordLimits
{
    public const int ContentLength = 2000;
    public const int EmbedsPerMessage = 10;
    /// <summary>Titles, descriptions, field names and values, footer texts and author names of all embeds of one message.</summary>
    public const int EmbedsTotalLength = 6000;
    public const int TitleLength = 256;
    public const int DescriptionLength = 4096;
    public const int FieldsPerEmbed = 25;
    public const int FieldNameLength = 256;
    public const int FieldValueLength = 1024;
    public const int FooterTextLength = 2048;
    public const int UrlLength = 2048;
    public const int ThreadNameLength = 100;
    public const int UsernameLength = 80;
}
