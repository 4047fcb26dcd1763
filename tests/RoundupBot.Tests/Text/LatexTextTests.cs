using System.Text.Json;
using RoundupBot.Text;

namespace RoundupBot.Tests.Text;

public class LatexTextTests
{
    [Theory]
    [InlineData(@"$M_{HDM} \le 0.6\times 10^{15}\msun$", "M_HDM ≤ 0.6× 10¹⁵M⊙")]
    [InlineData(@"decays of the $\Lambda_b$ baryon", "decays of the Λ_b baryon")]
    [InlineData(@"corrections at $\cal{O}(\alpha_{s}^2)$", "corrections at 𝒪(αₛ²)")]
    [InlineData(@"corrections at \cal{O}(\alpha_{s}^2)$ and more", "corrections at 𝒪(αₛ²) and more")]
    [InlineData(@"points over $\mathbb{Z}[t]$ and $\mathbb{Q}$", "points over ℤ[t] and ℚ")]
    [InlineData(@"Following Koll\'ar and G\""odel", "Following Kollár and Gödel")]
    [InlineData(@"$\sigma/m \sim 1\,\mathrm{cm^2/g}$", "σ/m ~ 1 cm²/g")]
    [InlineData(@"above $10^{15}\,M_\odot$ in Uchuu", "above 10¹⁵ M⊙ in Uchuu")]
    [InlineData(@"$x_{b}$ and $x_1$", "x_b and x₁")]
    [InlineData(@"Lyman-$\alpha$ forest with $m_a \approx 10^{-22}\,\mathrm{eV}$", "Lyman-α forest with mₐ ≈ 10⁻²² eV")]
    [InlineData(@"$\Lambda_b \to \Lambda_c \ell \bar{\nu}$", "Λ_b → Λ_c ℓ ν̄")]
    [InlineData(@"$\overline{M}_{g,n}$ for $g \ge 22$", "M̅_g,n for g ≥ 22")]
    [InlineData(@"$\frac{1}{2}$ and $\sqrt{n}$", "1/2 and √n")]
    [InlineData(@"$S_8 = 0.776 \pm 0.017$", "S₈ = 0.776 ± 0.017")]
    [InlineData(@"$p > 5$", "p > 5")]
    [InlineData(@"$$E = mc^2$$", "E = mc²")]
    [InlineData(@"\(a+b\) and \[c\]", "a+b and c")]
    [InlineData(@"an error of $\pm 3\%$", "an error of ± 3%")]
    [InlineData(@"$R_{K^*}$ and $b \to s \ell^+ \ell^-$", "R_K* and b → s ℓ⁺ ℓ⁻")]
    [InlineData(@"$\textbf{bold}$ and \emph{stressed}", "bold and stressed")]
    [InlineData(@"$\unknowncommand x$", " x")]
    public void Turns_latex_into_readable_unicode(string latex, string expected)
    {
        Assert.Equal(expected, LatexText.ToUnicode(latex));
    }

    [Theory]
    [InlineData("It costs $5 million, and $20 for the rest.")]
    [InlineData("Plain text with no math at all.")]
    [InlineData("GPT-4 scores 86.4% on MMLU (5-shot).")]
    [InlineData("snake_case and x^2 stay as they are")]
    [InlineData("")]
    public void Leaves_text_without_latex_and_money_alone(string text)
    {
        Assert.Equal(text, LatexText.ToUnicode(text));
    }

    [Theory]
    [InlineData(@"a lone $ delimiter", "a lone delimiter")]
    [InlineData(@"unclosed $\alpha", "unclosed α")]
    [InlineData(@"\mathbb{", "")]
    [InlineData(@"ends with a backslash \", "ends with a backslash ")]
    [InlineData(@"$x^{$", "x")]
    public void Survives_broken_latex_without_a_remnant(string latex, string expected)
    {
        var unicode = LatexText.ToUnicode(latex);

        Assert.Equal(expected, unicode);
        Assert.False(LatexText.HasLatex(unicode), unicode);
    }

    [Fact]
    public void Is_idempotent()
    {
        var once = LatexText.ToUnicode(@"$\Lambda_b \to \Lambda_c$ with $10^{15}\,M_\odot$ by Koll\'ar");

        Assert.Equal(once, LatexText.ToUnicode(once));
    }

    [Fact]
    public void Leaves_no_remnant_in_any_title_or_summary_of_the_fixture_week()
    {
        using var week = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Week", "fixture-week.json")));
        var texts = week.RootElement.EnumerateArray()
            .SelectMany(e => new[] { e.GetProperty("title").GetString()!, e.GetProperty("summary").GetString()! })
            .ToList();

        Assert.Contains(texts, LatexText.HasLatex);
        Assert.All(texts, text => Assert.False(LatexText.HasLatex(LatexText.ToUnicode(text)), LatexText.ToUnicode(text)));
        Assert.All(texts, text => Assert.DoesNotContain("{", LatexText.ToUnicode(text), StringComparison.Ordinal));
    }
}
