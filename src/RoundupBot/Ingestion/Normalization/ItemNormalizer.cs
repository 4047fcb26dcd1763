using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using RoundupBot.Model;
using RoundupBot.Text;

namespace RoundupBot.Ingestion.Normalization;

/// <summary>
/// Turns a parsed <see cref="FeedEntry"/> into an <see cref="ItemCandidate"/>: one canonical key per work, a cleaned
/// link, a title key for near-duplicates, the works the entry links to, and a content hash. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// Key priority: an arXiv id (from the entry's arXiv metadata, else its link, else its entry id) gives
/// <c>arxiv:&lt;id&gt;</c> and the link <c>https://arxiv.org/abs/&lt;id&gt;</c>; else a DOI (the entry's, else a DOI link)
/// gives <c>doi:&lt;lower-case doi&gt;</c>; else the link gives <c>url:</c> + <see cref="UrlNormalizer.Key"/>.
/// </remarks>
public sealed class ItemNormalizer
{
    /// <summary>Summaries longer than this many characters are cut.</summary>
    public const int MaxSummaryLength = 20_000;

    /// <summary>Normalizes one entry. Throws <see cref="ArgumentNullException"/> for a null entry; never throws for odd links.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static",
        Justification = "An instance service so the pipeline can inject it and it can grow options without breaking callers.")]
    public ItemCandidate Normalize(FeedEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);

        var arxiv = FindArxiv(entry);
        var doi = NormalizeDoi(entry.Doi) ?? WorkIds.ParseDoi(entry.Link);
        if (arxiv is null && WorkIds.FromArxivDoi(doi) is { } fromDoi)
        {
            arxiv = fromDoi;
        }

        if (doi is not null && WorkIds.FromArxivDoi(doi) is not null)
        {
            // arXiv's own DOI says nothing the arXiv id does not; keep the field for journal DOIs.
            doi = null;
        }

        string key;
        string link;
        if (arxiv is { } reference)
        {
            key = reference.Key;
            link = "https://arxiv.org/abs/" + reference.Id;
        }
        else
        {
            var cleaned = UrlNormalizer.Clean(entry.Link);
            link = cleaned ?? entry.Link.Trim();
            key = doi is not null ? "doi:" + doi : "url:" + UrlNormalizer.Key(entry.Link);
        }

        // arXiv titles and abstracts carry LaTeX ("$\Lambda_b$"); readers, the title key and the engines see Unicode.
        var title = LatexText.ToUnicode(entry.Title.Trim());
        var summary = Truncate(LatexText.ToUnicode(entry.Summary.Trim()), MaxSummaryLength);
        var authors = entry.Authors.Select(a => a.Trim()).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        var categories = (entry.Arxiv?.Categories ?? [])
            .Concat(entry.Categories)
            .Select(c => c.Trim())
            .Where(c => c.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
        var mentions = entry.ContentLinks
            .Select(WorkIds.Key)
            .OfType<string>()
            .Where(k => k != key)
            .Distinct(StringComparer.Ordinal)
            .ToArray();

        return new ItemCandidate
        {
            CanonicalKey = key,
            TitleKey = TitleKey.Fold(title),
            Title = title,
            Link = link,
            Authors = authors,
            Published = (entry.Published ?? entry.Updated)?.ToUniversalTime(),
            Summary = summary,
            Categories = categories,
            ArxivId = arxiv?.Id,
            ArxivVersion = arxiv?.Version,
            Doi = doi,
            Comment = entry.Arxiv?.Comment,
            MentionKeys = mentions,
            AnnounceType = entry.Arxiv?.AnnounceType,
            Signal = entry.Signal,
            // A community entry (upvotes, points) is attention paid to a work, not a copy of it: it joins, never rewrites.
            JoinOnly = entry.Signal is not null,
            ContentHash = Hash(title, key, summary, authors, arxiv?.Version),
        };
    }

    private static ArxivReference? FindArxiv(FeedEntry entry)
    {
        if (entry.Arxiv is { } metadata)
        {
            // The parser's id may still carry a version or a subject class; the metadata's version wins.
            var parsed = WorkIds.ParseArxiv(metadata.Id) ?? WorkIds.ParseArxiv("arXiv:" + metadata.Id);
            if (parsed is { } fromMetadata)
            {
                return fromMetadata with { Version = metadata.Version };
            }
        }

        return WorkIds.ParseArxiv(entry.Link) ?? WorkIds.ParseArxiv(entry.EntryId);
    }

    private static string? NormalizeDoi(string? doi) =>
        string.IsNullOrWhiteSpace(doi) ? null : WorkIds.ParseDoi(doi);

    private static string Truncate(string text, int length)
    {
        if (text.Length <= length)
        {
            return text;
        }

        // Never cut a surrogate pair in half.
        var cut = char.IsHighSurrogate(text[length - 1]) ? length - 1 : length;
        return text[..cut];
    }

    // The link enters as the work's key, not as written: the same post linked with and without "www." or a
    // trailing slash is not an update. The hash only detects change, so a fast non-cryptographic one (XxHash128)
    // is enough; fields are hashed as UTF-16 one after another, separated by control characters, with no joined copy.
    private static string Hash(string title, string link, string summary, IReadOnlyList<string> authors, int? version)
    {
        var hash = new XxHash128();
        Append(hash, title);
        Append(hash, link);
        Append(hash, summary);
        foreach (var author in authors)
        {
            Append(hash, author, '\u001E');
        }

        Append(hash, version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    private static void Append(XxHash128 hash, string field, char separator = '\u001F')
    {
        hash.Append(MemoryMarshal.AsBytes(field.AsSpan()));
        hash.Append(MemoryMarshal.AsBytes(new ReadOnlySpan<char>(in separator)));
    }
}
