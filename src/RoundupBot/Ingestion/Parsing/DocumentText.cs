using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace RoundupBot.Ingestion.Parsing;

/// <summary>
/// Turns a fetched body into text without trusting any single hint. The order is: a byte order mark; UTF-16 or UTF-32
/// recognised by the zero bytes around the first "&lt;"; then the XML declaration's <c>encoding</c>, the HTTP
/// <c>charset</c> and an HTML <c>&lt;meta charset&gt;</c>, of which the first multi-byte encoding (UTF-8, Big5,
/// Shift_JIS, EUC-KR, GB18030…) that the bytes are valid in wins, because such bytes are rarely valid by accident: when
/// the HTTP charset and the declaration disagree, the one the bytes prove right is used. Failing that, the first
/// single-byte encoding named (windows-125x, KOI8-R, ISO-8859-x); a declared single-byte encoding is overridden by
/// UTF-8 when the bytes are valid UTF-8 with multi-byte sequences, because such a wrong declaration is common; bytes
/// that declare nothing and are not valid UTF-8 are read as windows-1252. Never throws for undecodable bytes (they
/// become U+FFFD).
/// </summary>
public static partial class DocumentText
{
    private static readonly Encoding _windows1252;
    private static readonly Encoding _utf32BigEndian = new UTF32Encoding(bigEndian: true, byteOrderMark: false);

    // An explicit static constructor (not a field initializer) so that the code-page encodings are registered before
    // the first Encoding.GetEncoding call, whichever public method runs first.
    static DocumentText()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        _windows1252 = Encoding.GetEncoding(1252);
    }

    /// <summary>Decodes the document's body to a string, without a leading byte order mark.</summary>
    public static string Decode(FeedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return Decode(document.Body.Span, document.Charset);
    }

    /// <summary>Decodes <paramref name="body"/>; <paramref name="httpCharset"/> is the Content-Type charset, if any.</summary>
    public static string Decode(ReadOnlySpan<byte> body, string? httpCharset = null)
    {
        var (encoding, bomLength) = Detect(body, httpCharset);
        return encoding.GetString(body[bomLength..]);
    }

    /// <summary>Picks the encoding of <paramref name="body"/> and the length of its byte order mark (0 if none).</summary>
    public static (Encoding Encoding, int BomLength) Detect(ReadOnlySpan<byte> body, string? httpCharset = null)
    {
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (Encoding.UTF8, 3);
        }
        if (body.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            return (Encoding.UTF32, 4);
        }
        if (body.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (Encoding.Unicode, 2);
        }
        if (body.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (Encoding.BigEndianUnicode, 2);
        }
        if (body.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            return (_utf32BigEndian, 4);
        }
        // Without a BOM, UTF-16 and UTF-32 still show themselves in the first "<": zero bytes beside an ASCII character.
        if (body.Length >= 4 && body[0] == 0x3C && body[1] == 0 && body[2] == 0 && body[3] == 0)
        {
            return (Encoding.UTF32, 0);
        }
        if (body.Length >= 4 && body[0] == 0 && body[1] == 0 && body[2] == 0 && body[3] == 0x3C)
        {
            return (_utf32BigEndian, 0);
        }
        if (body.Length >= 4 && body[0] == 0x3C && body[1] == 0 && body[2] != 0 && body[3] == 0)
        {
            return (Encoding.Unicode, 0);
        }
        if (body.Length >= 4 && body[0] == 0 && body[1] == 0x3C && body[2] == 0 && body[3] != 0)
        {
            return (Encoding.BigEndianUnicode, 0);
        }

        var declared = FindDeclaredEncoding(body);
        var http = Resolve(httpCharset);
        var meta = declared is null && http is null ? FindMetaCharset(body) : null;
        Encoding? firstSingleByte = null;
        Encoding? firstNamed = null;
        foreach (var candidate in (ReadOnlySpan<Encoding?>)[declared, http, meta])
        {
            if (candidate is null)
            {
                continue;
            }
            firstNamed ??= candidate;
            if (candidate.IsSingleByte)
            {
                firstSingleByte ??= candidate;
            }
            else if (IsValidIn(body, candidate))
            {
                return (candidate, 0);
            }
        }
        if (firstSingleByte is null)
        {
            // Nothing named, or only multi-byte encodings the bytes break: UTF-8 when it fits, else the first named.
            return (Utf8.IsValid(body) ? Encoding.UTF8 : firstNamed ?? _windows1252, 0);
        }
        return (SingleByte(body, firstSingleByte), 0);
    }

    private static Encoding SingleByte(ReadOnlySpan<byte> body, Encoding declared)
    {
        // Only ASCII bytes: every single-byte encoding we meet agrees with UTF-8, so skip the validation.
        if (body.IndexOfAnyInRange((byte)0x80, (byte)0xFF) < 0)
        {
            return declared;
        }
        if (Utf8.IsValid(body))
        {
            return Encoding.UTF8;
        }
        // ISO-8859-1 and US-ASCII labels mean windows-1252 in practice (the WHATWG encoding standard says so too):
        // the 0x80-0x9F range holds curly quotes and dashes, not control characters.
        return declared.CodePage is 28591 or 20127 ? _windows1252 : declared;
    }

    private static bool IsValidIn(ReadOnlySpan<byte> body, Encoding encoding)
    {
        if (encoding.CodePage == 65001)
        {
            return Utf8.IsValid(body);
        }
        var strict = Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        try
        {
            strict.GetCharCount(body);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static Encoding? FindDeclaredEncoding(ReadOnlySpan<byte> body)
    {
        var start = 0;
        while (start < body.Length && start < 64 && body[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }
        var head = body[start..];
        if (!head.StartsWith("<?xml"u8))
        {
            return null;
        }
        var end = head[..Math.Min(head.Length, 256)].IndexOf("?>"u8);
        if (end < 0)
        {
            return null;
        }
        var declaration = Encoding.ASCII.GetString(head[..end]);
        var match = XmlEncodingRegex().Match(declaration);
        return match.Success ? Resolve(match.Groups[1].Value) : null;
    }

    private static Encoding? FindMetaCharset(ReadOnlySpan<byte> body)
    {
        var head = body[..Math.Min(body.Length, 4096)];
        if (head.IndexOf("charset"u8) < 0)
        {
            return null;
        }
        var match = MetaCharsetRegex().Match(Encoding.ASCII.GetString(head));
        return match.Success ? Resolve(match.Groups[1].Value) : null;
    }

    private static Encoding? Resolve(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }
        try
        {
            var encoding = Encoding.GetEncoding(name.Trim().Trim('"', '\''));
            // UTF-16 or UTF-32 named in a declaration but not seen in the bytes is almost always a re-encoded document
            // that kept its old declaration; the checks above already caught real UTF-16 and UTF-32.
            return encoding.CodePage is 1200 or 1201 or 12000 or 12001 ? null : encoding;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [GeneratedRegex("""encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")]
    private static partial Regex XmlEncodingRegex();

    [GeneratedRegex("""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharsetRegex();
}
