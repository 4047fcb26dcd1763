namespace RoundupBot.Web;

/// <summary>The admin pages. Bound to the <c>Admin</c> section.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>A secret (at least 16 characters) that opens the admin pages: give it through ROUNDUP__Admin__Token. Admin pages are off while empty.</summary>
    public string? Token { get; set; }
}
