using System.Text;
using RoundupBot.Ingestion.Parsing;

namespace RoundupBot.Tests.Ingestion.Parsing;

public class DocumentTextTests
{
    private static readonly Uri _url = new("https://enc.example.com/feed");

    [Fact]
    public void Prefers_the_byte_order_mark_over_any_declaration()
    {
        var bytes = Fixtures.Bytes("utf16-bom.xml");

        var text = DocumentText.Decode(new FeedDocument(bytes, _url, Charset: "iso-8859-1"));

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-16\"?>", text);
    }

    [Fact]
    public void Uses_the_http_charset_when_the_xml_declares_nothing()
    {
        byte[] bytes = [.. "<rss><title>"u8, 0xE9, 0x80, .. "</title></rss>"u8];

        var text = DocumentText.Decode(new FeedDocument(bytes, _url, Charset: "windows-1252"));

        Assert.Contains("<title>é€</title>", text);
    }

    [Fact]
    public void Reads_iso_8859_1_as_windows_1252_for_its_curly_quotes()
    {
        byte[] bytes = [.. "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><t>"u8, 0x93, 0x68, 0x69, 0x94, .. "</t>"u8];

        Assert.EndsWith("<t>“hi”</t>", DocumentText.Decode(new FeedDocument(bytes, _url)));
    }

    [Fact]
    public void Trusts_a_declared_single_byte_encoding_when_the_bytes_are_not_utf8()
    {
        byte[] bytes = [.. "<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?><t>"u8, 0xA4, .. "</t>"u8];

        Assert.EndsWith("<t>€</t>", DocumentText.Decode(new FeedDocument(bytes, _url)));
    }

    [Fact]
    public void Defaults_to_utf8()
    {
        var bytes = Encoding.UTF8.GetBytes("<rss><title>日本語</title></rss>");

        Assert.Equal("<rss><title>日本語</title></rss>", DocumentText.Decode(new FeedDocument(bytes, _url)));
    }
}
