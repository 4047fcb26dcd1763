using System.Globalization;
using System.Text.RegularExpressions;

namespace RoundupBot.Ingestion.Parsing;

/// <summary>Finds arXiv identifiers in the shapes feeds use: <c>http://arxiv.org/abs/2401.01234v2</c>, <c>oai:arXiv.org:2401.01234v2</c>, <c>arXiv:hep-th/9901001v1</c>.</summary>
internal static partial class ArxivIds
{
    /// <summary>The id without version and the version (null when the text carries none), or null when the text is not an arXiv id.</summary>
    public static (string Id, int? Version)? Match(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Contains("arxiv", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var match = IdRegex().Match(text);
        if (!match.Success)
        {
            return null;
        }
        int? version = match.Groups["version"].Success
            ? int.Parse(match.Groups["version"].ValueSpan, CultureInfo.InvariantCulture)
            : null;
        return (match.Groups["id"].Value, version);
    }

    // New-style ids are YYMM.NNNN(N); old-style ones are archive(.SUBJECT)/YYMMNNN, e.g. hep-th/9901001, math.AT/9910001.
    [GeneratedRegex(
        @"(?:arxiv\.org/(?:abs|pdf)/|oai:arxiv\.org:|^\s*arxiv:)(?<id>\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)*(?:\.[A-Za-z]{2})?/\d{7})(?:v(?<version>\d{1,3}))?(?![\d])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IdRegex();
}
