using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Rendering;
using RoundupBot.Storage;
using RoundupBot.Summarization.Embedding;
using RoundupBot.Tests.Summarization.Embedded;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Summarization.Llm;

/// <summary>
/// The real services (<c>AddRoundupBot</c>) over a temporary SQLite file seeded with 60 items of the labelled set (ten
/// per theme), with the LLM engine pointed at a <see cref="FakeLlm"/>. Short timeouts and backoff, so failure cases end
/// in seconds; system time, because the HTTP client's timeouts are real.
/// </summary>
internal sealed class LlmHarness : IAsyncDisposable
{
    public const string ApiKey = "sk-test-secret-0123456789";

    private readonly ServiceProvider _services;

    private LlmHarness(FakeLlm llm, string directory, ServiceProvider services, ListLoggerProvider logs)
    {
        Llm = llm;
        Directory = directory;
        _services = services;
        Logs = logs;
    }

    public FakeLlm Llm { get; }
    public string Directory { get; }
    public ListLoggerProvider Logs { get; }
    public IRoundupStore Store => _services.GetRequiredService<IRoundupStore>();

    /// <summary>The seeded items with their links, by id.</summary>
    public IReadOnlyList<Item> Items { get; private set; } = [];

    public static async Task<LlmHarness> StartAsync(string provider = "openai", Action<Dictionary<string, string?>>? configure = null, Func<int, (string Title, string Summary)?>? replace = null)
    {
        var llm = await FakeLlm.StartAsync();
        var directory = System.IO.Directory.CreateTempSubdirectory("roundup-llm-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Summarizer:Engine"] = "llm",
            ["Summarizer:Llm:Provider"] = provider,
            ["Summarizer:Llm:Endpoint"] = provider == "ollama" ? llm.OllamaEndpoint : llm.OpenAiEndpoint,
            ["Summarizer:Llm:Model"] = "fake-model",
            ["Summarizer:Llm:ApiKey"] = ApiKey,
            // Generous bounds: a cold test process on a loaded machine has taken over a second for its first answer, and a
            // tight attempt timeout then turned into retries and fallbacks the tests did not ask for. The tests of timeouts
            // set their own.
            ["Summarizer:Llm:Timeout"] = "00:00:15",
            ["Summarizer:Llm:RetryBudget"] = "00:01:00",
            ["Summarizer:Llm:RetryDelay"] = "00:00:00.050",
            ["Summarizer:Llm:MaxRetries"] = "2",
        };
        configure?.Invoke(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var logs = new ListLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug))
            .AddSingleton<ITextEmbedder>(MemoEmbedder.Instance)
            .AddRoundupBot(configuration, new DataDirectory(directory))
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var harness = new LlmHarness(llm, directory, services, logs);
        await harness.Store.MigrateAsync(CancellationToken.None);
        await harness.SeedAsync(replace);
        return harness;
    }

    public Task<Digest> BuildAsync() => _services.GetRequiredService<DigestBuilder>().BuildAsync(null, CancellationToken.None);

    /// <summary>Renders every output (digest.json, .md, .html, .txt, discord.json) and returns each file's text by name.</summary>
    public async Task<IReadOnlyDictionary<string, string>> RenderAsync(Digest digest)
    {
        var output = Path.Combine(Directory, "out-" + Guid.NewGuid().ToString("N"));
        var files = await DigestFiles.WriteAsync(output, digest, CancellationToken.None);
        return files.ToDictionary(f => Path.GetFileName(f), f => File.ReadAllText(f));
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Llm.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private async Task SeedAsync(Func<int, (string Title, string Summary)?>? replace)
    {
        var now = TimeProvider.System.GetUtcNow();
        var sources = new List<Source>();
        foreach (var name in new[] { "arXiv", "Lab blog", "News" })
        {
            sources.Add(await Store.AddSourceAsync(new Source { Name = name, Url = $"https://{name.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()}.example.org/feed" }, CancellationToken.None));
        }

        var picked = EvaluationSet.Labels.SelectMany(label => EvaluationSet.Items.Where(i => i.Label == label).Take(10)).ToList();
        for (var s = 0; s < sources.Count; s++)
        {
            var batch = picked.Where((_, index) => index % sources.Count == s).Select(i =>
            {
                var (title, summary) = replace?.Invoke(i.Id) ?? (i.Title, i.Summary);
                return new ItemCandidate
                {
                    CanonicalKey = $"url:example.org/eval/{i.Id}",
                    Title = title,
                    Link = $"https://example.org/eval/{i.Id}",
                    Summary = summary,
                    Published = now - TimeSpan.FromHours(1 + i.Id % 100),
                    ContentHash = $"hash-{i.Id}-{title.Length}-{summary.Length}",
                };
            }).ToList();
            await Store.UpsertItemsAsync(sources[s].Id, batch, now - TimeSpan.FromMinutes(2), CancellationToken.None);
        }

        Items = await Store.ListItemsAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, CancellationToken.None);
    }
}
