using System.Net.Mail;
using Microsoft.Extensions.Options;
using RoundupBot.Configuration;

namespace RoundupBot.Publishing.Email;

internal sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var errors = new OptionsErrors();
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
