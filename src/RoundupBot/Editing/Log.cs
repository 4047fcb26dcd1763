using Microsoft.Extensions.Logging;

namespace RoundupBot.Editing;

// The editor's desk logs in 7000-7049 (issue 17); the lead folds the range into the table of areas.
internal static partial class Log
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Told {Told} editors of the draft {DigestTitle}; {Failed} not reached")]
    public static partial void EditorsNotified(ILogger logger, string digestTitle, int told, int failed);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "An editor was not told of the draft: {Failure}")]
    public static partial void EditorNoticeFailed(ILogger logger, string failure);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Draft edited ({Change}) by {Editor}: now version {Version}")]
    public static partial void DraftEdited(ILogger logger, string change, string editor, int version);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "Draft discarded by {Editor} at version {Version}")]
    public static partial void DraftDiscarded(ILogger logger, string editor, int version);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "Draft rebuilt by {Editor}: now version {Version}")]
    public static partial void DraftRebuilt(ILogger logger, string editor, int version);
}
