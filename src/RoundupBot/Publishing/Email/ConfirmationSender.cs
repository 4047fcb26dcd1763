using System.Globalization;
using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoundupBot.Pipeline;

namespace RoundupBot.Publishing.Email;

/// <summary>
/// Sends the confirmation emails the subscribe form queued (<see cref="PendingConfirmations"/>), in the background of
/// <c>roundup serve</c>: whatever is waiting goes out through one SMTP connection. A failed email is logged and
/// forgotten, so the visitor may ask again at once; emails still queued when the service stops are not sent.
/// </summary>
public sealed class ConfirmationSender(
    PendingConfirmations queue,
    EmailSender sender,
    SubscriptionTokens tokens,
    IOptions<RoundupOptions> roundup,
    ILogger<ConfirmationSender> logger) : BackgroundService
{
    /// <summary>The most emails sent through one connection before the queue is looked at again.</summary>
    public const int MaxBatch = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = queue.Reader;
        while (await reader.WaitToReadAsync(stoppingToken))
        {
            var batch = new List<ConfirmationRequest>(MaxBatch);
            while (batch.Count < MaxBatch && reader.TryRead(out var request))
            {
                batch.Add(request);
            }

            try
            {
                await SendAsync(batch, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A bug or a misconfiguration must not stop later confirmations: say so and go on.
                Log.ConfirmationBatchFailed(logger, batch.Count, ex);
                foreach (var request in batch)
                {
                    queue.Forget(request.Address);
                }
            }
        }
    }

    private async Task SendAsync(List<ConfirmationRequest> batch, CancellationToken cancellationToken)
    {
        var title = roundup.Value.Title;
        var messages = batch.Select(request =>
        {
            var link = $"{request.BaseUrl.TrimEnd('/')}/confirm?token={tokens.Create(TokenPurpose.Confirm, request.SubscriberId, request.Address, null)}";
            var text = string.Create(CultureInfo.InvariantCulture,
                $"Please confirm that you want to receive \"{title}\" every week:\n\n{link}\n\nThe link works for {SubscriptionTokens.DefaultConfirmLifetime.TotalDays:0} days. If you did not ask for this, ignore this email: nothing will be sent to you.\n");
            var html = string.Create(CultureInfo.InvariantCulture,
                $"<p>Please confirm that you want to receive <strong>{WebUtility.HtmlEncode(title)}</strong> every week:</p><p><a href=\"{WebUtility.HtmlEncode(link)}\">Confirm my subscription</a></p><p>The link works for {SubscriptionTokens.DefaultConfirmLifetime.TotalDays:0} days. If you did not ask for this, ignore this email: nothing will be sent to you.</p>");
            return new EmailMessage(request.Address, null, $"Confirm your subscription to {title}", text, html, UnsubscribeUrl: null, UnsubscribeMailto: null);
        }).ToList();

        var results = await sender.SendBatchAsync(messages, cancellationToken);
        for (var i = 0; i < batch.Count; i++)
        {
            if (results[i].Status != EmailSendStatus.Sent)
            {
                Log.ConfirmationNotSent(logger, batch[i].SubscriberId, results[i].Status.ToString());
                queue.Forget(batch[i].Address);
            }
        }
    }
}
