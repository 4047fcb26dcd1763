namespace RoundupBot.Web;

/// <summary>Signing of confirm and unsubscribe links. Bound to the <c>Security</c> section.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>A secret of at least 32 characters: give it through ROUNDUP__Security__SigningKey.</summary>
    public string? SigningKey { get; set; }
}
