using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RoundupBot.Storage;

namespace RoundupBot.Web;

/// <summary>
/// A request that fails because the store does (the database went away) gets a plain 503 with <c>Retry-After</c>, and
/// the log one line naming the database: otherwise the visitor saw an empty 500 and the log a stack trace per request.
/// </summary>
public static class StoreOutageResponses
{
    /// <summary>The <c>Retry-After</c> sent with the 503, in seconds.</summary>
    public const int RetryAfterSeconds = 30;

    /// <summary>Runs first, so that it sees the store's failures from every page, form and endpoint.</summary>
    public static IApplicationBuilder UseStoreOutageResponses(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (StoreException ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StoreOutageResponses).FullName!);
            Log.RequestFailedOnStore(logger, context.Request.Method, context.Request.Path, ex.Message);
            context.Response.Clear();
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Results.Text("The roundup cannot reach its database right now; try again in a minute.", statusCode: StatusCodes.Status503ServiceUnavailable)
                .ExecuteAsync(context);
        }
    });
}
