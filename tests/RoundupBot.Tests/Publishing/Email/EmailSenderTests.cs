using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using RoundupBot.Publishing.Email;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Publishing.Email;

public sealed class EmailSenderTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 7, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Sends_a_batch_of_three_through_one_connection_as_text_then_html_with_every_header()
    {
        await using var sink = await SmtpSink.StartAsync();
        var sender = Sender(sink, new FakeTimeProvider(Now));

        var results = await sender.SendBatchAsync([Message("ada@example.org", "Ada"), Message("bob@example.org", "Bob"), Message("cy@example.org", null)], CancellationToken.None);

        Assert.All(results, r => Assert.Equal(EmailSendStatus.Sent, r.Status));
        var received = sink.Received;
        Assert.Equal(3, received.Count);
        Assert.Single(received.Select(r => r.PeerPort).Distinct());
        Assert.Equal(["ada@example.org", "bob@example.org", "cy@example.org"], received.Select(r => r.Recipients.Single()));
        Assert.Equal(3, received.Select(r => r.Message.MessageId).Distinct(StringComparer.Ordinal).Count());
        for (var i = 0; i < received.Count; i++)
        {
            var message = received[i].Message;
            Assert.Equal(results[i].MessageId, message.MessageId);
            Assert.EndsWith("@example.org", message.MessageId, StringComparison.Ordinal);
            Assert.Equal("roundup@example.org", message.From.Mailboxes.Single().Address);
            Assert.Equal("Research Roundup", message.From.Mailboxes.Single().Name);
            Assert.Equal("Research Roundup #12", message.Subject);
            Assert.Equal(Now, message.Date);
            Assert.Equal("<roundup.example.org>", message.Headers["List-Id"]);
            Assert.Equal($"<https://roundup.example.org/unsubscribe/{received[i].Recipients[0]}>, <mailto:unsubscribe@example.org>", message.Headers["List-Unsubscribe"]?.Trim());
            Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
            var alternative = Assert.IsType<MultipartAlternative>(message.Body);
            Assert.Equal(2, alternative.Count);
            Assert.True(alternative[0].ContentType.IsMimeType("text", "plain"));
            Assert.True(alternative[1].ContentType.IsMimeType("text", "html"));
            Assert.Contains("This week in research", ((TextPart)alternative[0]).Text, StringComparison.Ordinal);
            Assert.Contains("<h1>This week in research</h1>", ((TextPart)alternative[1]).Text, StringComparison.Ordinal);
        }

        Assert.Equal("Ada", received[0].Message.To.Mailboxes.Single().Name);
    }

    [Fact]
    public async Task A_batch_says_when_each_message_was_handed_over_in_full_and_not_for_a_refused_recipient()
    {
        await using var sink = await SmtpSink.StartAsync();
        var sender = Sender(sink, new FakeTimeProvider(Now));
        var handedOver = new List<string>();

        await using (var batch = sender.OpenBatch())
        {
            foreach (var address in new[] { "ada@example.org", "bounce@example.org", "cy@example.org" })
            {
                var countBefore = sink.ReceivedCount;
                var result = await batch.SendAsync(Message(address), () =>
                {
                    // Called before the server has the message: it is told the moment before the end-of-data mark.
                    Assert.Equal(countBefore, sink.ReceivedCount);
                    handedOver.Add(address);
                }, CancellationToken.None);
                Assert.Equal(address.StartsWith("bounce", StringComparison.Ordinal) ? EmailSendStatus.PermanentFailure : EmailSendStatus.Sent, result.Status);
            }
        }

        Assert.Equal(["ada@example.org", "cy@example.org"], handedOver);
        Assert.Equal(2, sink.Received.Count);
    }

    [Fact]
    public async Task Marks_a_recipient_refused_with_550_as_a_permanent_failure_and_sends_the_others()
    {
        await using var sink = await SmtpSink.StartAsync();
        var sender = Sender(sink, new FakeTimeProvider(Now));

        var results = await sender.SendBatchAsync([Message("ada@example.org"), Message("bounce@example.org"), Message("cy@example.org")], CancellationToken.None);

        Assert.Equal([EmailSendStatus.Sent, EmailSendStatus.PermanentFailure, EmailSendStatus.Sent], results.Select(r => r.Status));
        Assert.Equal(550, results[1].SmtpStatusCode);
        Assert.Contains("User unknown", results[1].Detail, StringComparison.Ordinal);
        Assert.Equal(["ada@example.org", "cy@example.org"], sink.Received.Select(r => r.Recipients.Single()));
        Assert.Single(sink.Received.Select(r => r.PeerPort).Distinct());
    }

    [Fact]
    public async Task Marks_a_recipient_refused_with_451_as_a_transient_failure()
    {
        await using var sink = await SmtpSink.StartAsync();
        var sender = Sender(sink, new FakeTimeProvider(Now));

        var results = await sender.SendBatchAsync([Message("defer@example.org"), Message("bob@example.org")], CancellationToken.None);

        Assert.Equal([EmailSendStatus.TransientFailure, EmailSendStatus.Sent], results.Select(r => r.Status));
        Assert.Equal(451, results[0].SmtpStatusCode);
        Assert.Equal(["bob@example.org"], sink.Received.Select(r => r.Recipients.Single()));
    }

    [Fact]
    public async Task Reconnects_once_when_the_server_drops_the_connection_mid_batch_and_delivers_the_rest()
    {
        await using var sink = await SmtpSink.StartAsync(dropAfter: 2);
        var sender = Sender(sink, new FakeTimeProvider(Now));
        string[] addresses = ["a@example.org", "b@example.org", "c@example.org", "d@example.org", "e@example.org"];

        var results = await sender.SendBatchAsync([.. addresses.Select(a => Message(a))], CancellationToken.None);

        Assert.All(results, r => Assert.Equal(EmailSendStatus.Sent, r.Status));
        var received = sink.Received;
        Assert.Equal(addresses, received.Select(r => r.Recipients.Single()));
        Assert.Equal(2, received.Select(r => r.PeerPort).Distinct().Count());
        Assert.Equal(received[0].PeerPort, received[1].PeerPort);
        Assert.NotEqual(received[1].PeerPort, received[2].PeerPort);
    }

    [Fact]
    public async Task Never_lets_a_CR_LF_in_a_display_name_or_subject_add_a_header()
    {
        await using var sink = await SmtpSink.StartAsync();
        var sender = Sender(sink, new FakeTimeProvider(Now));
        var message = Message("ada@example.org", "Ada\r\nBcc: victim@example.net") with { Subject = "Roundup\r\nBcc: victim@example.net\nX-Injected: yes" };

        var results = await sender.SendBatchAsync([message], CancellationToken.None);

        Assert.Equal(EmailSendStatus.Sent, results.Single().Status);
        var received = sink.Received.Single();
        Assert.Equal(["ada@example.org"], received.Recipients);
        Assert.DoesNotContain(received.Message.Headers, h => h.Field is "Bcc" or "X-Injected");
        Assert.Empty(received.Message.Bcc);
        var headerBlock = received.Raw[..received.Raw.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.DoesNotContain("\nBcc:", headerBlock, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\nX-Injected:", headerBlock, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Roundup  Bcc: victim@example.net X-Injected: yes", received.Message.Subject);
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("ada@")]
    [InlineData("@example.org")]
    [InlineData("ada@example.org\r\nRCPT TO:<victim@example.net>")]
    [InlineData("Ada <ada@example.org>")]
    [InlineData("a@b@example.org")]
    [InlineData("")]
    public async Task Rejects_an_invalid_address_before_sending_and_sends_the_others(string address)
    {
        await using var sink = await SmtpSink.StartAsync();
        var sender = Sender(sink, new FakeTimeProvider(Now));

        var results = await sender.SendBatchAsync([Message(address), Message("bob@example.org")], CancellationToken.None);

        Assert.Equal([EmailSendStatus.InvalidAddress, EmailSendStatus.Sent], results.Select(r => r.Status));
        Assert.Equal(["bob@example.org"], sink.Received.SelectMany(r => r.Recipients));
    }

    [Fact]
    public async Task Throttles_a_batch_to_the_configured_messages_per_second()
    {
        await using var sink = await SmtpSink.StartAsync();
        var sender = Sender(sink, TimeProvider.System, messagesPerSecond: 5);
        var stopwatch = Stopwatch.StartNew();

        var results = await sender.SendBatchAsync([Message("a@example.org"), Message("b@example.org"), Message("c@example.org"), Message("d@example.org")], CancellationToken.None);

        // Four messages at five a second: three gaps of 200 ms at least.
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(590), $"took {stopwatch.Elapsed}");
        Assert.All(results, r => Assert.Equal(EmailSendStatus.Sent, r.Status));
        Assert.Equal(4, sink.Received.Count);
    }

    [Fact]
    public async Task Marks_every_message_a_transient_failure_when_the_server_cannot_be_reached()
    {
        int port;
        await using (var sink = await SmtpSink.StartAsync())
        {
            port = sink.Port;
        }

        var sender = new EmailSender(Options.Create(Config(port, 0)), new FakeTimeProvider(Now), NullLogger<EmailSender>.Instance);

        var results = await sender.SendBatchAsync([Message("a@example.org"), Message("bad"), Message("c@example.org")], CancellationToken.None);

        Assert.Equal([EmailSendStatus.TransientFailure, EmailSendStatus.InvalidAddress, EmailSendStatus.TransientFailure], results.Select(r => r.Status));
    }

    [Fact]
    public async Task Logs_recipients_only_redacted()
    {
        await using var sink = await SmtpSink.StartAsync();
        using var logs = new ListLoggerProvider();
        var sender = new EmailSender(Options.Create(Config(sink.Port, 0)), new FakeTimeProvider(Now), logs.CreateLogger<EmailSender>());

        await sender.SendBatchAsync([Message("ada@example.org"), Message("bounce.me@example.org"), Message("no address")], CancellationToken.None);

        Assert.NotEmpty(logs.Entries);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("ada@", StringComparison.Ordinal) || e.Message.Contains("bounce.me@", StringComparison.Ordinal) || e.Message.Contains("no address", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Message.Contains("b***@example.org", StringComparison.Ordinal) && e.Message.Contains("550", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Never_logs_the_password_when_authentication_fails_and_leaves_the_batch_for_a_retry()
    {
        // aiosmtpd offers no AUTH over plain text, so MailKit cannot authenticate: the batch fails as a whole.
        await using var sink = await SmtpSink.StartAsync();
        using var logs = new ListLoggerProvider();
        var options = Config(sink.Port, 0);
        options.Smtp.User = "roundup";
        options.Smtp.Password = "s3cret-Pa55";
        var sender = new EmailSender(Options.Create(options), new FakeTimeProvider(Now), logs.CreateLogger<EmailSender>());

        var results = await sender.SendBatchAsync([Message("ada@example.org")], CancellationToken.None);

        Assert.Equal(EmailSendStatus.TransientFailure, results.Single().Status);
        Assert.Empty(sink.Received);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public void AddEmail_registers_the_sender_once()
    {
        var services = new ServiceCollection().AddEmail().AddEmail();
        services.Configure<EmailOptions>(o => o.From = "roundup@example.org");
        using var provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(EmailSender));
        Assert.NotNull(provider.GetRequiredService<EmailSender>());
    }

    private static EmailSender Sender(SmtpSink sink, TimeProvider timeProvider, double messagesPerSecond = 0) =>
        new(Options.Create(Config(sink.Port, messagesPerSecond)), timeProvider, NullLogger<EmailSender>.Instance);

    private static EmailOptions Config(int port, double messagesPerSecond) => new()
    {
        Smtp = new SmtpOptions { Host = "127.0.0.1", Port = port, Security = SmtpSecurity.None },
        From = "Research Roundup <roundup@example.org>",
        ListId = "roundup.example.org",
        MessagesPerSecond = messagesPerSecond,
    };

    private static EmailMessage Message(string address, string? name = null) => new(
        address,
        name,
        "Research Roundup #12",
        "This week in research\n\nThree papers on retrieval.",
        "<html><body><h1>This week in research</h1><p>Three papers on retrieval.</p></body></html>",
        new Uri($"https://roundup.example.org/unsubscribe/{address}"),
        "unsubscribe@example.org");
}
