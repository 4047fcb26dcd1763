// Builds one issue from a fixture week with the real services (AddRoundupBot, the embedded engine, MiniLM vectors,
// clustering) and writes every rendering to a folder, as `roundup digest build --output DIR` does.
//
//   dotnet SampleIssue.dll FIXTURE.json OUTPUT_DIR
//
// FIXTURE.json is a list of { source?, title, link?, summary, hoursAgo? } (tests/RoundupBot.Tests/TestData/Week or
// the labelled evaluation set). The clock is fixed at Monday 7 December 2026, 08:00 UTC, so the same fixture gives
// the same issue, byte for byte.
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RoundupBot;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Rendering;
using RoundupBot.Storage;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: SampleIssue FIXTURE.json OUTPUT_DIR");
    return 2;
}

var now = new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);
var directory = Directory.CreateTempSubdirectory("sample-issue-").FullName;
try
{
    var configuration = new ConfigurationBuilder().AddInMemoryCollection().Build();
    await using var services = new ServiceCollection()
        .AddLogging()
        .AddSingleton<TimeProvider>(new FixedClock(now))
        .AddRoundupBot(configuration, new DataDirectory(directory))
        .BuildServiceProvider();
    var store = services.GetRequiredService<IRoundupStore>();
    await store.MigrateAsync(CancellationToken.None);

    using var fixture = JsonDocument.Parse(File.ReadAllText(args[0]));
    var sources = new Dictionary<string, Source>(StringComparer.Ordinal);
    var index = 0;
    foreach (var entry in fixture.RootElement.EnumerateArray())
    {
        index++;
        var sourceName = entry.TryGetProperty("source", out var s) ? s.GetString()! : "arXiv";
        if (!sources.TryGetValue(sourceName, out var source))
        {
            var slug = string.Concat(sourceName.ToLowerInvariant().Where(char.IsLetterOrDigit));
            source = await store.AddSourceAsync(new Source { Name = sourceName, Url = $"https://{slug}.example.org/feed" }, CancellationToken.None);
            sources.Add(sourceName, source);
        }

        var link = entry.TryGetProperty("link", out var l) ? l.GetString()! : $"https://example.org/items/{index}";
        var hoursAgo = entry.TryGetProperty("hoursAgo", out var h) ? h.GetInt32() : 1 + (index % 150);
        var candidate = new ItemCandidate
        {
            CanonicalKey = "url:" + link,
            Title = entry.GetProperty("title").GetString()!,
            Link = link,
            Summary = entry.GetProperty("summary").GetString()!,
            Published = now - TimeSpan.FromHours(hoursAgo),
            ContentHash = index.ToString(CultureInfo.InvariantCulture),
        };
        await store.UpsertItemsAsync(source.Id, [candidate], now - TimeSpan.FromHours(hoursAgo) + TimeSpan.FromMinutes(5), CancellationToken.None);
    }

    var digest = await services.GetRequiredService<DigestBuilder>().BuildAsync(null, CancellationToken.None);
    foreach (var path in await DigestFiles.WriteAsync(args[1], digest, CancellationToken.None))
    {
        Console.WriteLine(path);
    }

    return 0;
}
finally
{
    Directory.Delete(directory, recursive: true);
}

/// <summary>A clock stopped at one instant, so the sample's period and window never move.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
