using System.Globalization;
using RoundupBot.Pipeline;
using RoundupBot.Publishing.Discord;
using RoundupBot.Rendering;

namespace RoundupBot.Subscriptions.Discord;

/// <summary><c>/roundup now</c>: the same run as <c>roundup run</c> and the admin's button, started from Discord.</summary>
public sealed partial class InteractionHandler
{
    /// <summary>
    /// Defers the reply (Discord wants an answer within 3 seconds; a run takes minutes), then runs the roundup in the
    /// background and edits the reply with how it went. The run belongs to the service: shutting down stops it.
    /// </summary>
    private InteractionReply Now(Interaction interaction)
    {
        if (RequireOwner(interaction, RoundupCommands.Now) is { } notAnOwner)
        {
            return notAnOwner;
        }

        if (runner.IsRunning)
        {
            return Private("A roundup is already running; its issue is published when it ends.");
        }

        Log.RoundupStarted(logger, interaction.Id, interaction.UserId ?? "(unknown)");
        return new InteractionReply(InteractionResponse.Deferred(ephemeral: true), () => RunAndReportAsync(interaction));
    }

    private async Task RunAndReportAsync(Interaction interaction)
    {
        var stopping = lifetime.ApplicationStopping;
        string message;
        try
        {
            message = Describe(await runner.RunAsync("discord", publish: true, null, stopping));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            message = "The server is shutting down, so the roundup stopped. Run `/roundup now` again once it is back.";
        }
        catch (Exception ex)
        {
            // The reply says only that it failed: exception text can carry paths, hosts and other server details.
            Log.RoundupFailed(logger, interaction.Id, ex);
            message = "The roundup failed; the server's log says why.";
        }

        try
        {
            // Not the stopping token: telling the member what happened is worth the last few seconds of a shutdown.
            await api.EditOriginalResponseAsync(interaction.ApplicationId, interaction.Token, InteractionMessage.Private(message), CancellationToken.None);
        }
        catch (DiscordApiException ex)
        {
            Log.FollowUpFailed(logger, interaction.Id, ex.Message);
        }
    }

    private string Describe(RoundupOutcome outcome)
    {
        if (outcome.WasAlreadyRunning)
        {
            return "A roundup was already running; its issue is published when it ends.";
        }

        if (DescribeDraft(outcome) is { } draft)
        {
            return draft;
        }

        if (outcome.Digest is { } digest && outcome.Published)
        {
            var deliveries = outcome.Deliveries is { } d
                ? string.Create(CultureInfo.InvariantCulture, $" Deliveries: {d.Sent} sent, {d.Retrying} to retry, {d.Failed} failed.")
                : "";
            var link = IssueUrl(digest.Number) is { } url ? " " + url : "";
            return string.Create(CultureInfo.InvariantCulture,
                $"Published issue #{digest.Number}: **{DiscordMarkdown.Escape(DiscordMarkdown.Truncate(digest.Title, 200))}**, {digest.Sections.Count} sections.{link}{deliveries}");
        }

        return "No issue was built: " + DiscordMarkdown.Escape(DiscordMarkdown.Truncate(outcome.NotBuiltReason ?? "there was nothing to publish.", 1500));
    }
}
