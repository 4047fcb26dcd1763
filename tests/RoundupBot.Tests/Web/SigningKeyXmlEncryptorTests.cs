using System.Net;
using RoundupBot.Web;

namespace RoundupBot.Tests.Web;

/// <summary>The web's data-protection keys in <c>keys/</c>: encrypted with Security:SigningKey, readable again only with it.</summary>
public sealed class SigningKeyXmlEncryptorTests : IDisposable
{
    private const string SigningKey = "a-signing-key-for-tests-0123456789abcdef";
    private readonly string _directory = Directory.CreateTempSubdirectory("roundup-keys-").FullName;

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
    public async Task With_a_signing_key_the_key_ring_on_disk_holds_no_plain_key_and_sign_ins_survive_a_restart()
    {
        string cookie;
        await using (var server = await StartAsync(SigningKey))
        {
            cookie = await SignInAsync(server);
        }

        var files = Directory.GetFiles(Path.Combine(_directory, "keys"), "*.xml");
        await using var restarted = await StartAsync(SigningKey);

        Assert.NotEmpty(files);
        Assert.All(files, f =>
        {
            var xml = File.ReadAllText(f);
            Assert.Contains("<" + SigningKeyXmlEncryptor.ElementName, xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            Assert.DoesNotContain(SigningKey, xml, StringComparison.Ordinal);
        });
        Assert.Equal(HttpStatusCode.OK, await AdminPageWithAsync(restarted, cookie));
    }

    [Fact]
    public async Task Another_signing_key_cannot_read_the_key_ring_so_old_cookies_fail_cleanly_and_sign_in_still_works()
    {
        string cookie;
        await using (var server = await StartAsync(SigningKey))
        {
            cookie = await SignInAsync(server);
        }

        await using var other = await StartAsync("a-different-signing-key-0123456789abcdef");

        Assert.Equal(HttpStatusCode.Unauthorized, await AdminPageWithAsync(other, cookie));
        Assert.NotEmpty(await SignInAsync(other));
    }

    [Fact]
    public async Task Without_a_signing_key_the_keys_are_stored_as_data_protection_writes_them()
    {
        await using (var server = await StartAsync(signingKey: null))
        {
            await SignInAsync(server);
        }

        Assert.All(Directory.GetFiles(Path.Combine(_directory, "keys"), "*.xml"), f => Assert.Contains("<masterKey", File.ReadAllText(f), StringComparison.Ordinal));
    }

    private Task<TestWebServer> StartAsync(string? signingKey) =>
        TestWebServer.StartAsync(new() { ["Security:SigningKey"] = signingKey }, dataDirectory: _directory);

    private static async Task<string> SignInAsync(TestWebServer server)
    {
        var jar = new CookieContainer();
        using var client = server.Client(cookies: jar);
        var formToken = await TestWebServer.FormTokenAsync(client, "/admin/signin");
        using var response = await client.PostAsync("/admin/signin", TestWebServer.Form(formToken, ("token", TestWebServer.Token)));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        return jar.GetCookies(new Uri(server.BaseUrl, "/admin"))[AdminAuthentication.CookieName]!.Value;
    }

    private static async Task<HttpStatusCode> AdminPageWithAsync(TestWebServer server, string cookie)
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin");
        request.Headers.Add("Cookie", $"{AdminAuthentication.CookieName}={cookie}");
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
