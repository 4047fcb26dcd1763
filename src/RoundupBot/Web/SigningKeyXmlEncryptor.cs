using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace RoundupBot.Web;

/// <summary>
/// Encrypts the web's data-protection keys (which sign and encrypt admin cookies and form tokens) before they are
/// written to <c>keys/</c> in the data folder: AES-256-GCM under a key derived from <c>Security:SigningKey</c> by HKDF
/// with its own purpose string, so the key ring is useless to whoever copies the folder without the secret.
/// </summary>
/// <remarks>
/// Why the signing key rather than a certificate or DPAPI: DPAPI exists only on Windows; a certificate is a second
/// secret to issue, store and renew. <c>Security:SigningKey</c> is already a secret every instance shares through its
/// environment, and instances must share the key ring too. Changing it makes the stored keys unreadable: sign-ins and
/// open forms end (a new key is made), as do confirm and unsubscribe links, which it signs as well.
/// </remarks>
public sealed class SigningKeyXmlEncryptor : IXmlEncryptor
{
    internal const string ElementName = "signingKeyEncrypted";
    private const int NonceLength = 12;
    private const int TagLength = 16;

    private readonly byte[] _key;

    /// <summary>An encryptor for <paramref name="signingKey"/> (<c>Security:SigningKey</c>).</summary>
    public SigningKeyXmlEncryptor(string signingKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signingKey);
        _key = DeriveKey(signingKey);
    }

    /// <inheritdoc/>
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[NonceLength + TagLength + plaintext.Length];
        var nonce = sealedBytes.AsSpan(0, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_key, TagLength))
        {
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceLength + TagLength), sealedBytes.AsSpan(NonceLength, TagLength));
        }

        CryptographicOperations.ZeroMemory(plaintext);
        var element = new XElement(ElementName,
            new XComment(" Encrypted with a key derived from Security:SigningKey (AES-256-GCM: nonce, tag, ciphertext). "),
            new XElement("value", Convert.ToBase64String(sealedBytes)));
        return new EncryptedXmlInfo(element, typeof(SigningKeyXmlDecryptor));
    }

    /// <summary>The AES key for <paramref name="signingKey"/>: HKDF-SHA256 with this purpose's own info string.</summary>
    internal static byte[] DeriveKey(string signingKey) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(signingKey), 32, salt: [], info: "RoundupBot data-protection key ring v1"u8.ToArray());
}
