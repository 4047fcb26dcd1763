namespace RoundupBot.Model;

/// <summary>A part of the issue printed with the embedded engine's text because the model's could not be used.</summary>
/// <param name="Part"><c>section 1</c> … <c>section N</c> (in issue order) or <c>intro</c>.</param>
/// <param name="Reason">Why: the findings of the last answer, or the transport failure.</param>
public sealed record LlmFallback(string Part, string Reason);
