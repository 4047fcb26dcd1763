using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RoundupBot.Publishing.Email;
using RoundupBot.Rendering;
using RoundupBot.Tests.TestSupport;
using Xunit.Abstractions;

namespace RoundupBot.Tests.Publishing.Email;

/// <summary>The whole issue email as a subscriber's mail server receives it: rendered, sent over SMTP, then judged.</summary>
public sealed class IssueEmailTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 1, 12, 8, 0, 3, TimeSpan.Zero);

    [Fact]
    public async Task A_seven_section_issue_scores_under_1_with_SpamAssassin_offline()
    {
        await using var sink = await SmtpSink.StartAsync();
        var sender = new EmailSender(
            Options.Create(new EmailOptions
            {
                Smtp = new SmtpOptions { Host = "127.0.0.1", Port = sink.Port, Security = SmtpSecurity.None },
                From = "Roundup <roundup@example.org>",
                ListId = "Research roundup <roundup.example.org>",
                MessagesPerSecond = 0,
            }),
            new FakeTimeProvider(Now),
            NullLogger<EmailSender>.Instance);
        var digest = SampleIssue.Create();
        var links = SampleIssue.Links;
        var message = new EmailMessage(
            "ada.lovelace@example.net",
            "Ada Lovelace",
            digest.Title,
            TextRenderer.Render(digest, links),
            EmailHtmlRenderer.Render(digest, links),
            new Uri(links.UnsubscribeUrl),
            "unsubscribe@example.org");

        var result = Assert.Single(await sender.SendBatchAsync([message], CancellationToken.None));
        Assert.Equal(EmailSendStatus.Sent, result.Status);
        var received = Assert.Single(sink.Received);
        var spam = await SpamAssassin.ScoreAsync(received.Raw);
        output.WriteLine($"X-Spam-Status: {spam.Status}\n{spam.Report}");

        Assert.True(spam.Score < 1.0, $"SpamAssassin scored the issue {spam.Score}:\n{spam.Status}\n{spam.Report}");
    }
}
