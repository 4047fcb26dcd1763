using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RoundupBot.Web;

/// <summary>
/// Reads keys <see cref="SigningKeyXmlEncryptor"/> wrote. Data protection creates it by name from the key file, with
/// the application's services, and takes <c>Security:SigningKey</c> from there.
/// </summary>
public sealed class SigningKeyXmlDecryptor : IXmlDecryptor
{
    private const int NonceLength = 12;
    private const int TagLength = 16;

    private readonly IServiceProvider _services;

    /// <summary>Called by data protection with the application's services.</summary>
    public SigningKeyXmlDecryptor(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
    }

    /// <inheritdoc/>
    /// <exception cref="CryptographicException">The key was encrypted under another <c>Security:SigningKey</c>, or the file was changed.</exception>
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var signingKey = _services.GetRequiredService<IOptions<SecurityOptions>>().Value.SigningKey;
        if (string.IsNullOrWhiteSpace(signingKey))
        {
            throw new CryptographicException("The data-protection key is encrypted with Security:SigningKey, which is not set; set the same value it was written with.");
        }

        var sealedBytes = Convert.FromBase64String((string?)encryptedElement.Element("value") ?? "");
        if (sealedBytes.Length < NonceLength + TagLength)
        {
            throw new CryptographicException("The encrypted data-protection key is truncated.");
        }

        var plaintext = new byte[sealedBytes.Length - NonceLength - TagLength];
        using (var aes = new AesGcm(SigningKeyXmlEncryptor.DeriveKey(signingKey), TagLength))
        {
            aes.Decrypt(sealedBytes.AsSpan(0, NonceLength), sealedBytes.AsSpan(NonceLength + TagLength), sealedBytes.AsSpan(NonceLength, TagLength), plaintext);
        }

        return XElement.Parse(Encoding.UTF8.GetString(plaintext));
    }
}
