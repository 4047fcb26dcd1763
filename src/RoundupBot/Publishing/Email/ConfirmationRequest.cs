namespace RoundupBot.Publishing.Email;

/// <summary>A confirmation email to send: to the pending subscriber <paramref name="SubscriberId"/> at <paramref name="Address"/>, linking under <paramref name="BaseUrl"/>.</summary>
public sealed record ConfirmationRequest(long SubscriberId, string Address, string BaseUrl);
