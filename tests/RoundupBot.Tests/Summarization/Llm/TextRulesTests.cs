using RoundupBot.Summarization.Llm;

namespace RoundupBot.Tests.Summarization.Llm;

public sealed class TextRulesTests
{
    [Theory]
    [InlineData("🧠")]
    [InlineData("⚛️")]
    [InlineData("👩‍🔬")]
    [InlineData("🇪🇺")]
    [InlineData("👍🏽")]
    [InlineData("✨")]
    public void One_emoji_is_one_emoji(string emoji) => Assert.True(TextRules.IsOneEmoji(emoji));

    [Theory]
    [InlineData("🚀🔥")]
    [InlineData("AI")]
    [InlineData("🧠 ")]
    [InlineData("#")]
    [InlineData("")]
    [InlineData(":rocket:")]
    public void Anything_else_is_not(string emoji) => Assert.False(TextRules.IsOneEmoji(emoji));

    [Theory]
    [InlineData("Read it at https://evil.example.com/paper.")]
    [InlineData("See www.example.org for more.")]
    [InlineData("Visit evil.example.com/win now")]
    [InlineData("The code is on github.com.")]
    [InlineData("Mail press@example.org today")]
    [InlineData("Click javascript:alert(1) here")]
    [InlineData("Published on arXiv.org this week")]
    public void Finds_links_and_domain_names(string text) => Assert.NotNull(TextRules.FindLink(text));

    [Theory]
    [InlineData("ASP.NET and Node.js both ship a 3.5 release, e.g. for U.S. users.")]
    [InlineData("The model scores 44.5% on MMLU, vs. 40.1% before; see Fig. 3.")]
    public void Leaves_names_and_abbreviations_alone(string text) => Assert.Null(TextRules.FindLink(text));

    [Fact]
    public void Prompt_text_loses_its_links()
    {
        var cleaned = PromptText.Clean("Code at https://github.com/x/y (see www.example.org) and github.com/x/z.\nDone.");

        Assert.Null(TextRules.FindLink(cleaned));
        Assert.Equal("Code at (see ) and . Done.", cleaned);
    }
}
