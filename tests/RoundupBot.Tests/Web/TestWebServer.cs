using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RoundupBot.Model;
using RoundupBot.Storage;
using RoundupBot.Web;

namespace RoundupBot.Tests.Web;

/// <summary>The real <c>roundup serve</c> application on 127.0.0.1 with a free port, over a temporary SQLite store.</summary>
internal sealed class TestWebServer : IAsyncDisposable
{
    public const string Token = "test-admin-token-0123456789";

    private readonly WebApplication _app;
    private readonly string _directory;
    private readonly bool _ownsDirectory;

    private TestWebServer(WebApplication app, string directory, bool ownsDirectory, Uri baseUrl)
    {
        _app = app;
        _directory = directory;
        _ownsDirectory = ownsDirectory;
        BaseUrl = baseUrl;
    }

    /// <summary>The data folder (database, cookie keys, signed-out sessions).</summary>
    public string DataDirectory => _directory;

    public Uri BaseUrl { get; }
    public IRoundupStore Store => _app.Services.GetRequiredService<IRoundupStore>();
    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts the server with <paramref name="settings"/> (the admin token is set unless given as null) and
    /// <paramref name="configureServices"/> (test doubles such as a fake clock), over a fresh data folder, or over
    /// <paramref name="dataDirectory"/> (a restart: the caller keeps and deletes it).
    /// </summary>
    public static async Task<TestWebServer> StartAsync(Dictionary<string, string?>? settings = null, bool adminOn = true, Action<IServiceCollection>? configureServices = null, string? dataDirectory = null)
    {
        var directory = dataDirectory ?? Directory.CreateTempSubdirectory("roundup-web-").FullName;
        var values = new Dictionary<string, string?>
        {
            ["Fetch:AllowPrivateAddresses"] = "true",
            ["Fetch:Timeout"] = "00:00:30",
        };
        if (adminOn)
        {
            values["Admin:Token"] = Token;
        }

        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var app = RoundupWebApplication.Build(configuration, new RoundupBot.DataDirectory(directory), "http://127.0.0.1:0", configureServices);
        await RoundupWebApplication.StartAsync(app, CancellationToken.None);
        return new TestWebServer(app, directory, dataDirectory is null, new Uri(RoundupWebApplication.Addresses(app)[0].TrimEnd('/') + "/"));
    }

    /// <summary>A client with its own cookie jar that does not follow redirects, so tests see them.</summary>
    public HttpClient Client(bool followRedirects = false, CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = followRedirects, CookieContainer = cookies ?? new CookieContainer(), UseCookies = true }) { BaseAddress = BaseUrl };

    /// <summary>Archives a hand-made issue with three sections.</summary>
    public async Task<Digest> SaveDigestAsync(int number)
    {
        var digest = SampleDigest(number);
        await Store.SaveDigestAsync(digest, new DateTimeOffset(2026, 6, 8, 8, 0, 0, TimeSpan.Zero).AddDays(7 * number), [], CancellationToken.None);
        return (await Store.GetDigestAsync(number, CancellationToken.None))!;
    }

    public static Digest SampleDigest(int number)
    {
        Section Make(string emoji, string title, int first) => new()
        {
            Emoji = emoji,
            Title = title,
            Items = [new DigestItem { Id = first, Title = $"{title} paper <b>one</b>", Link = $"https://example.org/{first}", Source = "arXiv" }],
            Sentences = [new Sentence($"{title} got faster this week & cheaper.", [first])],
        };
        return new Digest
        {
            Number = number,
            Title = $"Some interesting things to start the week #{number.ToString(CultureInfo.InvariantCulture)}",
            PeriodStart = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero).AddDays(7 * number),
            PeriodEnd = new DateTimeOffset(2026, 6, 8, 0, 0, 0, TimeSpan.Zero).AddDays(7 * number),
            Intro = "A week of <script>alert(1)</script> small models.",
            Sections = [Make("🧠", "Reasoning", 1), Make("⚡", "Efficient inference", 2), Make("🤖", "Agents", 3)],
            OtherReads = [new DigestItem { Id = 4, Title = "A long read", Link = "https://example.org/4", Description = "worth it" }],
            Run = new DigestRun { Engine = "embedded" },
        };
    }

    /// <summary>Signs in through the form (antiforgery token taken from the page) and returns the client holding the cookie.</summary>
    public async Task<HttpClient> SignedInClientAsync()
    {
        var client = Client();
        var token = await FormTokenAsync(client, "/admin/signin");
        using var response = await client.PostAsync("/admin/signin", Form(token, ("token", Token)));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        return client;
    }

    /// <summary>The antiforgery token in the page at <paramref name="path"/> (its cookie lands in the client's jar).</summary>
    public static async Task<string> FormTokenAsync(HttpClient client, string path)
    {
        var page = WebPage.Parse(await client.GetStringAsync(path));
        var field = page.One("form input[type=hidden][name=__RequestVerificationToken]");
        Assert.True(field is not null, $"the page at {path} has no form with an antiforgery token");
        return field.GetAttribute("value") ?? "";
    }

    public static FormUrlEncodedContent Form(string? antiforgeryToken, params (string Key, string Value)[] fields) =>
        new([
            .. antiforgeryToken is null ? [] : new[] { new KeyValuePair<string, string>("__RequestVerificationToken", antiforgeryToken) },
            .. fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)),
        ]);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (!_ownsDirectory)
        {
            return;
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
