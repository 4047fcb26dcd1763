namespace RoundupBot.Cli;

/// <summary>The design's exit codes.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int RuntimeFailure = 1;
    public const int BadUsage = 2;
}
