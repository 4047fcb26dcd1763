using MimeKit;

namespace RoundupBot.Tests.TestSupport;

/// <summary>One message <see cref="SmtpSink"/> accepted: parsed, raw, the client's port (one per connection) and the envelope recipients.</summary>
public sealed record ReceivedEmail(MimeMessage Message, string Raw, int PeerPort, IReadOnlyList<string> Recipients);
