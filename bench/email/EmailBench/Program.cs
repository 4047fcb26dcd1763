// Sending one issue to N subscribers through the real outbox (AddRoundupBot: store, EmailPublisher, MailKit).
//
//   dotnet EmailBench.dll prepare DIR N     a store in DIR with a real issue built from the labelled set, N confirmed
//                                           subscribers and the issue archived (N deliveries queued)
//   dotnet EmailBench.dll send DIR PORT     sends every due delivery to the SMTP server on 127.0.0.1:PORT, unthrottled,
//                                           and prints a RESULT line: sent, seconds, messages per second, peak memory
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RoundupBot;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Publishing.Outbox;
using RoundupBot.Storage;

var mode = args[0];
var directory = args[1];
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Roundup:BaseUrl"] = "https://roundup.example.org",
    ["Email:Smtp:Host"] = "127.0.0.1",
    ["Email:Smtp:Port"] = mode == "send" ? args[2] : "25",
    ["Email:Smtp:Security"] = "None",
    ["Email:From"] = "Research Roundup <roundup@example.org>",
    ["Email:ListId"] = "roundup.example.org",
    ["Email:MessagesPerSecond"] = "0",
    ["Security:SigningKey"] = "email-bench-signing-key-0123456789abcdef",
}).Build();
await using var services = new ServiceCollection()
    .AddLogging()
    .AddRoundupBot(configuration, new DataDirectory(directory))
    .BuildServiceProvider();
var store = services.GetRequiredService<IRoundupStore>();
await store.MigrateAsync(CancellationToken.None);

if (mode == "prepare")
{
    var count = int.Parse(args[2], CultureInfo.InvariantCulture);
    var now = TimeProvider.System.GetUtcNow();
    using var labelled = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "labelled-items.json")));
    var source = await store.AddSourceAsync(new Source { Name = "arXiv", Url = "https://bench.example.org/feed", Weight = 1 }, CancellationToken.None);
    var candidates = labelled.RootElement.EnumerateArray().Select((e, i) => new ItemCandidate
    {
        CanonicalKey = $"url:bench.example.org/{i}",
        Title = e.GetProperty("title").GetString()!,
        Link = $"https://bench.example.org/papers/{i}",
        Summary = e.GetProperty("summary").GetString()!,
        Published = now - TimeSpan.FromHours(1 + i % 100),
        ContentHash = $"bench-{i}",
    }).ToList();
    await store.UpsertItemsAsync(source.Id, candidates, now - TimeSpan.FromMinutes(1), CancellationToken.None);
    var digest = await services.GetRequiredService<DigestBuilder>().BuildAsync(null, CancellationToken.None);
    for (var i = 0; i < count; i++)
    {
        await store.SubscribeAsync(string.Create(CultureInfo.InvariantCulture, $"reader{i:D5}@example.org"), SubscriberStatus.Confirmed, now, CancellationToken.None);
    }

    await store.SaveDigestAsync(digest, now, [DeliveryChannel.Email], CancellationToken.None);
    Console.Error.WriteLine($"prepared issue #{digest.Number} ({digest.Sections.Count} sections) for {count} subscribers in {directory}");
    return;
}

var started = Stopwatch.GetTimestamp();
var report = await services.GetRequiredService<DeliveryOutbox>().PublishDueAsync(CancellationToken.None);
var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
using var process = Process.GetCurrentProcess();
Console.WriteLine("RESULT " + JsonSerializer.Serialize(new
{
    sent = report.Sent,
    failed = report.Failed,
    recovered = report.Recovered,
    seconds = Math.Round(seconds, 2),
    messagesPerSecond = Math.Round(report.Sent / seconds, 1),
    peakMb = Math.Round(process.PeakWorkingSet64 / 1048576.0, 1),
    // What is still reachable after a full collection: tells a leak from a heap the GC simply let grow.
    liveHeapMbAfter = Math.Round(GC.GetTotalMemory(forceFullCollection: true) / 1048576.0, 1),
    gen2Collections = GC.CollectionCount(2),
}));
