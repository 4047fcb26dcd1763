namespace RoundupBot.Tests.TestSupport;

/// <summary>
/// Tests that wait for wall-clock firings (a real Quartz scheduler) run alone, after the parallel ones, so that the
/// browser and the embedding model on the same two cores cannot push a firing past its window.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WallClockTiming
{
    public const string Name = "Wall-clock timing";
}
