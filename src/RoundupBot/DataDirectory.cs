namespace RoundupBot;

/// <summary>The folder that holds the SQLite database and other state (<c>--data</c>, <c>ROUNDUP_DATA</c>, default <c>./data</c>).</summary>
public sealed record DataDirectory(string Path)
{
    /// <summary>The environment variable that sets the data folder when <c>--data</c> is not given.</summary>
    public const string EnvironmentVariable = "ROUNDUP_DATA";
}
