using System.Net.Mail;
using Microsoft.Extensions.Options;
using RoundupBot.Configuration;

namespace RoundupBot.Publishing.Email;

internal sealed class EmailOptionsValidator(IOptions<Web.SecurityOptions> security, IOptions<Pipeline.RoundupOptions> roundup) : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var errors = new OptionsErrors();
        // Subscribing by email mails a signed confirmation link, so sending email without a signing key would fail on
        // the first subscriber rather than at start-up.
        if (!string.IsNullOrWhiteSpace(options.Smtp.Host) && string.IsNullOrWhiteSpace(security.Value.SigningKey))
        {
            errors.Add("Security:SigningKey is required once Email:Smtp:Host is set: it signs the confirm and unsubscribe links; give it through ROUNDUP__Security__SigningKey (at least 32 characters).");
        }

        // Every issue links to its web page and carries a one-click unsubscribe link, which RFC 8058 wants on https.
        if (!string.IsNullOrWhiteSpace(options.Smtp.Host)
            && (!Uri.TryCreate(roundup.Value.BaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"Roundup:BaseUrl must be the public https address of the web pages once Email:Smtp:Host is set (the issue's unsubscribe and web links point there), such as 'https://roundup.example.org'; got '{roundup.Value.BaseUrl}'.");
        }

        if (!string.IsNullOrWhiteSpace(options.UnsubscribeMailto)
            && (!options.UnsubscribeMailto.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)
                || !MailAddress.TryCreate(options.UnsubscribeMailto["mailto:".Length..].Split('?')[0], out _)))
        {
            errors.Add($"Email:UnsubscribeMailto must be a mailto: URL such as 'mailto:leave@example.org?subject=unsubscribe'; got '{options.UnsubscribeMailto}'.");
        }

        errors.Range("Email:Smtp:Port", options.Smtp.Port, 1, 65535);
        errors.Range("Email:MessagesPerSecond", options.MessagesPerSecond, 0, 10_000);
        errors.Range("Email:Subscribe:ClientLimit", options.Subscribe.ClientLimit, 1, 100_000);
        errors.Range("Email:Subscribe:AddressLimit", options.Subscribe.AddressLimit, 1, 1_000);
        errors.Range("Email:Subscribe:Window", options.Subscribe.Window, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        errors.Range("Email:Subscribe:ResendAfter", options.Subscribe.ResendAfter, TimeSpan.Zero, TimeSpan.FromDays(3));
        if (!string.IsNullOrWhiteSpace(options.Smtp.Host) && string.IsNullOrWhiteSpace(options.From))
        {
            errors.Add("Email:From is required once Email:Smtp:Host is set: the sender address, such as 'Roundup <roundup@example.org>'.");
        }

        if (!string.IsNullOrWhiteSpace(options.From) && !MailAddress.TryCreate(options.From, out _))
        {
            errors.Add($"Email:From must be an email address such as 'Roundup <roundup@example.org>'; got '{options.From}'.");
        }

        if (options.Smtp.Password is not null && string.IsNullOrWhiteSpace(options.Smtp.User))
        {
            errors.Add("Email:Smtp:User is required when Email:Smtp:Password is set.");
        }

        // Without TLS, AUTH PLAIN sends the password in the clear to anyone on the path; only a relay on this machine
        // (where nobody else sees the traffic) may take it that way.
        if (!string.IsNullOrEmpty(options.Smtp.Password) && options.Smtp.Security == SmtpSecurity.None
            && !string.IsNullOrWhiteSpace(options.Smtp.Host) && !IsLoopback(options.Smtp.Host))
        {
            errors.Add($"Email:Smtp:Security is None while Email:Smtp:Password is set for the host '{options.Smtp.Host}': the password would cross the network in clear text. Set Email:Smtp:Security to StartTls or SslOnConnect (or use a relay on 127.0.0.1).");
        }

        return errors.ToResult();
    }

    /// <summary>localhost, or an address literal on the loopback interface (127.0.0.0/8, ::1); never a name that DNS could answer otherwise.</summary>
    private static bool IsLoopback(string host)
    {
        var bare = host.Trim().Trim('[', ']');
        return string.Equals(bare, "localhost", StringComparison.OrdinalIgnoreCase)
            || (System.Net.IPAddress.TryParse(bare, out var address) && System.Net.IPAddress.IsLoopback(address));
    }
}
