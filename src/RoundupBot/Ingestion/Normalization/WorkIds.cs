using System.Globalization;
using System.Text.RegularExpressions;

namespace RoundupBot.Ingestion.Normalization;

/// <summary>
/// Recognises the identifiers that name a work whichever way it is linked: arXiv ids (abs, pdf, html and export
/// links, <c>arXiv:</c> and <c>oai:arXiv.org:</c> forms, old-style <c>hep-th/9901001</c>, arXiv DOIs) and DOIs
/// (bare, <c>doi:</c>, doi.org and dx.doi.org links, publisher <c>/doi/</c> paths, percent-encoded).
/// Pure and thread-safe.
/// </summary>
public static partial class WorkIds
{
    private const string ArxivDoiPrefix = "10.48550/arxiv.";

    // Hosts whose paths carry an arXiv id; other hosts are never guessed from, since a 2401.01234 in an
    // arbitrary URL is as likely a price or a post number as a paper.
    private static readonly HashSet<string> s_arxivHosts = new(StringComparer.OrdinalIgnoreCase)
    {
        "arxiv.org", "export.arxiv.org", "browse.arxiv.org", "xxx.lanl.gov",
    };

    /// <summary>
    /// Finds an arXiv id in a URL or a piece of text. URLs must point at arXiv (or at Hugging Face's paper pages,
    /// which are keyed by arXiv id); text must be a bare id, carry an <c>arXiv:</c> or <c>oai:arXiv.org:</c> prefix,
    /// or be an arXiv DOI. Old-style ids drop their subject class (<c>math.GT/0309136</c> is <c>math/0309136</c>),
    /// as arXiv itself does.
    /// </summary>
    /// <returns>The id and version, or null when there is none.</returns>
    public static ArxivReference? ParseArxiv(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        // Only a bare id has no colon; anything else must name arXiv (its hosts, an arXiv: prefix, an arXiv DOI) or
        // Hugging Face, or hide that in percent-encoding. Most links are turned away here without a parse.
        if (trimmed.Contains(':', StringComparison.Ordinal) && !MayNameArxiv(trimmed))
        {
            return null;
        }

        if (UrlNormalizer.TryParse(trimmed, out var uri))
        {
            var host = uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : uri.Host;
            Match match;
            if (s_arxivHosts.Contains(host))
            {
                match = ArxivPathPattern().Match(uri.AbsolutePath);
            }
            else if (host.Equals("huggingface.co", StringComparison.OrdinalIgnoreCase))
            {
                match = HuggingFacePathPattern().Match(uri.AbsolutePath);
            }
            else
            {
                return FromArxivDoi(ParseDoi(trimmed));
            }

            return match.Success ? FromMatch(match) : null;
        }

        var bare = ArxivBarePattern().Match(trimmed);
        if (bare.Success)
        {
            return FromMatch(bare);
        }

        var prefixed = ArxivTextPattern().Match(trimmed);
        if (prefixed.Success)
        {
            return FromMatch(prefixed);
        }

        return FromArxivDoi(ParseDoi(trimmed));
    }

    /// <summary>
    /// Finds a DOI in a URL or a piece of text. URLs must be doi.org / dx.doi.org links or carry a <c>/doi/10.…</c>
    /// path segment (ACM, Wiley, Taylor &amp; Francis); text may carry any prefix (<c>doi:</c>, <c>DOI </c>,
    /// <c>info:doi/</c>). Percent-encoding is decoded and trailing punctuation trimmed.
    /// </summary>
    /// <returns>The DOI lower-cased (DOIs are case-insensitive), or null. arXiv DOIs are returned as DOIs; see <see cref="Key"/>.</returns>
    public static string? ParseDoi(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        // Every DOI starts "10.", and only percent-encoding can hide that: most links are turned away without a parse.
        if (!trimmed.Contains("10.", StringComparison.Ordinal) && !trimmed.Contains('%', StringComparison.Ordinal))
        {
            return null;
        }

        string haystack;
        if (UrlNormalizer.TryParse(trimmed, out var uri))
        {
            var host = uri.Host.ToLowerInvariant();
            var path = Uri.UnescapeDataString(uri.AbsolutePath);
            if (host is "doi.org" or "dx.doi.org" or "www.doi.org")
            {
                haystack = path.TrimStart('/');
                if (!haystack.StartsWith("10.", StringComparison.Ordinal))
                {
                    return null;
                }
            }
            else
            {
                var publisher = PublisherDoiPathPattern().Match(path);
                if (!publisher.Success)
                {
                    return null;
                }

                haystack = publisher.Groups["doi"].Value;
            }
        }
        else
        {
            haystack = Uri.UnescapeDataString(trimmed);
        }

        var match = DoiPattern().Match(haystack);
        if (!match.Success)
        {
            return null;
        }

        var doi = TrimTrailingPunctuation(match.Value);
        return doi.Length == 0 ? null : doi.ToLowerInvariant();
    }

