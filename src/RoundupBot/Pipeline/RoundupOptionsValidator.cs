using Microsoft.Extensions.Options;
using Quartz;
using RoundupBot.Configuration;

namespace RoundupBot.Pipeline;

internal sealed class RoundupOptionsValidator : IValidateOptions<RoundupOptions>
{
    public ValidateOptionsResult Validate(string? name, RoundupOptions options)
    {
        var errors = new OptionsErrors();
        if (string.IsNullOrWhiteSpace(options.Title))
        {
            errors.Add("Roundup:Title must not be empty.");
        }
        else if (options.Title.Length > 200)
        {
            errors.Add($"Roundup:Title must be at most 200 characters; got {options.Title.Length}.");
        }

        if (!CronExpression.TryParse(options.Schedule ?? "", out _))
        {
            errors.Add($"Roundup:Schedule must be a Quartz cron expression with seconds first, such as '0 0 8 ? * MON' (Monday 08:00); got '{options.Schedule}'.");
        }

        if (!TryFindTimeZone(options.TimeZone, out _))
        {
            errors.Add($"Roundup:TimeZone must be an IANA time zone id such as 'Europe/Berlin' or 'UTC'; got '{options.TimeZone}'.");
        }

        errors.Range("Roundup:WindowDays", options.WindowDays, 1, 60);
        errors.Range("Roundup:MinSections", options.MinSections, 1, 20);
        errors.Range("Roundup:MaxSections", options.MaxSections, 1, 20);
        if (options.MinSections > options.MaxSections)
        {
            errors.Add($"Roundup:MinSections ({options.MinSections}) must not be greater than Roundup:MaxSections ({options.MaxSections}).");
        }

        errors.Range("Roundup:OtherReads", options.OtherReads, 0, 50);
        errors.HttpUrl("Roundup:BaseUrl", options.BaseUrl);
        errors.Range("Roundup:Interests (count)", options.Interests.Count, 0, 100);
        for (var i = 0; i < options.Interests.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Interests[i]) || options.Interests[i].Length > 100)
            {
                errors.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"Roundup:Interests:{i} must be a word or phrase of 1 to 100 characters; got '{options.Interests[i]}'."));
            }
        }
        if (options.Focus is { } focus && (focus.Trim().Length is < 10 or > 2000))
        {
            errors.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Roundup:Focus must be a few sentences of 10 to 2000 characters saying what the newsletter covers; got {focus.Trim().Length} characters."));
        }

        if (double.IsNaN(options.MinRelevance) || options.MinRelevance is < 0 or > 0.9)
        {
            errors.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Roundup:MinRelevance must be a cosine similarity from 0 to 0.9 (0.1 leaves out only what is far from Roundup:Focus); got {options.MinRelevance}."));
        }

        ValidateReview(options, errors);
        return errors.ToResult();
    }

    private static void ValidateReview(RoundupOptions options, OptionsErrors errors)
    {
        errors.Range("Roundup:Editors (count)", options.Editors.Count, 0, 50);
        for (var i = 0; i < options.Editors.Count; i++)
        {
            var key = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Roundup:Editors:{i}");
            var editor = options.Editors[i]?.Trim() ?? "";
            if (EditorContact.IsWebhook(editor))
            {
                try
                {
                    Publishing.Discord.DiscordWebhookUrl.Parse(editor);
                }
                catch (InvalidInputException ex)
                {
                    // The parser's message never holds the URL or its token: a webhook URL is a secret.
                    errors.Add($"{key}: {ex.Message}");
                }
            }
            else if (Publishing.Email.EmailAddresses.Normalize(editor) is null)
            {
                errors.Add($"{key} must be an email address such as editor@example.org or a Discord webhook URL (https://discord.com/api/webhooks/ID/TOKEN); got '{editor}'.");
            }
        }

        if (options.ReviewDeadline is { } deadline)
        {
            errors.Range("Roundup:ReviewDeadline", deadline, TimeSpan.FromMinutes(1), TimeSpan.FromDays(30));
        }
    }

    internal static bool TryFindTimeZone(string? id, out TimeZoneInfo? zone)
    {
        zone = null;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone);
    }
}
