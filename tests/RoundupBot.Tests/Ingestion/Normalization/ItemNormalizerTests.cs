using RoundupBot.Ingestion.Normalization;
using RoundupBot.Model;

namespace RoundupBot.Tests.Ingestion.Normalization;

public class ItemNormalizerTests
{
    private readonly ItemNormalizer _normalizer = new();

    private static FeedEntry Entry(string link, string title = "A study of something rather interesting") =>
        new() { Title = title, Link = link };

    [Fact]
    public void Stores_the_latex_of_an_arxiv_title_and_abstract_as_unicode()
    {
        var entry = Entry("https://arxiv.org/abs/2612.03011v1", @"Lepton universality in $\Lambda_b \to \Lambda_c \ell \bar{\nu}$ decays") with
        {
            Summary = @"We find $R(\Lambda_c) = 0.324 \pm 0.004$ with form factors over $\mathbb{Z}$, after Koll\'ar.",
        };

        var candidate = _normalizer.Normalize(entry);

        Assert.Equal("Lepton universality in Λ_b → Λ_c ℓ ν̄ decays", candidate.Title);
        Assert.Equal("We find R(Λ_c) = 0.324 ± 0.004 with form factors over ℤ, after Kollár.", candidate.Summary);
    }

    [Fact]
    public void Keys_an_arxiv_entry_by_its_metadata_id_and_links_the_abstract_page()
    {
        var entry = Entry("http://arxiv.org/abs/2401.01234v2") with
        {
            Arxiv = new ArxivMetadata { Id = "2401.01234", Version = 2, Categories = ["cs.CL", "cs.LG"], Comment = "12 pages" },
            Categories = ["cs.LG", "cs.AI"],
        };

        var candidate = _normalizer.Normalize(entry);

        Assert.Equal("arxiv:2401.01234", candidate.CanonicalKey);
        Assert.Equal("https://arxiv.org/abs/2401.01234", candidate.Link);
        Assert.Equal("2401.01234", candidate.ArxivId);
        Assert.Equal(2, candidate.ArxivVersion);
        Assert.Equal("12 pages", candidate.Comment);
        Assert.Equal(["cs.CL", "cs.LG", "cs.AI"], candidate.Categories);
    }

    [Fact]
    public void Accepts_arxiv_metadata_ids_that_still_carry_a_version_or_url()
    {
        var entry = Entry("https://arxiv.org/abs/2401.01234v3") with
        {
            Arxiv = new ArxivMetadata { Id = "http://arxiv.org/abs/2401.01234v3", Version = 3 },
        };

        var candidate = _normalizer.Normalize(entry);

        Assert.Equal("arxiv:2401.01234", candidate.CanonicalKey);
        Assert.Equal(3, candidate.ArxivVersion);
    }

    [Theory]
    [InlineData("https://arxiv.org/pdf/2401.01234v2.pdf", null)]
    [InlineData("https://example.org/paper", "oai:arXiv.org:2401.01234v2")]
    [InlineData("https://example.org/paper", "http://arxiv.org/abs/2401.01234v2")]
    public void Finds_the_arxiv_id_in_the_link_or_the_entry_id(string link, string? entryId)
    {
        var candidate = _normalizer.Normalize(Entry(link) with { EntryId = entryId });

        Assert.Equal("arxiv:2401.01234", candidate.CanonicalKey);
        Assert.Equal("https://arxiv.org/abs/2401.01234", candidate.Link);
    }

    [Fact]
    public void Keys_an_entry_with_a_doi_by_the_lower_case_doi_and_keeps_its_cleaned_link()
    {
        var entry = Entry("https://publisher.example/article/42?utm_source=rss") with { Doi = "https://doi.org/10.1145/ABC.123" };

        var candidate = _normalizer.Normalize(entry);

        Assert.Equal("doi:10.1145/abc.123", candidate.CanonicalKey);
        Assert.Equal("10.1145/abc.123", candidate.Doi);
        Assert.Equal("https://publisher.example/article/42", candidate.Link);
    }

