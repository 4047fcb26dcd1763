namespace RoundupBot.Subscriptions.Discord;

/// <summary>What to answer an interaction with, and work to start once that answer has been sent.</summary>
/// <param name="Response">The body of the HTTP answer (Discord waits at most 3 seconds for it).</param>
/// <param name="AfterResponse">
/// For a deferred reply: the work whose outcome edits the reply. It must start only after the answer is sent, because
/// Discord has no reply to edit until it has read the deferral. Null for an immediate reply.
/// </param>
public sealed record InteractionReply(InteractionResponse Response, Func<Task>? AfterResponse = null);
