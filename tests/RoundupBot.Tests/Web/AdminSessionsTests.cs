using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RoundupBot.Web;

namespace RoundupBot.Tests.Web;

/// <summary>Admin sign-in cookies: bound to the current token, at most <see cref="AdminSessions.MaxAge"/> old, dead once signed out.</summary>
public sealed class AdminSessionsTests : IDisposable
{
    private const string SigningKey = "a-signing-key-for-tests-0123456789abcdef";
    private readonly string _directory = Directory.CreateTempSubdirectory("roundup-sessions-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }

    [Fact]
    public async Task A_signed_out_cookie_replayed_is_refused_also_after_a_restart_while_other_sessions_live_on()
    {
        string signedOut;
        string other;
        await using (var server = await StartAsync())
        {
            var (client, jar) = await SignInAsync(server);
            signedOut = AdminCookie(server, jar);
            other = AdminCookie(server, (await SignInAsync(server)).Jar);
            var formToken = await TestWebServer.FormTokenAsync(client, "/admin");
            using var signOut = await client.PostAsync("/admin/signout", TestWebServer.Form(formToken));
            Assert.Equal(HttpStatusCode.SeeOther, signOut.StatusCode);

            Assert.Equal(HttpStatusCode.Unauthorized, await AdminPageWithAsync(server, signedOut));
            Assert.Equal(HttpStatusCode.OK, await AdminPageWithAsync(server, other));
            client.Dispose();
        }

        await using var restarted = await StartAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, await AdminPageWithAsync(restarted, signedOut));
        Assert.Equal(HttpStatusCode.OK, await AdminPageWithAsync(restarted, other));
        Assert.True(File.Exists(Path.Combine(_directory, AdminSessions.FileName)));
    }

    [Fact]
    public async Task Rotating_the_admin_token_revokes_every_session_issued_for_the_old_one()
    {
        string cookie;
        await using (var server = await StartAsync())
        {
            cookie = AdminCookie(server, (await SignInAsync(server)).Jar);
            Assert.Equal(HttpStatusCode.OK, await AdminPageWithAsync(server, cookie));
        }

        await using var rotated = await StartAsync(token: "a-brand-new-admin-token-9876543210");

        Assert.Equal(HttpStatusCode.Unauthorized, await AdminPageWithAsync(rotated, cookie));
    }

    [Fact]
    public async Task A_session_ends_at_the_maximum_age_however_active_it_is()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var server = await StartAsync(time: time);
        var (client, _) = await SignInAsync(server);

        var statuses = new List<HttpStatusCode>();
        for (var elapsed = TimeSpan.Zero; elapsed <= AdminSessions.MaxAge + TimeSpan.FromHours(2); elapsed += TimeSpan.FromHours(2))
        {
            using var page = await client.GetAsync("/admin");
            statuses.Add(page.StatusCode);
            time.Advance(TimeSpan.FromHours(2));
        }

        // Every two hours, well within the idle timeout: the first six requests (0–10 h) pass, from 12 h on none does.
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 6), HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], statuses);
        client.Dispose();
    }

    private Task<TestWebServer> StartAsync(string token = TestWebServer.Token, FakeTimeProvider? time = null) => TestWebServer.StartAsync(
        new() { ["Admin:Token"] = token, ["Security:SigningKey"] = SigningKey },
        configureServices: time is null ? null : services => services.AddSingleton<TimeProvider>(time),
        dataDirectory: _directory);

    private static async Task<(HttpClient Client, CookieContainer Jar)> SignInAsync(TestWebServer server)
    {
        var jar = new CookieContainer();
        var client = server.Client(cookies: jar);
        var formToken = await TestWebServer.FormTokenAsync(client, "/admin/signin");
        using var response = await client.PostAsync("/admin/signin", TestWebServer.Form(formToken, ("token", TestWebServer.Token)));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        return (client, jar);
    }

    private static string AdminCookie(TestWebServer server, CookieContainer jar) =>
        jar.GetCookies(new Uri(server.BaseUrl, "/admin"))[AdminAuthentication.CookieName]!.Value;

    /// <summary>GET /admin from a client that holds nothing but <paramref name="cookie"/>, as an attacker replaying a copied cookie.</summary>
    private static async Task<HttpStatusCode> AdminPageWithAsync(TestWebServer server, string cookie)
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin");
        request.Headers.Add("Cookie", $"{AdminAuthentication.CookieName}={cookie}");
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
