using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using NSec.Cryptography;

namespace RoundupBot.Tests.TestSupport;

/// <summary>Signs interaction requests as Discord does, with a freshly generated Ed25519 key pair.</summary>
public sealed class InteractionSigner : IDisposable
{
    private readonly Key _key = Key.Create(SignatureAlgorithm.Ed25519);

    /// <summary>The public key as the Developer Portal shows it: the value for <c>Discord:PublicKey</c>.</summary>
    public string PublicKeyHex => Convert.ToHexStringLower(_key.PublicKey.Export(KeyBlobFormat.RawPublicKey));

    /// <summary>The hex signature of <paramref name="timestamp"/> followed by <paramref name="body"/>.</summary>
    public string Sign(string timestamp, byte[] body)
    {
        var message = Encoding.UTF8.GetBytes(timestamp).Concat(body).ToArray();
        return Convert.ToHexStringLower(SignatureAlgorithm.Ed25519.Sign(_key, message));
    }

    /// <summary>A POST as Discord sends it: the JSON body, signed at <paramref name="at"/>.</summary>
    public HttpRequestMessage Request(string json, DateTimeOffset at, string path = "/discord/interactions")
    {
        var body = Encoding.UTF8.GetBytes(json);
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Signature-Ed25519", Sign(timestamp, body));
        request.Headers.Add("X-Signature-Timestamp", timestamp);
        return request;
    }

    public void Dispose() => _key.Dispose();
}
