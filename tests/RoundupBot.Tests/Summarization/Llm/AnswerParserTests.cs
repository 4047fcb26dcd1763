using RoundupBot.Summarization.Llm;

namespace RoundupBot.Tests.Summarization.Llm;

public sealed class AnswerParserTests
{
    [Theory]
    [InlineData("{\"intro\":\"Hello\"}")]
    [InlineData("  {\"intro\":\"Hello\"}\n")]
    [InlineData("```json\n{\"intro\":\"Hello\"}\n```")]
    [InlineData("```\n{\"intro\":\"Hello\"}\n```")]
    [InlineData("<think>The user wants JSON.</think>\n{\"intro\":\"Hello\"}")]
    public void Accepts_a_JSON_object_alone_or_in_one_code_fence(string answer)
    {
        using var document = AnswerParser.Parse(answer, out var finding);

        Assert.Null(finding);
        Assert.Equal("Hello", document!.RootElement.GetProperty("intro").GetString());
    }

    [Theory]
    [InlineData("Here is a lovely intro for your newsletter: welcome to this week's issue!")]
    [InlineData("Sure! Here is the JSON:\n```json\n{\"intro\":\"Hello\"}\n```")]
    [InlineData("```json\n{\"intro\":\"Hello\"}\n```\nLet me know if you want changes.")]
    [InlineData("```python\n{\"intro\":\"Hello\"}\n```")]
    [InlineData("{\"intro\":\"Hello\"} {\"intro\":\"Again\"}")]
    [InlineData("{\"intro\":\"Hello\",}")]
    [InlineData("{\"intro\":\"Hello\" /* a comment */}")]
    [InlineData("{\"intro\":\"Hello\",\"intro\":\"Swapped\"}")]
    [InlineData("[{\"intro\":\"Hello\"}]")]
    [InlineData("")]
    [InlineData("<think>never closed {\"intro\":\"Hello\"}")]
    public void Rejects_prose_text_around_the_JSON_and_anything_ambiguous(string answer)
    {
        using var document = AnswerParser.Parse(answer, out var finding);

        Assert.Null(document);
        Assert.Equal(FindingKind.InvalidJson, finding!.Kind);
    }
}
