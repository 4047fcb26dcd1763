using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Publishing.Discord;
using RoundupBot.Publishing.Email;
using RoundupBot.Storage;
using RoundupBot.Subscriptions.Discord;

namespace RoundupBot.Cli;

/// <summary><c>roundup subscribers list | add-email ADDRESS | add-discord WEBHOOK_URL | remove ID</c>.</summary>
internal static class SubscribersCommands
{
    public static Command Create(CliRunner runner)
    {
        var subscribers = new Command("subscribers", "List, add and remove who receives the issue: email addresses and Discord channels");
        subscribers.Subcommands.Add(List(runner));
        subscribers.Subcommands.Add(AddEmail(runner));
        subscribers.Subcommands.Add(AddDiscord(runner));
        subscribers.Subcommands.Add(Remove(runner));
        return subscribers;
    }

    private static Command List(CliRunner runner)
    {
        var command = new Command("list", "Every subscriber (email and Discord) with status, bounces and dates") { GlobalOptions.Json };
        runner.SetAction(command, async (parseResult, services, console, ct) =>
        {
            var subscribers = await services.GetRequiredService<IRoundupStore>().ListSubscribersAsync(ct);
            if (parseResult.GetValue(GlobalOptions.Json))
            {
                console.Out.WriteLine(CliJson.Serialize(subscribers));
                return ExitCodes.Success;
            }

            if (subscribers.Count == 0)
            {
                console.Out.WriteLine("No subscribers yet: 'roundup subscribers add-email ADDRESS' or 'add-discord WEBHOOK_URL' adds one.");
                return ExitCodes.Success;
            }

            TextTable.Write(console.Out, ["ID", "CHANNEL", "ADDRESS", "STATUS", "SINCE (UTC)", "BOUNCES", "LAST ERROR"], subscribers.Select(s => new[]
            {
                s.Id.ToString(CultureInfo.InvariantCulture),
                s.Channel.ToString().ToLowerInvariant(),
                s.Address,
                s.Status.ToString().ToLowerInvariant(),
                (s.UnsubscribedAt ?? s.ConfirmedAt ?? s.CreatedAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                s.Bounces.ToString(CultureInfo.InvariantCulture),
                s.LastError ?? "",
            }).ToList());
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command AddEmail(CliRunner runner)
    {
        var address = new Argument<string>("ADDRESS") { Description = "An email address; added as confirmed, since the admin vouches for it" };
        var command = new Command("add-email", "Add an email subscriber (confirmed: no opt-in email is sent)") { address };
        runner.SetAction(command, async (parseResult, services, console, ct) =>
        {
            var email = ParseAddress(parseResult.GetValue(address)!);
            var (subscriber, changed) = await services.GetRequiredService<IRoundupStore>()
                .SubscribeAsync(email, SubscriberStatus.Confirmed, services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
            console.Out.WriteLine(changed
                ? string.Create(CultureInfo.InvariantCulture, $"Subscriber {subscriber.Id}: {subscriber.Address} is confirmed and receives the next issue.")
                : string.Create(CultureInfo.InvariantCulture, $"Subscriber {subscriber.Id}: {subscriber.Address} was already {subscriber.Status.ToString().ToLowerInvariant()}; nothing changed."));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command AddDiscord(CliRunner runner)
    {
        var url = new Argument<string>("WEBHOOK_URL") { Description = "A channel's webhook URL, https://discord.com/api/webhooks/ID/TOKEN (Integrations > Webhooks > Copy Webhook URL)" };
        var command = new Command("add-discord", "Subscribe a Discord channel through its webhook (checked with Discord first)") { url };
        runner.SetAction(command, async (parseResult, services, console, ct) =>
        {
            var subscriber = await services.GetRequiredService<DiscordSubscriptions>().AddWebhookUrlAsync(parseResult.GetValue(url)!, ct);
            // The label names channel, guild and webhook id; the token is never printed.
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Subscriber {subscriber.Id}: Discord {subscriber.Address} is {subscriber.Status.ToString().ToLowerInvariant()} and receives the next issue."));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Remove(CliRunner runner)
    {
        var id = new Argument<long>("ID") { Description = "The subscriber's id, as 'subscribers list' shows it" };
        var command = new Command("remove", "Delete a subscriber (email or Discord; a Discord channel's stored webhook goes too)") { id };
        runner.SetAction(command, async (parseResult, services, console, ct) =>
        {
            var n = parseResult.GetValue(id);
            if (!await services.GetRequiredService<IRoundupStore>().RemoveSubscriberAsync(n, ct))
            {
                throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"there is no subscriber with id {n}; 'roundup subscribers list' shows the ids."));
            }

            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Removed subscriber {n}."));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string ParseAddress(string input) =>
        EmailAddresses.Normalize(input)
        ?? throw new InvalidInputException($"'{input.ReplaceLineEndings(" ")}' is not an email address: expected a bare address such as ada@example.org.");
}
