using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RoundupBot.Publishing.Email;
using RoundupBot.Subscriptions.Email;
using RoundupBot.Tests.TestSupport;
using RoundupBot.Web;
using Xunit.Abstractions;

namespace RoundupBot.Tests.Publishing.Email;

/// <summary>The whole issue email as a subscriber's mail server receives it: composed, sent over SMTP, then judged.</summary>
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
        // Composed as EmailPublisher composes every delivery: the issue rendered once, then a signed token per subscriber.
        var issue = IssueEmail.Render(SampleIssue.Create(), "https://roundup.example.org", "Some interesting things to start the week", "unsubscribe@example.org");
        var tokens = new SubscriptionTokens(Options.Create(new SecurityOptions { SigningKey = "a-test-signing-key-of-at-least-32-characters" }), new FakeTimeProvider(Now));
        const string Address = "ada.lovelace@example.net";
        var message = issue.For(Address, tokens.Create(TokenPurpose.Unsubscribe, 37, Address, null));

        var result = Assert.Single(await sender.SendBatchAsync([message], CancellationToken.None));
        Assert.Equal(EmailSendStatus.Sent, result.Status);
        var received = Assert.Single(sink.Received);
        var spam = await SpamAssassin.ScoreAsync(received.Raw);
        output.WriteLine($"X-Spam-Status: {spam.Status}\n{spam.Report}");

        Assert.True(spam.Score < 1.0, $"SpamAssassin scored the issue {spam.Score}:\n{spam.Status}\n{spam.Report}");
    }
}
