using System.Globalization;
using RoundupBot.Editing;
using RoundupBot.Model;
using RoundupBot.Rendering;
using RoundupBot.Storage;

namespace RoundupBot.Subscriptions.Discord;

/// <summary><c>/roundup draft</c> and <c>/roundup approve</c>: the editor's desk from Discord, for the owners only.</summary>
public sealed partial class InteractionHandler
{
    /// <summary>The draft's title, sections, state and admin link, for the invoking owner only.</summary>
    private async Task<InteractionReply> DraftAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        if (RequireOwner(interaction, RoundupCommands.Draft) is { } notAnOwner)
        {
            return notAnOwner;
        }

        if (await desk.GetAsync(cancellationToken) is not { } draft)
        {
            return Private(DiscordMarkdown.Escape(NoDraftException.Text));
        }

        var lines = DraftSummary.Lines(draft, roundupOptions.Value.BaseUrl)
            .Select(l => l.StartsWith(DraftSummary.ReviewWords, StringComparison.Ordinal)
                ? DraftSummary.ReviewWords + "<" + DraftSummary.AdminLink(roundupOptions.Value.BaseUrl) + ">"
                : DiscordMarkdown.Escape(l.TrimStart()))
            .ToList();
        lines[0] = "**" + lines[0] + "**";
        lines.Insert(1, string.Create(CultureInfo.InvariantCulture,
            $"Version {draft.Version}, {(draft.Edited ? "edited" : "not edited yet")}{(draft.Digest.EditorNote is null ? "" : ", with an editor's note")}. `/roundup approve` publishes it."));
        return Private(DiscordMarkdown.Truncate(string.Join("\n", lines), Publishing.Discord.DiscordLimits.ContentLength));
    }

    /// <summary>Defers (sending to every subscriber takes a while), publishes the draft, then edits the reply with how it went.</summary>
    private InteractionReply Approve(Interaction interaction)
    {
        if (RequireOwner(interaction, RoundupCommands.Approve) is { } notAnOwner)
        {
            return notAnOwner;
        }

        return new InteractionReply(InteractionResponse.Deferred(ephemeral: true), () => ApproveAndReportAsync(interaction));
    }

    private async Task ApproveAndReportAsync(Interaction interaction)
    {
        var stopping = lifetime.ApplicationStopping;
        string message;
        try
        {
            var (digest, deliveries) = await desk.ApproveAsync(null, "discord user " + (interaction.UserId ?? "(unknown)"), stopping);
            var link = IssueUrl(digest.Number) is { } url ? " " + url : "";
            message = string.Create(CultureInfo.InvariantCulture,
                $"Published issue #{digest.Number}: **{DiscordMarkdown.Escape(DiscordMarkdown.Truncate(digest.Title, 200))}**, {digest.Sections.Count} sections.{link} Deliveries: {deliveries.Sent} sent, {deliveries.Retrying} to retry, {deliveries.Failed} failed.");
        }
        catch (NoDraftException)
        {
            message = DiscordMarkdown.Escape(NoDraftException.Text);
        }
        catch (DraftChangedException)
        {
            message = "The draft changed meanwhile (someone approved, rebuilt or discarded it). `/roundup draft` shows what is there now.";
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            message = "The server is shutting down; what was not sent yet goes out when it is back.";
        }
        catch (Exception ex)
        {
            // The reply says only that it failed: exception text can carry paths, hosts and other server details.
            Log.RoundupFailed(logger, interaction.Id, ex);
            message = "Publishing the draft failed; the server's log says why.";
        }

        try
        {
            await api.EditOriginalResponseAsync(interaction.ApplicationId, interaction.Token, InteractionMessage.Private(message), CancellationToken.None);
        }
        catch (Publishing.Discord.DiscordApiException ex)
        {
            Log.FollowUpFailed(logger, interaction.Id, ex.Message);
        }
    }

    /// <summary>What a run that stored or kept a draft says.</summary>
    private static string? DescribeDraft(Pipeline.RoundupOutcome outcome) => outcome switch
    {
        { Draft: { } draft } => string.Create(CultureInfo.InvariantCulture,
            $"Built **{DiscordMarkdown.Escape(DiscordMarkdown.Truncate(draft.Digest.Title, 200))}** as the draft for review ({draft.Digest.Sections.Count} sections); nobody receives it until it is approved. `/roundup draft` shows it, `/roundup approve` publishes it."),
        { KeptDraft: { } kept } => string.Create(CultureInfo.InvariantCulture,
            $"Kept the edited draft **{DiscordMarkdown.Escape(DiscordMarkdown.Truncate(kept.Digest.Title, 200))}**: this build was not stored. Discard or rebuild it on the admin page to replace it."),
        _ => null,
    };
}