    /// <summary>
    /// The canonical key of the work a URL or text names: <c>arxiv:&lt;id&gt;</c> (arXiv DOIs included) or
    /// <c>doi:&lt;lower-case doi&gt;</c>; null when it names neither.
    /// </summary>
    public static string? Key(string? urlOrText)
    {
        var arxiv = ParseArxiv(urlOrText);
        if (arxiv is { } reference)
        {
            return reference.Key;
        }

        var doi = ParseDoi(urlOrText);
        return doi is null ? null : "doi:" + doi;
    }

    private static bool MayNameArxiv(string text) =>
        text.Contains("arxiv", StringComparison.OrdinalIgnoreCase)
        || text.Contains("lanl.gov", StringComparison.OrdinalIgnoreCase)
        || text.Contains("huggingface", StringComparison.OrdinalIgnoreCase)
        || text.Contains('%', StringComparison.Ordinal);

    /// <summary>The arXiv reference an arXiv DOI (<c>10.48550/arXiv.2401.01234</c>) stands for, or null for any other DOI.</summary>
    public static ArxivReference? FromArxivDoi(string? doi)
    {
        if (doi is null || !doi.StartsWith(ArxivDoiPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var match = ArxivBarePattern().Match(doi[ArxivDoiPrefix.Length..]);
        return match.Success ? FromMatch(match) : null;
    }

    private static ArxivReference? FromMatch(Match match)
    {
        string id;
        if (match.Groups["new"].Success)
        {
            id = match.Groups["new"].Value;
            if (!IsPlausibleNewStyle(id))
            {
                return null;
            }
        }
        else
        {
            id = match.Groups["archive"].Value.ToLowerInvariant() + "/" + match.Groups["number"].Value;
        }

        int? version = null;
        if (match.Groups["version"].Success
            && int.TryParse(match.Groups["version"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
        {
            version = v;
        }

        return new ArxivReference(id, version);
    }

    // New-style ids are YYMM.NNNN from April 2007 to December 2014 and YYMM.NNNNN since January 2015.
    private static bool IsPlausibleNewStyle(string id)
    {
        var yymm = int.Parse(id.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture);
        var month = yymm % 100;
        if (month is < 1 or > 12)
        {
            return false;
        }

        var digits = id.Length - 5;
        return digits == 4 ? yymm is >= 704 and <= 1412 : yymm >= 1501;
    }

    private static string TrimTrailingPunctuation(string doi)
    {
        var end = doi.Length;
        while (end > 0)
        {
            var c = doi[end - 1];
            if (c is '.' or ',' or ';' or ':' or '\'' or '"')
            {
                end--;
            }
            else if ((c == ')' && Count(doi, end, '(') < Count(doi, end, ')'))
                || (c == ']' && Count(doi, end, '[') < Count(doi, end, ']')))
            {
                end--;
            }
            else
            {
                break;
            }
        }

        return doi[..end];

        static int Count(string s, int end, char c) => s.AsSpan(0, end).Count(c);
    }

    private const string IdPattern =
        @"(?:(?<new>\d{4}\.\d{4,5})|(?<archive>[a-z]+(?:-[a-z]+)?)(?:\.[a-z]{2})?/(?<number>\d{7}))(?:v(?<version>\d+))?";

    [GeneratedRegex(@"^/(?:abs|pdf|html|format|ps|src)/" + IdPattern + @"(?:\.pdf)?/?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ArxivPathPattern();

    [GeneratedRegex(@"^/papers/(?<new>\d{4}\.\d{4,5})(?:v(?<version>\d+))?/?$", RegexOptions.CultureInvariant)]
    private static partial Regex HuggingFacePathPattern();

    [GeneratedRegex(@"^" + IdPattern + @"$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ArxivBarePattern();

    // An id anywhere in text after an arXiv: / oai:arXiv.org: prefix.
    [GeneratedRegex(@"(?:\barxiv:\s*|\boai:arxiv\.org:)" + IdPattern + @"(?!\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ArxivTextPattern();

    [GeneratedRegex(@"(?<![\w.])10\.\d{4,9}/[^\s""<>]+", RegexOptions.CultureInvariant)]
    private static partial Regex DoiPattern();

    [GeneratedRegex(@"/doi/(?:(?:abs|full|pdf|epdf|pdfdirect|book|fullhtml)/)?(?<doi>10\.\d{4,9}/.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PublisherDoiPathPattern();
}
