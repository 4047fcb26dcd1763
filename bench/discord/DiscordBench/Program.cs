using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RoundupBot.Publishing.Discord;
using RoundupBot.Rendering;
using RoundupBot.Tests.TestSupport;

// Publishes one 7-section issue to many webhooks of a fake Discord on loopback that enforces a per-webhook and a
// global rate limit, through one shared DiscordWebhookClient, every webhook's parts in order and the webhooks
// concurrently. Prints the time against the bound the limits set, and the 429s.
//
//   DiscordBench [WEBHOOKS=100] [PER_WEBHOOK=5] [PER_WEBHOOK_SECONDS=2] [GLOBAL_PER_SECOND=50]
var culture = CultureInfo.InvariantCulture;
var webhookCount = args.Length > 0 ? int.Parse(args[0], culture) : 100;
var perWebhook = args.Length > 1 ? int.Parse(args[1], culture) : 5;
var perWebhookWindow = TimeSpan.FromSeconds(args.Length > 2 ? double.Parse(args[2], culture) : 2);
var globalPerSecond = args.Length > 3 ? int.Parse(args[3], culture) : 50;

await using var fake = await FakeDiscord.StartAsync();
fake.DefaultWebhookLimit = new FakeRateLimit(perWebhook, perWebhookWindow);
fake.GlobalLimit = new FakeRateLimit(globalPerSecond, TimeSpan.FromSeconds(1));

var services = new ServiceCollection();
services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
services.AddDiscord();
services.Configure<DiscordOptions>(o =>
{
    o.ApiBaseUrl = fake.ApiBaseUrl;
    o.GlobalRequestsPerSecond = globalPerSecond;
});
await using var provider = services.BuildServiceProvider();
var client = provider.GetRequiredService<DiscordWebhookClient>();

var digest = SampleDigests.Issue(sections: 7, sentences: 30);
var messages = DiscordRenderer.Render(digest, "https://roundup.example.org/digests/5", new DiscordOptions { Username = "Research Roundup" });

// Warm-up (JIT, connections, schema) on a webhook of its own, then let every window of the fake pass.
var warm = fake.AddWebhook();
foreach (var message in messages.Take(3))
{
    await client.ExecuteAsync(warm.Target, message, CancellationToken.None);
}

await Task.Delay(perWebhookWindow + TimeSpan.FromSeconds(1.5));
var warmRequests = fake.Requests.Count;
var warm429s = fake.TooManyRequestsCount;

var webhooks = Enumerable.Range(0, webhookCount).Select(_ => fake.AddWebhook()).ToList();
var clock = Stopwatch.StartNew();
var results = await Task.WhenAll(webhooks.Select(async webhook =>
{
    var list = new List<DiscordWebhookResult>(messages.Count);
    foreach (var message in messages)
    {
        list.Add(await client.ExecuteAsync(webhook.Target, message, CancellationToken.None));
    }

    return list;
}));
var seconds = clock.Elapsed.TotalSeconds;

var requests = fake.Requests.Skip(warmRequests).ToList();
var accepted = requests.Where(r => r.StatusCode == 200).ToList();
var span = (accepted.Max(r => r.ArrivedAt) - accepted.Min(r => r.ArrivedAt)).TotalSeconds;
var total = webhookCount * messages.Count;
// Fixed windows (Discord's, and the fake's): the last of N requests can go in window ceil(N/limit), which starts
// (ceil(N/limit) - 1) windows after the first.
var globalBound = (Math.Ceiling((double)total / globalPerSecond) - 1) * 1.0;
var webhookBound = (Math.Ceiling((double)messages.Count / perWebhook) - 1) * perWebhookWindow.TotalSeconds;
var bound = Math.Max(globalBound, webhookBound);
var tooMany = fake.TooManyRequestsCount - warm429s;
var perHook = webhooks.Select(w => requests.Count(r => r.WebhookId == w.Id && r.StatusCode == 429)).ToList();
var inOrder = webhooks.All(w => fake.MessagesOf(w).Select(m => m.Body.GetRawText()).SequenceEqual(messages.Select(DiscordJson.Serialize)));
var posted = results.Sum(r => r.Count(x => x.Status == DiscordWebhookStatus.Posted));

Console.WriteLine(string.Create(culture, $"cores: {Environment.ProcessorCount}; limits: {perWebhook} per {perWebhookWindow.TotalSeconds:0.#} s per webhook, {globalPerSecond} per second overall"));
Console.WriteLine(string.Create(culture, $"issue: {digest.Sections.Count} sections -> {messages.Count} messages ({messages.Sum(m => m.Embeds?.Count ?? 0)} embeds, {messages.Sum(m => DiscordJson.Serialize(m).Length):N0} bytes of JSON) per webhook"));
Console.WriteLine(string.Create(culture, $"webhooks: {webhookCount}; messages posted: {posted}/{total}; all whole and in order: {inOrder}; early requests: {fake.Violations.Count}"));
Console.WriteLine(string.Create(culture, $"bound: {bound:0.00} s (global {globalBound:0.00} s, per webhook {webhookBound:0.00} s); {total}/{globalPerSecond} = {(double)total / globalPerSecond:0.00} s at the steady rate"));
Console.WriteLine(string.Create(culture, $"RESULT seconds={seconds:0.00} first_to_last_arrival={span:0.00} bound={bound:0.00} ratio={seconds / bound:0.000} requests={requests.Count} 429s={tooMany} max_429s_per_webhook={perHook.Max()} webhooks_with_429={perHook.Count(n => n > 0)}"));
var goal = seconds <= bound * 1.10 && perHook.Max() <= 1 && posted == total && inOrder;
Console.WriteLine(goal ? "goal met: within 10% of the bound, at most one 429 per webhook" : "goal missed");
return goal ? 0 : 1;
