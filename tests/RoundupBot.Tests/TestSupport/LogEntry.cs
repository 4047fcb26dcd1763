using Microsoft.Extensions.Logging;

namespace RoundupBot.Tests.TestSupport;

internal sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message);
