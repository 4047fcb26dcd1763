using System.Xml;
using System.Xml.Linq;

namespace RoundupBot.Pipeline;

/// <summary>Reads and writes OPML 1.0/2.0 subscription lists, the format feed readers import and export.</summary>
public static class OpmlFile
{
    /// <summary>Every outline with an <c>xmlUrl</c>, at any depth (folders are flattened), in document order.</summary>
    /// <exception cref="InvalidInputException">The file is missing, not XML, or not OPML; the message names the file.</exception>
    public static IReadOnlyList<OpmlOutline> Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        XDocument document;
        try
        {
            // No DTDs: an OPML file never needs one, and refusing them rules out entity bombs and external entities.
            using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader);
        }
        catch (FileNotFoundException)
        {
            throw new InvalidInputException($"{path}: file not found.");
        }
        catch (DirectoryNotFoundException)
        {
            throw new InvalidInputException($"{path}: file not found.");
        }
        catch (XmlException ex)
        {
            throw new InvalidInputException($"{path} is not an OPML file: the XML is malformed at line {ex.LineNumber}, position {ex.LinePosition}.", ex);
        }

        if (document.Root is not { Name.LocalName: "opml" } root || root.Element("body") is not { } body)
        {
            throw new InvalidInputException($"{path} is not an OPML file: expected an <opml> root with a <body> of <outline xmlUrl=\"…\"> elements; found <{document.Root?.Name.LocalName}>.");
        }

        return body.Descendants("outline")
            .Select(o => (Element: o, XmlUrl: ((string?)o.Attribute("xmlUrl"))?.Trim()))
            .Where(o => !string.IsNullOrEmpty(o.XmlUrl))
            .Select(o => new OpmlOutline(
                ((string?)o.Element.Attribute("title") ?? (string?)o.Element.Attribute("text") ?? o.XmlUrl!).Trim(),
                o.XmlUrl!,
                ((string?)o.Element.Attribute("htmlUrl"))?.Trim(),
                ((string?)o.Element.Attribute("type"))?.Trim()))
            .ToList();
    }

    /// <summary>An OPML 2.0 document listing the given feeds.</summary>
    public static string Write(string title, IEnumerable<OpmlOutline> outlines, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(outlines);
        var document = new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement("opml",
                new XAttribute("version", "2.0"),
                new XElement("head",
                    new XElement("title", title),
                    new XElement("dateCreated", created.ToString("r", System.Globalization.CultureInfo.InvariantCulture))),
                new XElement("body",
                    outlines.Select(o => new XElement("outline",
                        new XAttribute("type", o.Type ?? "rss"),
                        new XAttribute("text", o.Title),
                        new XAttribute("title", o.Title),
                        new XAttribute("xmlUrl", o.XmlUrl),
                        o.HtmlUrl is null ? null : new XAttribute("htmlUrl", o.HtmlUrl))))));
        using var writer = new Utf8StringWriter();
        document.Save(writer);
        return writer.ToString();
    }

    private sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter() : base(System.Globalization.CultureInfo.InvariantCulture) { }

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
    }
}
