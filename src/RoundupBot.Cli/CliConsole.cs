namespace RoundupBot.Cli;

/// <summary>Where the CLI writes: results to <see cref="Out"/>, diagnostics to <see cref="Error"/>. Tests pass string writers.</summary>
/// <param name="Out">Results: tables, JSON, OPML.</param>
/// <param name="Error">Progress, errors and logs.</param>
/// <param name="Interactive">True when <see cref="Error"/> is a terminal, so progress can redraw one line.</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, bool Interactive)
{
    public static CliConsole System => new(Console.Out, Console.Error, !Console.IsErrorRedirected);
}
