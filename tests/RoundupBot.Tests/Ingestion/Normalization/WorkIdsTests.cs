using RoundupBot.Ingestion.Normalization;

namespace RoundupBot.Tests.Ingestion.Normalization;

public class WorkIdsTests
{
    [Theory]
    [InlineData("https://arxiv.org/abs/2401.01234", "2401.01234", null)]
    [InlineData("https://arxiv.org/abs/2401.01234v2", "2401.01234", 2)]
    [InlineData("http://arxiv.org/abs/2401.01234v12", "2401.01234", 12)]
    [InlineData("https://arxiv.org/pdf/2401.01234v2", "2401.01234", 2)]
    [InlineData("https://arxiv.org/pdf/2401.01234v2.pdf", "2401.01234", 2)]
    [InlineData("https://arxiv.org/pdf/2401.01234.pdf", "2401.01234", null)]
    [InlineData("https://arxiv.org/html/2401.01234v1", "2401.01234", 1)]
    [InlineData("https://arxiv.org/html/2401.01234v1/", "2401.01234", 1)]
    [InlineData("http://export.arxiv.org/abs/2401.01234v3", "2401.01234", 3)]
    [InlineData("https://www.arxiv.org/abs/2401.01234", "2401.01234", null)]
    [InlineData("https://arxiv.org/abs/2401.01234?context=cs.CL", "2401.01234", null)]
    [InlineData("https://arxiv.org/abs/2401.01234#S3", "2401.01234", null)]
    [InlineData("https://arxiv.org/abs/0704.0001", "0704.0001", null)]
    [InlineData("https://arxiv.org/abs/1412.6980v9", "1412.6980", 9)]
    [InlineData("https://arxiv.org/abs/hep-th/9901001", "hep-th/9901001", null)]
    [InlineData("https://arxiv.org/abs/hep-th/9901001v2", "hep-th/9901001", 2)]
    [InlineData("https://arxiv.org/abs/math.GT/0309136", "math/0309136", null)]
    [InlineData("https://arxiv.org/pdf/cond-mat/0102536v1.pdf", "cond-mat/0102536", 1)]
    [InlineData("https://huggingface.co/papers/2401.01234", "2401.01234", null)]
    [InlineData("arXiv:2401.01234", "2401.01234", null)]
    [InlineData("arxiv:2401.01234v2", "2401.01234", 2)]
    [InlineData("ArXiv: 2401.01234", "2401.01234", null)]
    [InlineData("Code for arXiv:2401.01234v4.", "2401.01234", 4)]
    [InlineData("oai:arXiv.org:2401.01234v2", "2401.01234", 2)]
    [InlineData("oai:arXiv.org:hep-th/9901001", "hep-th/9901001", null)]
    [InlineData("2401.01234", "2401.01234", null)]
    [InlineData("2401.01234v5", "2401.01234", 5)]
    [InlineData("hep-th/9901001", "hep-th/9901001", null)]
    [InlineData("math.GT/0309136", "math/0309136", null)]
    [InlineData("0704.0001", "0704.0001", null)]
    [InlineData("10.48550/arXiv.2401.01234", "2401.01234", null)]
    [InlineData("https://doi.org/10.48550/arXiv.2401.01234", "2401.01234", null)]
    [InlineData("doi:10.48550/ARXIV.2401.01234", "2401.01234", null)]
    public void Recognises_arxiv_ids_in_every_form(string text, string id, int? version)
    {
        var reference = WorkIds.ParseArxiv(text);

        Assert.NotNull(reference);
        Assert.Equal(id, reference.Value.Id);
        Assert.Equal(version, reference.Value.Version);
        Assert.Equal("arxiv:" + id, reference.Value.Key);
    }

    [Theory]
    [InlineData("https://example.org/posts/2401.01234")]
    [InlineData("https://arxiv.org/list/cs.CL/recent")]
    [InlineData("https://arxiv.org/abs/2413.01234")]
    [InlineData("https://arxiv.org/abs/1501.0123")]
    [InlineData("https://arxiv.org/abs/1401.01234")]
    [InlineData("Version 2401.01234 of the app")]
    [InlineData("3.14159")]
    [InlineData("10.1145/3366423.3380211")]
    [InlineData("")]
    [InlineData(null)]
    public void Finds_no_arxiv_id_where_there_is_none(string? text)
    {
        Assert.Null(WorkIds.ParseArxiv(text));
    }

    [Theory]
    [InlineData("10.1145/3366423.3380211", "10.1145/3366423.3380211")]
    [InlineData("doi:10.1145/3366423.3380211", "10.1145/3366423.3380211")]
    [InlineData("DOI: 10.1145/3366423.3380211", "10.1145/3366423.3380211")]
    [InlineData("info:doi/10.1145/3366423.3380211", "10.1145/3366423.3380211")]
    [InlineData("https://doi.org/10.1145/3366423.3380211", "10.1145/3366423.3380211")]
    [InlineData("http://doi.org/10.1145/3366423.3380211", "10.1145/3366423.3380211")]
    [InlineData("https://dx.doi.org/10.1145/3366423.3380211", "10.1145/3366423.3380211")]
    [InlineData("https://doi.org/10.1145%2F3366423.3380211", "10.1145/3366423.3380211")]
    [InlineData("10.1145%2F3366423.3380211", "10.1145/3366423.3380211")]
    [InlineData("https://dl.acm.org/doi/10.1145/3366423.3380211", "10.1145/3366423.3380211")]
    [InlineData("https://dl.acm.org/doi/abs/10.1145/3366423.3380211", "10.1145/3366423.3380211")]
    [InlineData("https://onlinelibrary.wiley.com/doi/full/10.1002/ANIE.202000001", "10.1002/anie.202000001")]
    [InlineData("https://doi.org/10.1038/S41586-021-03819-2", "10.1038/s41586-021-03819-2")]
    [InlineData("See doi:10.1038/nature14539.", "10.1038/nature14539")]
    [InlineData("(doi:10.1038/nature14539)", "10.1038/nature14539")]
    [InlineData("10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0", "10.1002/(sici)1097-4571(199806)49:8")]
    [InlineData("10.48550/arXiv.2401.01234", "10.48550/arxiv.2401.01234")]
    public void Recognises_dois_in_every_form(string text, string expected)
    {
        Assert.Equal(expected, WorkIds.ParseDoi(text));
    }

    [Theory]
    [InlineData("https://example.org/blog/10.1145/abc")]
    [InlineData("https://doi.org/")]
    [InlineData("https://arxiv.org/abs/2401.01234")]
    [InlineData("Version 10.2 is out")]
    [InlineData("")]
    [InlineData(null)]
    public void Finds_no_doi_where_there_is_none(string? text)
    {
        Assert.Null(WorkIds.ParseDoi(text));
    }

    [Theory]
    [InlineData("https://arxiv.org/pdf/2401.01234v2.pdf", "arxiv:2401.01234")]
    [InlineData("https://doi.org/10.48550/arXiv.2401.01234", "arxiv:2401.01234")]
    [InlineData("https://doi.org/10.1145/3366423.3380211", "doi:10.1145/3366423.3380211")]
    [InlineData("https://example.org/post", null)]
    public void Gives_the_canonical_key_of_a_linked_work(string text, string? expected)
    {
        Assert.Equal(expected, WorkIds.Key(text));
    }
}
