namespace RoundupBot.Ingestion.Normalization;

/// <summary>An arXiv identifier without version (<c>2401.01234</c>, <c>hep-th/9901001</c>) and the version, when the text named one.</summary>
public readonly record struct ArxivReference(string Id, int? Version)
{
    /// <summary>The canonical key: <c>arxiv:2401.01234</c>.</summary>
    public string Key => "arxiv:" + Id;
}
