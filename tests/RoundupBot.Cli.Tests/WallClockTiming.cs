namespace RoundupBot.Cli.Tests;

/// <summary>Tests that start real processes and wait for wall-clock firings run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WallClockTiming
{
    public const string Name = "Wall-clock timing";
}
