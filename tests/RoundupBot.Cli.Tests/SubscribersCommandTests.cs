namespace RoundupBot.Cli.Tests;

public sealed class SubscribersCommandTests
{
    [Fact]
    public async Task Add_list_and_remove_an_email_subscriber()
    {
        using var cli = CliRun.WithSources();

        var add = await cli.RunAsync("subscribers", "add-email", "ada@example.org");
        var again = await cli.RunAsync("subscribers", "add-email", "ADA@example.org");
        var list = await cli.RunAsync("subscribers", "list", "--json");
        var table = await cli.RunAsync("subscribers", "list");
        var remove = await cli.RunAsync("subscribers", "remove", "1");
        var removeAgain = await cli.RunAsync("subscribers", "remove", "1");

        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Contains("Subscriber 1: ada@example.org is confirmed", add.Out);
        Assert.Contains("was already confirmed; nothing changed", again.Out);
        var subscriber = Assert.Single(list.Json().EnumerateArray());
        Assert.Equal("ada@example.org", subscriber.GetProperty("address").GetString());
        Assert.Equal("confirmed", subscriber.GetProperty("status").GetString());
        Assert.Matches(@"1\s+email\s+ada@example.org\s+confirmed", table.Out);
        Assert.Contains("Removed subscriber 1.", remove.Out);
        Assert.Equal(2, removeAgain.ExitCode);
        Assert.Contains("there is no subscriber with id 1", removeAgain.Error);
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("Ada <ada@example.org>")]
    [InlineData("ada@localhost")]
    [InlineData("ada@example.org\r\nBcc: victim@example.org")]
    public async Task An_invalid_address_is_refused_and_nothing_is_stored(string address)
    {
        using var cli = CliRun.WithSources();

        var add = await cli.RunAsync("subscribers", "add-email", address);
        var list = await cli.RunAsync("subscribers", "list", "--json");

        Assert.Equal(2, add.ExitCode);
        Assert.Contains("is not an email address", add.Error);
        Assert.Equal(0, list.Json().GetArrayLength());
    }
}
