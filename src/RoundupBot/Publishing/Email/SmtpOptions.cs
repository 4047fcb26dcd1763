namespace RoundupBot.Publishing.Email;

/// <summary>The SMTP server the issues are sent through.</summary>
public sealed class SmtpOptions
{
    /// <summary>Email is off while this is empty.</summary>
    public string? Host { get; set; }
    /// <summary><value>Default 587.</value></summary>
    public int Port { get; set; } = 587;
    /// <summary><value>Default StartTls.</value></summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string? User { get; set; }
    /// <summary>A secret: give it through ROUNDUP__Email__Smtp__Password.</summary>
    public string? Password { get; set; }
}
