using System.Net;
using System.Net.Sockets;

namespace RoundupBot.Ingestion.Fetching;

/// <summary>
/// Classifies IP addresses for the private-address guard: fetching must not reach the machine itself or its
/// network unless <c>Fetch:AllowPrivateAddresses</c> is true, because source URLs come from users and feeds.
/// </summary>
/// <remarks>
/// Refused: unspecified, loopback, private (10/8, 172.16/12, 192.168/16), shared CGNAT (100.64/10), link-local
/// (169.254/16, fe80::/10), unique-local (fc00::/7), site-local (fec0::/10), multicast, reserved and documentation
/// ranges, and the same addresses embedded in IPv6 (IPv4-mapped, IPv4-compatible, NAT64 64:ff9b::/96, 6to4 2002::/16).
/// </remarks>
public static class AddressGuard
{
    private const string Public = "a public address";

    /// <summary>True when <paramref name="address"/> is a public unicast address that fetching may connect to.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
    public static bool IsPublic(IPAddress address) => ReferenceEquals(Describe(address), Public);

    /// <summary>
    /// Names the kind of address for messages: "a loopback address", "a private address", "a link-local address",
    /// …, or "a public address".
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
    public static string Describe(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => DescribeV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => DescribeV6(address.GetAddressBytes()),
            _ => "an address of an unknown family",
        };
    }

    private static string DescribeV4(ReadOnlySpan<byte> b) => (b[0], b[1], b[2]) switch
    {
        (0, _, _) => "an unspecified address",
        (127, _, _) => "a loopback address",
        (10, _, _) => "a private address",
        (172, >= 16 and <= 31, _) => "a private address",
        (192, 168, _) => "a private address",
        (100, >= 64 and <= 127, _) => "a shared (CGNAT) address",
        (169, 254, _) => "a link-local address",
        (>= 224 and <= 239, _, _) => "a multicast address",
        (>= 240, _, _) => "a reserved address",
        (192, 0, 0) => "a reserved address",
        (192, 0, 2) or (198, 51, 100) or (203, 0, 113) => "a documentation address",
        (198, 18 or 19, _) => "a reserved address",
        _ => Public,
    };

    private static string DescribeV6(ReadOnlySpan<byte> b)
    {
        var firstTenZero = !b[..10].ContainsAnyExcept((byte)0);
        if (firstTenZero && b[10] == 0xff && b[11] == 0xff)
        {
            return DescribeV4(b[12..]); // IPv4-mapped ::ffff:a.b.c.d
        }

        if (firstTenZero && b[10] == 0 && b[11] == 0)
        {
            if (!b[12..15].ContainsAnyExcept((byte)0))
            {
                return b[15] switch
                {
                    0 => "an unspecified address",
                    1 => "a loopback address",
                    _ => "a reserved address",
                };
            }

            return DescribeV4(b[12..]); // deprecated IPv4-compatible ::a.b.c.d
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && !b[4..12].ContainsAnyExcept((byte)0))
        {
            return DescribeV4(b[12..]); // NAT64 64:ff9b::a.b.c.d reaches the embedded IPv4 address
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return DescribeV4(b[2..6]); // 6to4 2002:aabb:ccdd:: tunnels to the embedded IPv4 address
        }

        return b[0] switch
        {
            0xff => "a multicast address",
            0xfe when (b[1] & 0xc0) == 0x80 => "a link-local address",
            0xfe when (b[1] & 0xc0) == 0xc0 => "a site-local address",
            0xfc or 0xfd => "a unique-local address",
            0x01 when b[1] == 0 && !b[2..8].ContainsAnyExcept((byte)0) => "a reserved address",
            0x20 when b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8 => "a documentation address",
            _ when (b[0] & 0xe0) != 0x20 => "a reserved address", // only 2000::/3 is global unicast
            _ => Public,
        };
    }
}
