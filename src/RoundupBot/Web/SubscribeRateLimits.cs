using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RoundupBot.Web.Pages;

namespace RoundupBot.Web;

/// <summary>
/// The subscribe form's rate limits, on ASP.NET Core's rate limiter: <see cref="ClientPolicy"/> counts the requests of
/// one client address (endpoint policy), <see cref="AddressPolicy"/> those for one email address, whoever sends them
/// (checked by the endpoint once it has read and normalized the address). Both count in fixed windows of
/// <c>Email:Subscribe:Window</c>; a request over either limit is answered 429 with <c>Retry-After</c> and a page.
/// </summary>
public static class SubscribeRateLimits
{
    /// <summary>The endpoint policy on <c>POST /subscribe</c>: <c>Email:Subscribe:ClientLimit</c> per client address.</summary>
    public const string ClientPolicy = "subscribe-client";

    /// <summary>The limiter the endpoint applies per email address: <c>Email:Subscribe:AddressLimit</c>.</summary>
    public const string AddressPolicy = "subscribe-address";

    /// <summary>Registers both limits; the application must call <c>UseRateLimiter()</c> after <c>UseRouting()</c>.</summary>
    public static IServiceCollection AddSubscribeRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(o => o.AddPolicy<string, SubscribeClientPolicy>(ClientPolicy));
        services.TryAddSingleton<SubscribeAddressLimiter>();
        return services;
    }

    /// <summary>
    /// The partition of a client: its IPv4 address, or the /64 of an IPv6 one (one home or server gets a whole /64, so
    /// counting single IPv6 addresses would limit nothing). Behind a reverse proxy every visitor is the proxy's address.
    /// </summary>
    internal static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>The 429 answer: sets <c>Retry-After</c> (whole seconds, at least 1) on <paramref name="response"/> and returns a page saying when to try again.</summary>
    internal static IResult TooManyRequests(HttpResponse response, TimeSpan? retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((retryAfter ?? TimeSpan.FromMinutes(1)).TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var wait = seconds < 120
            ? string.Create(CultureInfo.InvariantCulture, $"{seconds} seconds")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)Math.Ceiling(seconds / 60.0)} minutes");
        return new RazorComponentResult<TooManyRequests>(new { Wait = wait }) { StatusCode = StatusCodes.Status429TooManyRequests };
    }
}