    [Fact]
    public void Keys_an_entry_by_its_doi_link_when_it_has_no_doi_field()
    {
        var candidate = _normalizer.Normalize(Entry("https://dx.doi.org/10.1038/nature14539"));

        Assert.Equal("doi:10.1038/nature14539", candidate.CanonicalKey);
    }

    [Fact]
    public void Maps_an_arxiv_doi_to_the_arxiv_key()
    {
        var candidate = _normalizer.Normalize(Entry("https://example.org/p") with { Doi = "10.48550/arXiv.2401.01234" });

        Assert.Equal("arxiv:2401.01234", candidate.CanonicalKey);
        Assert.Null(candidate.Doi);
    }

    [Fact]
    public void Keys_any_other_entry_by_its_url_key()
    {
        var candidate = _normalizer.Normalize(Entry("https://www.Example.org/blog/post/?utm_source=rss#x"));

        Assert.Equal("url:example.org/blog/post", candidate.CanonicalKey);
        Assert.Equal("https://www.example.org/blog/post/", candidate.Link);
    }

    [Fact]
    public void Lists_the_arxiv_and_doi_works_an_entry_links_to_once_each()
    {
        var entry = Entry("https://blog.example.org/post") with
        {
            ContentLinks =
            [
                "https://arxiv.org/abs/2401.01234v1",
                "https://arxiv.org/pdf/2401.01234v2.pdf",
                "https://doi.org/10.1145/3366423.3380211",
                "https://github.com/example/code",
            ],
        };

        var candidate = _normalizer.Normalize(entry);

        Assert.Equal(["arxiv:2401.01234", "doi:10.1145/3366423.3380211"], candidate.MentionKeys);
    }

    [Fact]
    public void Does_not_list_a_paper_as_mentioning_itself()
    {
        var entry = Entry("https://arxiv.org/abs/2401.01234v1") with { ContentLinks = ["https://arxiv.org/pdf/2401.01234v1"] };

        Assert.Empty(_normalizer.Normalize(entry).MentionKeys);
    }

    [Fact]
    public void Gives_the_same_hash_to_the_same_entry_and_a_new_one_to_a_changed_entry()
    {
        var entry = Entry("https://example.org/post") with { Summary = "First words.", Authors = ["Ada"] };

        var first = _normalizer.Normalize(entry).ContentHash;
        var again = _normalizer.Normalize(entry).ContentHash;
        var edited = _normalizer.Normalize(entry with { Summary = "First words, revised." }).ContentHash;
        var newAuthor = _normalizer.Normalize(entry with { Authors = ["Ada", "Grace"] }).ContentHash;

        Assert.Equal(32, first.Length);
        Assert.Equal(first, again);
        Assert.NotEqual(first, edited);
        Assert.NotEqual(first, newAuthor);
    }

    [Fact]
    public void Carries_title_key_authors_and_published_time_in_utc()
    {
        var published = new DateTimeOffset(2024, 1, 3, 10, 0, 0, TimeSpan.FromHours(2));
        var entry = Entry("https://example.org/post", "  Scaling Laws for Neural Language Models ") with
        {
            Authors = ["Jared Kaplan", " ", "Sam McCandlish", "Jared Kaplan"],
            Published = published,
        };

        var candidate = _normalizer.Normalize(entry);

        Assert.Equal("Scaling Laws for Neural Language Models", candidate.Title);
        Assert.Equal("scaling laws for neural language models", candidate.TitleKey);
        Assert.Equal(["Jared Kaplan", "Sam McCandlish"], candidate.Authors);
        Assert.Equal(published, candidate.Published);
        Assert.Equal(TimeSpan.Zero, candidate.Published!.Value.Offset);
    }

    [Fact]
    public void Cuts_very_long_summaries()
    {
        var candidate = _normalizer.Normalize(Entry("https://example.org/post") with { Summary = new string('x', 50_000) });

        Assert.Equal(ItemNormalizer.MaxSummaryLength, candidate.Summary.Length);
    }

    [Fact]
    public void Gives_generic_titles_no_title_key()
    {
        Assert.Null(_normalizer.Normalize(Entry("https://example.org/weekly", "Weekly update")).TitleKey);
    }
}
