namespace RoundupBot.Publishing.Email;

/// <summary>The weekly email. Bound to the <c>Email</c> section.</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    public SmtpOptions Smtp { get; set; } = new();
    /// <summary>The From address, as "Name &lt;address&gt;" or a bare address.</summary>
    public string? From { get; set; }
    /// <summary>The List-Id header's value, such as "roundup.example.org".</summary>
    public string? ListId { get; set; }
    /// <summary>
    /// The mail address in List-Unsubscribe beside the one-click link (RFC 2369), such as
    /// <c>mailto:leave@example.org?subject=unsubscribe</c>; unset means the From address with the subject "unsubscribe".
    /// </summary>
    public string? UnsubscribeMailto { get; set; }
    /// <summary>Limits on the public subscribe form (<c>Email:Subscribe</c>).</summary>
    public SubscribeOptions Subscribe { get; set; } = new();
    /// <summary>Send throttle; 0 means unthrottled. <value>Default 10.</value></summary>
    public double MessagesPerSecond { get; set; } = 10;
}
