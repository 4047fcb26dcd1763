using System.Text;

namespace RoundupBot.Ingestion.Normalization;

/// <summary>
/// Cleans links for readers and turns them into comparison keys. Only absolute http(s) URLs are understood;
/// both methods are pure and thread-safe.
/// </summary>
public static class UrlNormalizer
{
    // Parameters that only tell a marketer where a click came from; they never change which page is shown.
    private static readonly HashSet<string> s_trackingParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid", "li_fat_id",
        "mc_cid", "mc_eid", "igshid", "igsh", "ref", "ref_src", "ref_url", "referrer", "_hsenc", "_hsmi",
        "__hssc", "__hstc", "__hsfp", "hsctatracking", "spm", "scm", "mkt_tok", "oly_anon_id", "oly_enc_id",
        "vero_id", "vero_conv", "_ga", "_gl", "wt.mc_id", "s_cid",
    };

    /// <summary>
    /// The link shown to readers: absolute http(s) only, user info, fragment and tracking parameters
    /// (<c>utm_*</c>, <c>fbclid</c>, <c>gclid</c>, <c>ref</c>, …) removed, host lower-cased, default port dropped.
    /// Other query parameters keep their order and spelling.
    /// </summary>
    /// <returns>The cleaned URL, or null when <paramref name="url"/> is not an absolute http(s) URL.</returns>
    public static string? Clean(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!TryParse(url, out var uri))
        {
            return null;
        }

        var builder = new StringBuilder(url.Length);
        builder.Append(uri.Scheme).Append("://");
        AppendAuthority(builder, uri, dropWww: false);
        builder.Append(uri.AbsolutePath);
        var kept = KeptParameters(uri.Query);
        if (kept.Count > 0)
        {
            builder.Append('?').AppendJoin('&', kept);
        }

        return builder.ToString();
    }

    /// <summary>
    /// The comparison key of a URL, without any prefix: like <see cref="Clean"/>, and also scheme-less,
    /// <c>www.</c> dropped, trailing slash dropped and the remaining query parameters sorted, so
    /// <c>http://www.Example.org/a/?b=2&amp;a=1&amp;utm_source=x</c> becomes <c>example.org/a?a=1&amp;b=2</c>.
    /// </summary>
    /// <returns>The key; the trimmed input when it is not an absolute http(s) URL.</returns>
    public static string Key(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!TryParse(url, out var uri))
        {
            return url.Trim();
        }

        var builder = new StringBuilder(url.Length);
        AppendAuthority(builder, uri, dropWww: true);
        var path = uri.AbsolutePath.TrimEnd('/');
        builder.Append(path);
        var kept = KeptParameters(uri.Query);
        if (kept.Count > 0)
        {
            kept.Sort(StringComparer.Ordinal);
            builder.Append('?').AppendJoin('&', kept);
        }

        return builder.ToString();
    }

    /// <summary>True when <paramref name="name"/> is a tracking parameter this class removes.</summary>
    public static bool IsTrackingParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) || s_trackingParameters.Contains(name);
    }

    internal static bool TryParse(string url, out Uri uri)
    {
        uri = HttpUrl.TryParse(url)!;
        return uri is not null;
    }

    private static void AppendAuthority(StringBuilder builder, Uri uri, bool dropWww)
    {
        var host = uri.Host.ToLowerInvariant();
        if (dropWww && host.StartsWith("www.", StringComparison.Ordinal) && host.Length > 4)
        {
            host = host[4..];
        }

        builder.Append(host);
        if (!uri.IsDefaultPort)
        {
            builder.Append(':').Append(uri.Port);
        }
    }

    private static List<string> KeptParameters(string query)
    {
        var kept = new List<string>();
        if (query.Length <= 1)
        {
            return kept;
        }

        foreach (var part in query[1..].Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? part : part[..equals]);
            if (!IsTrackingParameter(name))
            {
                kept.Add(part);
            }
        }

        return kept;
    }
}
