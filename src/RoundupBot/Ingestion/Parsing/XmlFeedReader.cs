using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;

namespace RoundupBot.Ingestion.Parsing;

/// <summary>
/// A forward-only walk over feed XML (no tree per document) for the format readers: it steps through an element's
/// children, reads text and markup, and skips what no reader wants, checking the <see cref="ParseBudget"/> at every
/// element so nesting deeper than <see cref="FeedParser.MaxDepth"/> fails at once. Every method that reads an element
/// consumes it whole and leaves the reader on the node after its end tag.
/// </summary>
internal sealed partial class XmlFeedReader : IDisposable
{
    public const string AtomNamespace = "http://www.w3.org/2005/Atom";
    public const string Atom03Namespace = "http://purl.org/atom/ns#";
    public const string Rss1Namespace = "http://purl.org/rss/1.0/";
    public const string Rss090Namespace = "http://my.netscape.com/rdf/simple/0.9/";
    public const string RdfNamespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public const string DcNamespace = "http://purl.org/dc/elements/1.1/";
    public const string ContentNamespace = "http://purl.org/rss/1.0/modules/content/";
    public const string ArxivNamespace = "http://arxiv.org/schemas/atom";
    public const string PrismNamespace = "http://prismstandard.org/namespaces/basic/2.0/";
    public const string MediaNamespace = "http://search.yahoo.com/mrss/";
    public const string XhtmlNamespace = "http://www.w3.org/1999/xhtml";

    // Prefixes that feeds use without declaring them (itunes: above all). Bound here, a document's own declaration
    // still wins; unbound, XmlReader refuses the whole document.
    private static readonly (string Prefix, string Namespace)[] _knownPrefixes =
    [
        ("atom", AtomNamespace), ("dc", DcNamespace), ("content", ContentNamespace), ("rdf", RdfNamespace),
        ("arxiv", ArxivNamespace), ("prism", PrismNamespace), ("media", MediaNamespace), ("xhtml", XhtmlNamespace),
        ("itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd"), ("slash", "http://purl.org/rss/1.0/modules/slash/"),
        ("wfw", "http://wellformedweb.org/CommentAPI/"), ("sy", "http://purl.org/rss/1.0/modules/syndication/"),
        ("georss", "http://www.georss.org/georss"), ("feedburner", "http://rssnamespace.org/feedburner/ext/1.0"),
        ("opensearch", "http://a9.com/-/spec/opensearch/1.1/"), ("thr", "http://purl.org/syndication/thread/1.0"),
        ("dcterms", "http://purl.org/dc/terms/"), ("admin", "http://webns.net/mvcb/"),
    ];

    private readonly XmlReader _reader;
    private readonly ParseBudget _budget;
    private readonly Dictionary<string, string> _lowerNames = new(StringComparer.Ordinal);
    private int _elements;

    private XmlFeedReader(XmlReader reader, ParseBudget budget, bool hasXmlBase)
    {
        _reader = reader;
        _budget = budget;
        HasXmlBase = hasXmlBase;
    }

    /// <summary>A reader over <paramref name="xml"/>, which has no DOCTYPE left (see <see cref="XmlSanitizer"/>).</summary>
    /// <param name="xml">The sanitized document.</param>
    /// <param name="budget">Depth and time this read may spend.</param>
    /// <param name="lenient">Also bind every prefix the document uses without declaring it, and accept characters XML forbids.</param>
    public static XmlFeedReader Create(string xml, ParseBudget budget, bool lenient)
    {
        var names = new NameTable();
        var namespaces = new XmlNamespaceManager(names);
        foreach (var (prefix, ns) in _knownPrefixes)
        {
            namespaces.AddNamespace(prefix, ns);
        }
        if (lenient)
        {
            foreach (Match match in UsedPrefixRegex().Matches(xml))
            {
                var prefix = match.Groups[1].Value;
                if (prefix is not ("xml" or "xmlns") && namespaces.LookupNamespace(prefix) is null)
                {
                    namespaces.AddNamespace(prefix, "urn:x-undeclared-prefix:" + prefix);
                }
            }
        }
        var settings = new XmlReaderSettings
        {
            // The sanitizer has removed every DOCTYPE; prohibiting DTDs here as well means none can ever be expanded.
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CheckCharacters = !lenient,
            NameTable = names,
        };
        var reader = XmlReader.Create(new StringReader(xml), settings, new XmlParserContext(names, namespaces, null, XmlSpace.None));
        return new XmlFeedReader(reader, budget, xml.Contains("xml:base", StringComparison.Ordinal));
    }

