using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Publishing.Email;
using RoundupBot.Publishing.Outbox;
using RoundupBot.Storage.Sqlite;
using RoundupBot.Tests.Storage;
using RoundupBot.Tests.TestSupport;
using RoundupBot.Tests.Web;
using RoundupBot.Web;

namespace RoundupBot.Tests.Publishing.Email;

/// <summary>The outbox's email channel against a real SMTP server (aiosmtpd) and a real SQLite store.</summary>
public sealed class EmailPublisherTests : IAsyncLifetime
{
    private const string SigningKey = "email-publisher-tests-signing-key-0123456789";
    private readonly TempDatabase _database = new();
    private SqliteStore _store = null!;

    public async Task InitializeAsync() => _store = await _database.OpenMigratedAsync();

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task An_archived_issue_reaches_every_confirmed_subscriber_once_with_their_own_unsubscribe_link()
    {
        await using var sink = await SmtpSink.StartAsync();
        var ada = await SubscribeAsync("ada@example.org");
        var bob = await SubscribeAsync("Bob@Example.org");
        await SubscribeAsync("pending@example.org", SubscriberStatus.Pending);
        var gone = await SubscribeAsync("gone@example.org");
        await _store.SetSubscriberStatusAsync(gone.Id, SubscriberStatus.Unsubscribed, Now, CancellationToken.None);
        await ArchiveAsync(1);

        var report = await Outbox(sink).PublishDueAsync(CancellationToken.None);
        var again = await Outbox(sink).PublishDueAsync(CancellationToken.None);

        Assert.Equal(2, report.Sent);
        Assert.Equal(PublishReport.Empty, again);
        var received = sink.Received;
        Assert.Equal(["ada@example.org", "Bob@Example.org"], received.Select(r => r.Recipients.Single()));
        var tokens = Tokens();
        foreach (var (email, subscriber) in received.Zip([ada, bob]))
        {
            var message = email.Message;
            Assert.Equal("Roundup #1", message.Subject);
            var header = message.Headers["List-Unsubscribe"]!.Trim();
            var url = header[1..header.IndexOf('>', StringComparison.Ordinal)];
            Assert.StartsWith("https://roundup.example.org/unsubscribe?token=", url, StringComparison.Ordinal);
            Assert.EndsWith(", <mailto:roundup@example.org?subject=unsubscribe>", header, StringComparison.Ordinal);
            Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
            var check = tokens.Verify(url[(url.IndexOf('=', StringComparison.Ordinal) + 1)..], TokenPurpose.Unsubscribe);
            Assert.True(check.IsValid);
            Assert.Equal(subscriber.Id, check.SubscriberId);
            Assert.True(tokens.IsFor(check, subscriber.Address));
            // The link names the subscriber by an opaque reference: no address in it, in any spelling.
            var token = url[(url.IndexOf('=', StringComparison.Ordinal) + 1)..];
            Assert.Equal(-1, System.Buffers.Text.Base64Url.DecodeFromChars(token).AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(subscriber.Address.ToLowerInvariant())));
            var alternative = Assert.IsType<MultipartAlternative>(message.Body);
            var text = ((TextPart)alternative[0]).Text;
            var html = ((TextPart)alternative[1]).Text;
            Assert.Contains("Unsubscribe: " + url, text, StringComparison.Ordinal);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(url), html, StringComparison.Ordinal);
            Assert.Contains("https://roundup.example.org/digests/1", text, StringComparison.Ordinal);
            Assert.DoesNotContain("ROUNDUP0UNSUBSCRIBE0TOKEN0MARKER", email.Raw, StringComparison.Ordinal);
            foreach (var section in TestWebServer.SampleDigest(1).Sections)
            {
                Assert.Contains(section.Title, text, StringComparison.Ordinal);
                Assert.Contains(System.Net.WebUtility.HtmlEncode(section.Title), html, StringComparison.Ordinal);
            }
        }

        var deliveries = await _store.ListDeliveriesAsync(1, CancellationToken.None);
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        Assert.All(deliveries, d => Assert.Equal(1, d.Attempts));
    }

    [Fact]
    public async Task A_refused_address_fails_with_the_reply_and_three_refusals_in_a_row_pause_the_subscriber()
    {
        await using var sink = await SmtpSink.StartAsync();
        var bounce = await SubscribeAsync("bounce@example.org");
        await SubscribeAsync("ada@example.org");

        for (var number = 1; number <= 4; number++)
        {
            await ArchiveAsync(number);
            await Outbox(sink).PublishDueAsync(CancellationToken.None);
        }

        var failed = (await _store.ListDeliveriesAsync(1, CancellationToken.None)).Single(d => d.SubscriberId == bounce.Id);
        Assert.Equal(DeliveryStatus.Failed, failed.Status);
        Assert.Contains("550", failed.LastError, StringComparison.Ordinal);
        Assert.Contains("User unknown", failed.LastError, StringComparison.Ordinal);
        var paused = await _store.GetSubscriberAsync(bounce.Id, CancellationToken.None);
        Assert.Equal(SubscriberStatus.Paused, paused!.Status);
        Assert.Equal(3, paused.Bounces);
        // Paused after issue 3: issue 4 is not even queued for them; the good address got all four.
        Assert.DoesNotContain(await _store.ListDeliveriesAsync(4, CancellationToken.None), d => d.SubscriberId == bounce.Id);
        Assert.Equal(4, sink.Received.Count(r => r.Recipients.Single() == "ada@example.org"));
    }

    [Fact]
    public async Task A_sent_issue_clears_earlier_strikes()
    {
        await using var sink = await SmtpSink.StartAsync();
        var reader = await SubscribeAsync("reader@example.org");
        await ArchiveAsync(1);
        var delivery = await _store.ClaimDeliveryAsync(DeliveryChannel.Email, "test", Now, TimeSpan.FromMinutes(1), CancellationToken.None);
        await _store.CompleteDeliveryAsync(delivery!.Id, new DeliveryOutcome(DeliveryStatus.Failed, "550 mailbox full", Bounce: true), Now, CancellationToken.None);
        Assert.Equal(1, (await _store.GetSubscriberAsync(reader.Id, CancellationToken.None))!.Bounces);

        await ArchiveAsync(2);
        await Outbox(sink).PublishDueAsync(CancellationToken.None);

        var after = await _store.GetSubscriberAsync(reader.Id, CancellationToken.None);
        Assert.Equal(0, after!.Bounces);
        Assert.Null(after.LastError);
    }

    [Fact]
    public async Task A_deferred_address_is_retried_after_growing_pauses_and_given_up_after_the_last_attempt()
    {
        await using var sink = await SmtpSink.StartAsync();
        var deferred = await SubscribeAsync("defer@example.org");
        await ArchiveAsync(1);

        var first = await Outbox(sink).PublishDueAsync(CancellationToken.None);
        var delivery = (await _store.ListDeliveriesAsync(1, CancellationToken.None)).Single();
        Assert.Equal(1, first.Retrying);
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        Assert.Equal(Now + TimeSpan.FromMinutes(5), delivery.NextAttemptAt);
        Assert.Contains("451", delivery.LastError, StringComparison.Ordinal);

        // Not due yet: nothing happens.
        _database.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(PublishReport.Empty, await Outbox(sink).PublishDueAsync(CancellationToken.None));

        var pauses = new List<TimeSpan>();
        for (var attempt = 2; attempt <= EmailPublisher.MaxAttempts; attempt++)
        {
            var before = (await _store.ListDeliveriesAsync(1, CancellationToken.None)).Single();
            _database.Time.SetUtcNow(before.NextAttemptAt!.Value);
            await Outbox(sink).PublishDueAsync(CancellationToken.None);
            var after = (await _store.ListDeliveriesAsync(1, CancellationToken.None)).Single();
            Assert.Equal(attempt, after.Attempts);
            if (after.NextAttemptAt is { } next)
            {
                pauses.Add(next - _database.Time.GetUtcNow());
            }
        }

        var final = (await _store.ListDeliveriesAsync(1, CancellationToken.None)).Single();
        Assert.Equal(DeliveryStatus.Failed, final.Status);
        Assert.StartsWith($"Gave up after {EmailPublisher.MaxAttempts} attempts", final.LastError, StringComparison.Ordinal);
        Assert.Equal([TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(135), TimeSpan.FromMinutes(405)], pauses);
        // A temporary refusal is not the reader's fault: no strike.
        Assert.Equal(0, (await _store.GetSubscriberAsync(deferred.Id, CancellationToken.None))!.Bounces);
        Assert.Empty(sink.Received);
    }

    [Fact]
    public async Task With_the_server_down_the_issue_waits_in_the_queue_and_goes_out_whole_once_it_is_back()
    {
        for (var i = 0; i < 5; i++)
        {
            await SubscribeAsync($"reader{i}@example.org");
        }

        await ArchiveAsync(1);
        var closedPort = SmtpSinkPort();
        var down = await Outbox(closedPort).PublishDueAsync(CancellationToken.None);
        var waiting = await _store.ListDeliveriesAsync(1, CancellationToken.None);

        Assert.Equal(0, down.Sent);
        Assert.Equal(1, down.Retrying);
        Assert.All(waiting, d => Assert.Equal(DeliveryStatus.Pending, d.Status));
        // Only the one that found the server down counts an attempt; the rest were never tried.
        Assert.Equal(1, waiting.Sum(d => d.Attempts));

        await using var sink = await SmtpSink.StartAsync();
        _database.Time.Advance(TimeSpan.FromMinutes(5));
        var up = await Outbox(sink).PublishDueAsync(CancellationToken.None);

        Assert.Equal(5, up.Sent);
        Assert.Equal(5, sink.Received.Select(r => r.Recipients.Single()).Distinct().Count());
    }

    [Fact]
    public async Task A_server_that_drops_the_connection_mid_issue_still_delivers_everyone_exactly_once()
    {
        await using var sink = await SmtpSink.StartAsync(dropAfter: 3);
        for (var i = 0; i < 8; i++)
        {
            await SubscribeAsync($"reader{i}@example.org");
        }

        await ArchiveAsync(1);
        var report = await Outbox(sink).PublishDueAsync(CancellationToken.None);

        Assert.Equal(8, report.Sent);
        var recipients = sink.Received.Select(r => r.Recipients.Single()).ToList();
        Assert.Equal(8, recipients.Count);
        Assert.Equal(8, recipients.Distinct().Count());
        Assert.Equal(2, sink.Received.Select(r => r.PeerPort).Distinct().Count());
    }

    [Fact]
    public async Task A_subscriber_who_leaves_after_the_issue_is_queued_is_skipped()
    {
        await using var sink = await SmtpSink.StartAsync();
        var leaver = await SubscribeAsync("leaver@example.org");
        await SubscribeAsync("stayer@example.org");
        await ArchiveAsync(1);
        await _store.SetSubscriberStatusAsync(leaver.Id, SubscriberStatus.Unsubscribed, Now, CancellationToken.None);

        var report = await Outbox(sink).PublishDueAsync(CancellationToken.None);

        Assert.Equal(1, report.Sent);
        Assert.Equal(1, report.Skipped);
        Assert.Equal(["stayer@example.org"], sink.Received.Select(r => r.Recipients.Single()));
        var skipped = (await _store.ListDeliveriesAsync(1, CancellationToken.None)).Single(d => d.SubscriberId == leaver.Id);
        Assert.Equal(DeliveryStatus.Skipped, skipped.Status);
        Assert.Equal("The subscriber is unsubscribed now.", skipped.LastError);
    }

    [Fact]
    public async Task Header_injection_in_the_issue_title_cannot_add_a_header()
    {
        await using var sink = await SmtpSink.StartAsync();
        await SubscribeAsync("ada@example.org");
        var digest = TestWebServer.SampleDigest(1) with { Title = "Roundup #1\r\nBcc: victim@example.org\r\nX-Injected: yes" };
        await _store.SaveDigestAsync(digest, Now, [DeliveryChannel.Email], CancellationToken.None);

        await Outbox(sink).PublishDueAsync(CancellationToken.None);

        var received = Assert.Single(sink.Received);
        Assert.Equal(["ada@example.org"], received.Recipients);
        Assert.Null(received.Message.Headers["X-Injected"]);
        Assert.Empty(received.Message.Bcc);
        Assert.StartsWith("Roundup #1", received.Message.Subject, StringComparison.Ordinal);
    }

    private static DateTimeOffset Now => new(2024, 1, 15, 8, 0, 0, TimeSpan.Zero);

    private async Task<Subscriber> SubscribeAsync(string email, SubscriberStatus status = SubscriberStatus.Confirmed) =>
        (await _store.SubscribeAsync(email, status, _database.Time.GetUtcNow(), CancellationToken.None)).Subscriber;

    private Task ArchiveAsync(int number) =>
        _store.SaveDigestAsync(TestWebServer.SampleDigest(number) with { Title = $"Roundup #{number}" }, _database.Time.GetUtcNow(), [DeliveryChannel.Email], CancellationToken.None);

    private SubscriptionTokens Tokens() => new(Options.Create(new SecurityOptions { SigningKey = SigningKey }), _database.Time);

    private DeliveryOutbox Outbox(SmtpSink sink) => Outbox(sink.Port);

    private DeliveryOutbox Outbox(int port)
    {
        var email = Options.Create(new EmailOptions
        {
            Smtp = new SmtpOptions { Host = "127.0.0.1", Port = port, Security = SmtpSecurity.None },
            From = "Research Roundup <roundup@example.org>",
            ListId = "roundup.example.org",
            MessagesPerSecond = 0,
        });
        var roundup = Options.Create(new RoundupOptions { BaseUrl = "https://roundup.example.org" });
        var publisher = new EmailPublisher(
            _store,
            new EmailSender(email, _database.Time, NullLogger<EmailSender>.Instance),
            Tokens(),
            email,
            roundup,
            _database.Time,
            NullLogger<EmailPublisher>.Instance);
        return new DeliveryOutbox([publisher], _store, _database.Time, Microsoft.Extensions.Options.Options.Create(new RoundupBot.Storage.StorageOptions()), NullLogger<DeliveryOutbox>.Instance);
    }

    /// <summary>A loopback port nothing listens on.</summary>
    private static int SmtpSinkPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
