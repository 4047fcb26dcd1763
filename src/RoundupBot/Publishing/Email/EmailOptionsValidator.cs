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

        return errors.ToResult();
    }
}