    /// <summary>Whether the document uses <c>xml:base</c> at all (when not, no element is asked for it).</summary>
    public bool HasXmlBase { get; }

    public string LocalName => _reader.LocalName;

    /// <summary>The element's local name in lower case: RSS 0.9x feeds write <c>&lt;TITLE&gt;</c> and <c>&lt;PubDate&gt;</c>.</summary>
    public string LowerName
    {
        get
        {
            var name = _reader.LocalName;
            if (!_lowerNames.TryGetValue(name, out var lower))
            {
                lower = name.ToLowerInvariant();
                _lowerNames[name] = lower;
            }
            return lower;
        }
    }

    public string NamespaceUri => _reader.NamespaceURI;

    public int LineNumber => (_reader as IXmlLineInfo)?.LineNumber ?? 0;

    public string? Attribute(string name) => _reader.GetAttribute(name);

    public string? Attribute(string localName, string namespaceUri) => _reader.GetAttribute(localName, namespaceUri);

    /// <summary>True when the root element declares <paramref name="namespaceUri"/> (arXiv feeds declare theirs there).</summary>
    public bool DeclaresNamespace(string namespaceUri)
    {
        if (!_reader.MoveToFirstAttribute())
        {
            return false;
        }
        var found = false;
        do
        {
            found |= _reader.NamespaceURI == "http://www.w3.org/2000/xmlns/" && _reader.Value == namespaceUri;
        }
        while (!found && _reader.MoveToNextAttribute());
        _reader.MoveToElement();
        return found;
    }

    /// <summary>Moves to the root element; false when the document has none.</summary>
    public bool MoveToRoot() => _reader.MoveToContent() == XmlNodeType.Element;

    /// <summary>The base URI of the current element: its <c>xml:base</c> resolved against <paramref name="parent"/>.</summary>
    public Uri Base(Uri parent)
    {
        if (!HasXmlBase || _reader.GetAttribute("xml:base") is not { } value)
        {
            return parent;
        }
        return FeedUrls.ResolveAnyUri(value, parent) ?? parent;
    }

    /// <summary>
    /// The current element's <c>xml:base</c> resolved against <paramref name="parent"/> (or, when no ancestor had one,
    /// against <paramref name="documentUrl"/>); <paramref name="parent"/> itself, null included, when it has none.
    /// RSS uses it so that only an explicit xml:base overrides its rule of resolving against the channel link.
    /// </summary>
    public Uri? ExplicitBase(Uri? parent, Uri documentUrl)
    {
        if (!HasXmlBase || _reader.GetAttribute("xml:base") is not { } value)
        {
            return parent;
        }
        return FeedUrls.ResolveAnyUri(value, parent ?? documentUrl) ?? parent;
    }

    /// <summary>Steps into the current element; returns its depth, or -1 when it is empty (then it has been consumed).</summary>
    public int Enter()
    {
        CheckElement();
        if (_reader.IsEmptyElement)
        {
            _reader.Read();
            return -1;
        }
        var depth = _reader.Depth;
        _reader.Read();
        return depth;
    }

    /// <summary>Moves to the next child element of the element entered at <paramref name="depth"/>; false (and past its end tag) when there is none.</summary>
    public bool NextChild(int depth)
    {
        if (depth < 0)
        {
            return false;
        }
        while (true)
        {
            if (_reader.Depth <= depth || _reader.EOF)
            {
                if (_reader.NodeType == XmlNodeType.EndElement && _reader.Depth == depth)
                {
                    _reader.Read();
                }
                return false;
            }
            if (_reader.NodeType == XmlNodeType.Element)
            {
                CheckElement();
                return true;
            }
            _reader.Read();
        }
    }

    /// <summary>Skips the current element and everything in it, still counting its depth.</summary>
    public void Skip()
    {
        if (_reader.IsEmptyElement)
        {
            _reader.Read();
            return;
        }
        var depth = _reader.Depth;
        while (_reader.Read() && _reader.Depth > depth)
        {
            if (_reader.NodeType == XmlNodeType.Element)
            {
                CheckElement();
            }
        }
        _reader.Read();
    }

