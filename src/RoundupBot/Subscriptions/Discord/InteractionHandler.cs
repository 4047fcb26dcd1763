using System.Globalization;
using System.Text.Json;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Publishing.Discord;
using RoundupBot.Rendering;
using RoundupBot.Storage;

namespace RoundupBot.Subscriptions.Discord;

/// <summary>
/// Answers verified interactions: PING with PONG, and <c>/roundup subscribe | unsubscribe | latest [number] | now |
/// sources | draft | approve</c>. Anything else (another command, a missing or unknown subcommand, options we never registered, values
/// out of range, a DM where a server channel is needed, a member without the permission) gets a clear reply only the
/// invoking user sees, and changes nothing.
/// </summary>
/// <remarks>
/// Every reply carries <c>allowed_mentions: {"parse": []}</c> and escapes text that came from users or feeds, so a
/// source named "@everyone" pings nobody. Only <c>latest</c> answers the whole channel; the rest are ephemeral.
/// </remarks>
public sealed partial class InteractionHandler(
    IRoundupStore store,
    RoundupRunner runner,
    Editing.DraftDesk desk,
    DiscordApiClient api,
    DiscordSubscriptions subscriptions,
    RoundupOwners owners,
    IOptions<RoundupOptions> roundupOptions,
    IOptions<DiscordOptions> discordOptions,
    IHostApplicationLifetime lifetime,
    ILogger<InteractionHandler> logger)
{
    /// <summary>The longest name or value quoted back to a user; anything longer is cut.</summary>
    internal const int MaxQuotedLength = 32;

    private const string Usage = "Use `/roundup subscribe`, `/roundup unsubscribe`, `/roundup latest`, `/roundup now`, `/roundup sources`, `/roundup draft` or `/roundup approve`.";

    /// <summary>The answer to <paramref name="interaction"/>, already verified as Discord's.</summary>
    /// <param name="interaction">The parsed interaction.</param>
    /// <param name="cancellationToken">The request's token: Discord gives up after 3 seconds.</param>
    public async Task<InteractionReply> HandleAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        if (interaction.Type == Interaction.PingType)
        {
            return new InteractionReply(InteractionResponse.Pong);
        }

        if (interaction.Type != Interaction.ApplicationCommandType)
        {
            return Private("RoundupBot only answers its slash command. " + Usage);
        }

        Log.InteractionReceived(logger, interaction.Id, interaction.CommandName ?? "", interaction.Subcommand ?? "", interaction.GuildId ?? "(none)", interaction.ChannelId ?? "(none)");
        if (interaction.CommandName != RoundupCommands.Name)
        {
            return Private($"RoundupBot has no command /{Quote(interaction.CommandName)}. {Usage}");
        }

        if (interaction.Subcommand is not { } subcommand)
        {
            return Private("`/roundup` needs a subcommand. " + Usage);
        }

        if (interaction.StrayOptionCount > 0)
        {
            return Private("`/roundup` takes one subcommand and nothing beside it. " + Usage);
        }

        return subcommand switch
        {
            RoundupCommands.Latest => await LatestAsync(interaction, cancellationToken),
            RoundupCommands.Sources when NoOptions(interaction) is { } refusal => refusal,
            RoundupCommands.Sources => await SourcesAsync(cancellationToken),
            RoundupCommands.Now when NoOptions(interaction) is { } refusal => refusal,
            RoundupCommands.Now => Now(interaction),
            RoundupCommands.Draft when NoOptions(interaction) is { } refusal => refusal,
            RoundupCommands.Draft => await DraftAsync(interaction, cancellationToken),
            RoundupCommands.Approve when NoOptions(interaction) is { } refusal => refusal,
            RoundupCommands.Approve => Approve(interaction),
            RoundupCommands.Subscribe when NoOptions(interaction) is { } refusal => refusal,
            RoundupCommands.Subscribe => await SubscribeAsync(interaction, cancellationToken),
            RoundupCommands.Unsubscribe when NoOptions(interaction) is { } refusal => refusal,
            RoundupCommands.Unsubscribe => await UnsubscribeAsync(interaction, cancellationToken),
            _ => Private($"`/roundup` has no subcommand '{Quote(subcommand)}'. {Usage}"),
        };
    }

    private async Task<InteractionReply> LatestAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        int? number = null;
        foreach (var option in interaction.Options)
        {
            if (option.Name != RoundupCommands.NumberOption)
            {
                return UnexpectedOption(RoundupCommands.Latest, option);
            }

            if (option.Value.ValueKind != JsonValueKind.Number || !option.Value.TryGetInt32(out var n) || n < 1)
            {
                return Private("`number` must be an issue number: a whole number from 1.");
            }

            number = n;
        }

        var digest = number is { } wanted ? await store.GetDigestAsync(wanted, cancellationToken) : await store.GetLatestDigestAsync(cancellationToken);
        if (digest is null)
        {
            return Private(number is { } missing
                ? string.Create(CultureInfo.InvariantCulture, $"There is no issue #{missing}. `/roundup latest` shows the newest one.")
                : "No issue has been published yet. The first one comes with the next roundup.");
        }

        return new InteractionReply(InteractionResponse.Message(InteractionMessage.Public(DescribeIssue(digest))));
    }

    /// <summary>The issue's title, period, web link and "In this issue" list, within Discord's 2,000 characters.</summary>
    internal string DescribeIssue(Digest digest)
    {
        var text = new StringBuilder();
        text.Append("**").Append(DiscordMarkdown.Escape(DiscordMarkdown.Truncate(digest.Title, 200))).Append("**\n");
        text.Append(CultureInfo.InvariantCulture, $"{digest.PeriodStart.UtcDateTime:d MMM} – {digest.PeriodEnd.UtcDateTime:d MMM yyyy}\n");
        if (IssueUrl(digest.Number) is { } url)
        {
            text.Append(url).Append('\n');
        }

        text.Append("\n**In this issue**\n");
        var lines = digest.Sections.Select(s => $"{DiscordMarkdown.Emoji(s.Emoji)} {DiscordMarkdown.Escape(DiscordMarkdown.Truncate(s.Title, 150))}").ToList();
        if (digest.OtherReads.Count > 0)
        {
            lines.Add("📚 Other interesting things to read this week");
        }

        return AppendWithin(text, lines);
    }

    private async Task<InteractionReply> SourcesAsync(CancellationToken cancellationToken)
    {
        var sources = await store.ListSourcesAsync(cancellationToken);
        if (sources.Count == 0)
        {
            return Private("The roundup reads no sources yet.");
        }

        var failing = sources.Count(s => s.Enabled && s.Fetch.LastError is not null);
        var disabled = sources.Count(s => !s.Enabled);
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"**{sources.Count} sources**: {sources.Count - failing - disabled} fine, {failing} failing, {disabled} disabled\n"));
        var lines = sources.Select(s => $"• {DiscordMarkdown.Escape(DiscordMarkdown.Truncate(s.Name, 100))} ({s.Kind.ToString().ToLowerInvariant()}): {Status(s)}").ToList();
        return Private(AppendWithin(text, lines));
    }

    private static string Status(Source source) =>
        !source.Enabled ? "disabled"
        : source.Fetch.LastError is not null ? string.Create(CultureInfo.InvariantCulture, $"failing ({source.Fetch.ConsecutiveFailures} in a row)")
        : source.Fetch.LastFetchedAt is { } at ? string.Create(CultureInfo.InvariantCulture, $"ok, fetched {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC, {source.ItemCount} items")
        : "not fetched yet";

    /// <summary>Adds whole lines while they fit in one message; says how many did not.</summary>
    private static string AppendWithin(StringBuilder text, List<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var more = string.Create(CultureInfo.InvariantCulture, $"…and {lines.Count - i} more");
            var reserve = i < lines.Count - 1 ? more.Length + 1 : 0;
            if (text.Length + lines[i].Length + 1 + reserve > DiscordLimits.ContentLength)
            {
                text.Append(more);
                return text.ToString();
            }

            text.Append(lines[i]).Append('\n');
        }

        return text.ToString().TrimEnd('\n');
    }

    private string? IssueUrl(int number) =>
        string.IsNullOrWhiteSpace(roundupOptions.Value.BaseUrl)
            ? null
            : DiscordMarkdown.SafeUrl(string.Create(CultureInfo.InvariantCulture, $"{roundupOptions.Value.BaseUrl.TrimEnd('/')}/digests/{number}"));

    /// <summary>Null when the subcommand got no options (ours take none); otherwise the refusal.</summary>
    private static InteractionReply? NoOptions(Interaction interaction) =>
        interaction.Options.Count == 0 ? null : UnexpectedOption(interaction.Subcommand!, interaction.Options[0]);

    private static InteractionReply UnexpectedOption(string subcommand, InteractionOption option) =>
        Private($"`/roundup {subcommand}` has no option '{Quote(option.Name)}'. Run `roundup discord register-commands` on the server if the commands look out of date.");

    /// <summary>Text from the request, safe to show: cut to <see cref="MaxQuotedLength"/> and escaped (never put inside backticks, where escapes show).</summary>
    internal static string Quote(string? text) => DiscordMarkdown.Escape(DiscordMarkdown.Truncate(text ?? "", MaxQuotedLength));

    private static InteractionReply Private(string content) =>
        new(InteractionResponse.Message(InteractionMessage.Private(content)));

    /// <summary>Null when <paramref name="interaction"/> comes from a server channel; otherwise the refusal.</summary>
    private static InteractionReply? RequireGuild(Interaction interaction, string subcommand) =>
        interaction.GuildId is not null && interaction.ChannelId is not null
            ? null
            : Private($"`/roundup {subcommand}` works in a server channel, not in a direct message.");

    /// <summary>
    /// Null when <see cref="RoundupOwners"/> allows <paramref name="interaction"/>; otherwise a polite refusal. Every
    /// command that changes what is published asks this first, before it reads or changes anything.
    /// </summary>
    private InteractionReply? RequireOwner(Interaction interaction, string subcommand)
    {
        var verdict = owners.Judge(interaction);
        if (verdict == OwnerVerdict.Allowed)
        {
            return null;
        }

        Log.NotPermitted(logger, interaction.Id, interaction.UserId ?? "(unknown)", subcommand);
        return Private(verdict == OwnerVerdict.LacksPermission
            ? $"Only members with {RoundupOwners.RequiredPermissionName} may use `/roundup {subcommand}` here."
            : $"Sorry, `/roundup {subcommand}` is only for the people who run this RoundupBot, since it changes what every subscriber receives. Nothing was changed. `/roundup latest` shows the newest issue.");
    }

    /// <summary>Null when the member has one of <paramref name="anyOf"/> (or Administrator); otherwise the refusal.</summary>
    private InteractionReply? RequirePermission(Interaction interaction, string subcommand, ulong anyOf, string needed)
    {
        if (DiscordPermissions.HasAny(interaction.MemberPermissions, anyOf))
        {
            return null;
        }

        Log.NotPermitted(logger, interaction.Id, interaction.UserId ?? "(unknown)", subcommand);
        return Private($"Only members with {needed} may use `/roundup {subcommand}` here.");
    }
}
