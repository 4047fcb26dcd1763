using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RoundupBot.Ingestion.Fetching;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of the fetch client: resolves the host itself and connects
/// only to addresses the guard allows. Every connection goes through it, the ones opened after a redirect too, and
/// it connects to exactly the address it checked, so a DNS answer cannot change between the check and the connect.
/// </summary>
internal sealed class GuardedConnector(IOptions<FetchOptions> options, ILogger<GuardedConnector> logger)
{
    /// <summary>Resolves a host name; tests replace it to fake DNS.</summary>
    internal Func<string, CancellationToken, Task<IPAddress[]>> Resolve { get; init; } = Dns.GetHostAddressesAsync;

    /// <summary>Whether an address may be reached when private addresses are not allowed; tests narrow it.</summary>
    internal Func<IPAddress, bool> IsAllowed { get; init; } = AddressGuard.IsPublic;

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endPoint = context.DnsEndPoint;
        var host = endPoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Resolve(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        var candidates = options.Value.AllowPrivateAddresses ? addresses : Array.FindAll(addresses, a => IsAllowed(a));
        if (candidates.Length == 0)
        {
            var refused = addresses[0];
            var description = AddressGuard.Describe(refused);
            Log.PrivateAddressRefused(logger, host, refused, description);
            var url = context.InitialRequestMessage.RequestUri ?? new Uri($"http://{endPoint.Host}:{endPoint.Port}/");
            throw new FetchException(
                FetchErrorKind.PrivateAddress,
                url,
                $"{new RedactedUrl(url)} resolves to {refused}, {description}; set Fetch:AllowPrivateAddresses to true to allow it.");
        }

        SocketException? lastFailure = null;
        foreach (var address in candidates)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                // Try the host's next address, as the default connect does for dual-stack hosts.
                socket.Dispose();
                lastFailure = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw lastFailure!;
    }
}