    /// <summary>The text of the current element and its descendants, as <c>XElement.Value</c> gives it.</summary>
    public string ReadText()
    {
        if (_reader.IsEmptyElement)
        {
            _reader.Read();
            return "";
        }
        var depth = _reader.Depth;
        string? single = null;
        StringBuilder? builder = null;
        while (_reader.Read() && _reader.Depth > depth)
        {
            switch (_reader.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    Append(ref single, ref builder, _reader.Value);
                    break;
                case XmlNodeType.Element:
                    CheckElement();
                    break;
            }
        }
        _reader.Read();
        return builder?.ToString() ?? single ?? "";
    }

    /// <summary>
    /// Reads the current element: the texts of its children named <paramref name="childName"/> (Atom's &lt;name&gt; in
    /// &lt;author&gt;), or null when it has none; then <paramref name="ownText"/> is the element's own text (RSS's author).
    /// </summary>
    public List<string>? ReadChildTexts(string childName, out string ownText)
    {
        ownText = "";
        if (_reader.IsEmptyElement)
        {
            _reader.Read();
            return null;
        }
        var depth = _reader.Depth;
        List<string>? found = null;
        string? single = null;
        StringBuilder? builder = null;
        _reader.Read();
        while (_reader.Depth > depth && !_reader.EOF)
        {
            switch (_reader.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    Append(ref single, ref builder, _reader.Value);
                    _reader.Read();
                    break;
                case XmlNodeType.Element when _reader.Depth == depth + 1 && _reader.LocalName == childName:
                    CheckElement();
                    (found ??= []).Add(ReadText());
                    break;
                case XmlNodeType.Element:
                    CheckElement();
                    Skip();
                    break;
                default:
                    _reader.Read();
                    break;
            }
        }
        _reader.Read();
        ownText = builder?.ToString() ?? single ?? "";
        return found;
    }

    /// <summary>
    /// The current element's content as HTML: child elements written back as tags, text as it is (RSS: text that is
    /// escaped HTML) or, with <paramref name="escapeText"/>, escaped (XHTML, where text is text).
    /// </summary>
    public string ReadMarkup(bool escapeText)
    {
        if (_reader.IsEmptyElement)
        {
            _reader.Read();
            return "";
        }
        var depth = _reader.Depth;
        string? single = null;
        StringBuilder? builder = null;
        while (_reader.Read() && _reader.Depth > depth)
        {
            switch (_reader.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    Append(ref single, ref builder, escapeText ? WebUtility.HtmlEncode(_reader.Value) : _reader.Value);
                    break;
                case XmlNodeType.Element:
                    CheckElement();
                    builder ??= new StringBuilder(single);
                    single = null;
                    WriteStartTag(builder);
                    break;
                case XmlNodeType.EndElement:
                    builder!.Append("</").Append(_reader.LocalName).Append('>');
                    break;
            }
        }
        _reader.Read();
        return builder?.ToString() ?? single ?? "";
    }

    public void Dispose() => _reader.Dispose();

    private void WriteStartTag(StringBuilder builder)
    {
        builder.Append('<').Append(_reader.LocalName);
        if (_reader.MoveToFirstAttribute())
        {
            do
            {
                if (_reader.Prefix != "xmlns" && _reader.LocalName != "xmlns")
                {
                    builder.Append(' ').Append(_reader.LocalName).Append("=\"").Append(WebUtility.HtmlEncode(_reader.Value)).Append('"');
                }
            }
            while (_reader.MoveToNextAttribute());
            _reader.MoveToElement();
        }
        builder.Append(_reader.IsEmptyElement ? " />" : ">");
    }

    private void CheckElement()
    {
        if (_reader.Depth >= FeedParser.MaxDepth)
        {
            throw _budget.TooDeep("XML elements");
        }
        if ((++_elements & 0xFF) == 0)
        {
            _budget.Check();
        }
    }

    private static void Append(ref string? single, ref StringBuilder? builder, string value)
    {
        if (builder is not null)
        {
            builder.Append(value);
        }
        else if (single is null)
        {
            single = value;
        }
        else
        {
            builder = new StringBuilder(single).Append(value);
            single = null;
        }
    }

    // A prefix on an element or attribute name: <itunes:author>, </itunes:author>, itunes:href="…".
    [GeneratedRegex(@"(?:</?|\s)([A-Za-z_][A-Za-z0-9._-]*):[A-Za-z_]", RegexOptions.CultureInvariant)]
    private static partial Regex UsedPrefixRegex();
}
