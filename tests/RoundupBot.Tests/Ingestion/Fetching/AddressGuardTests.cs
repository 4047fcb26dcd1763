using System.Net;
using RoundupBot.Ingestion.Fetching;

namespace RoundupBot.Tests.Ingestion.Fetching;

public sealed class AddressGuardTests
{
    [Theory]
    [InlineData("127.0.0.1", "a loopback address")]
    [InlineData("127.255.255.254", "a loopback address")]
    [InlineData("0.0.0.0", "an unspecified address")]
    [InlineData("0.1.2.3", "an unspecified address")]
    [InlineData("10.0.0.1", "a private address")]
    [InlineData("10.255.255.255", "a private address")]
    [InlineData("172.16.0.1", "a private address")]
    [InlineData("172.31.255.255", "a private address")]
    [InlineData("192.168.1.10", "a private address")]
    [InlineData("100.64.0.1", "a shared (CGNAT) address")]
    [InlineData("100.127.255.255", "a shared (CGNAT) address")]
    [InlineData("169.254.169.254", "a link-local address")]
    [InlineData("224.0.0.1", "a multicast address")]
    [InlineData("239.255.255.250", "a multicast address")]
    [InlineData("255.255.255.255", "a reserved address")]
    [InlineData("240.0.0.1", "a reserved address")]
    [InlineData("192.0.2.1", "a documentation address")]
    [InlineData("::", "an unspecified address")]
    [InlineData("::1", "a loopback address")]
    [InlineData("fe80::1", "a link-local address")]
    [InlineData("fe80::1%2", "a link-local address")]
    [InlineData("febf::1", "a link-local address")]
    [InlineData("fec0::1", "a site-local address")]
    [InlineData("fc00::1", "a unique-local address")]
    [InlineData("fd12:3456:789a::1", "a unique-local address")]
    [InlineData("ff02::1", "a multicast address")]
    [InlineData("::ffff:127.0.0.1", "a loopback address")]
    [InlineData("::ffff:10.1.2.3", "a private address")]
    [InlineData("::ffff:169.254.169.254", "a link-local address")]
    [InlineData("::ffff:0.0.0.0", "an unspecified address")]
    [InlineData("::127.0.0.1", "a loopback address")]
    [InlineData("64:ff9b::192.168.0.1", "a private address")]
    [InlineData("2002:7f00:1::", "a loopback address")]
    [InlineData("2001:db8::1", "a documentation address")]
    [InlineData("100::1", "a reserved address")]
    public void Refuses_addresses_that_are_not_public(string text, string description)
    {
        var address = IPAddress.Parse(text);

        Assert.False(AddressGuard.IsPublic(address));
        Assert.Equal(description, AddressGuard.Describe(address));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("128.84.21.199")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("169.255.0.1")]
    [InlineData("223.255.255.254")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001:80b::200e")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::8.8.8.8")]
    [InlineData("2002:0808:0808::1")]
    public void Allows_public_addresses(string text)
    {
        var address = IPAddress.Parse(text);

        Assert.True(AddressGuard.IsPublic(address));
        Assert.Equal("a public address", AddressGuard.Describe(address));
    }
}
