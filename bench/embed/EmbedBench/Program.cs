using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using RoundupBot.Ingestion.Normalization;
using RoundupBot.Model;
using RoundupBot.Storage.Sqlite;
using RoundupBot.Summarization.Embedding;
using EmbedBench;

// EmbedBench COUNT [embedder|service] [BATCH PARALLEL THREADS]
//   embedder: MiniLmEmbedder.Embed over EmbeddingText.For of COUNT generated items (model load timed apart).
//   service:  the same items stored in a temp SQLite file, EmbeddingService.EmbedAsync cold, then again (all cached).
// Prints one RESULT line; peak memory is the process's peak resident set (VmHWM).
var count = int.Parse(args[0], CultureInfo.InvariantCulture);
var mode = args.Length > 1 ? args[1] : "embedder";
var batch = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : MiniLmEmbedder.DefaultBatchSize;
var parallel = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
var threads = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1;

var entries = Corpus.Entries(count);
using var embedder = new MiniLmEmbedder(batch, parallel, threads);
var started = Stopwatch.GetTimestamp();
embedder.Embed(["warm-up: loads the model"], CancellationToken.None);
var loadMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
var config = $"batch={batch} parallel={parallel} threads={threads}";

if (mode == "embedder")
{
    var texts = entries.Select(e => EmbeddingText.For(e.Title, e.Summary)).ToArray();
    var meanChars = texts.Average(t => t.Length);
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    started = Stopwatch.GetTimestamp();
    var vectors = embedder.Embed(texts, CancellationToken.None);
    var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
    var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
    // Items per CPU-second shows the work itself when another process shares the cores; wall items/s shows what a user waits.
    Console.WriteLine(FormattableString.Invariant(
        $"RESULT mode=embedder items={vectors.Length} {config} mean_chars={meanChars:F0} load_ms={loadMs:F0} seconds={seconds:F2} items_per_s={vectors.Length / seconds:F1} cpu_s={cpuSeconds:F1} items_per_cpu_s={vectors.Length / cpuSeconds:F1} peak_rss_mb={PeakMb()} loadavg={LoadAverage()}"));
    return;
}

var directory = Path.Combine(Path.GetTempPath(), "embed-bench-" + Guid.NewGuid().ToString("N"));
try
{
    await using var store = new SqliteStore(Path.Combine(directory, "roundup.db"), TimeProvider.System);
    await store.MigrateAsync(CancellationToken.None);
    var source = await store.AddSourceAsync(new Source { Name = "arXiv cs.CL", Url = "https://export.arxiv.org/rss/cs.CL", Kind = SourceKind.Arxiv }, CancellationToken.None);
    var normalizer = new ItemNormalizer();
    var now = TimeProvider.System.GetUtcNow();
    await store.UpsertItemsAsync(source.Id, [.. entries.Select(normalizer.Normalize)], now, CancellationToken.None);
    var items = await store.ListItemsAsync(now.AddDays(-1), now.AddDays(1), CancellationToken.None);
    var service = new EmbeddingService(store, embedder, NullLogger<EmbeddingService>.Instance);

    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    started = Stopwatch.GetTimestamp();
    var cold = await service.EmbedAsync(items, null, CancellationToken.None);
    var coldSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
    var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
    started = Stopwatch.GetTimestamp();
    await service.EmbedAsync(items, null, CancellationToken.None);
    var warmMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    Console.WriteLine(FormattableString.Invariant(
        $"RESULT mode=service items={cold.Count} {config} load_ms={loadMs:F0} cold_seconds={coldSeconds:F2} items_per_s={cold.Count / coldSeconds:F1} cpu_s={cpuSeconds:F1} items_per_cpu_s={cold.Count / cpuSeconds:F1} cached_ms={warmMs:F0} peak_rss_mb={PeakMb()} loadavg={LoadAverage()}"));
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    if (Directory.Exists(directory))
    {
        Directory.Delete(directory, recursive: true);
    }
}

static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

static long PeakMb()
{
    // VmHWM: the peak resident set, native ONNX Runtime memory included (GC counters would miss it).
    foreach (var line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
        {
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
    }

    return Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024);
}
