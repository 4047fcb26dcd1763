namespace RoundupBot.Cli.Tests;

public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_with_a_too_short_admin_token_exits_2_naming_the_key()
    {
        using var cli = new CliRun("""{ "Admin": { "Token": "short" } }""");

        var result = await cli.RunAsync("serve", "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("roundup: configuration: Admin:Token must be at least 16 characters; got 5.", result.Error.Trim());
    }

    [Fact]
    public async Task Serve_with_a_missing_configuration_file_exits_2()
    {
        using var cli = new CliRun("{}");
        File.Delete(cli.ConfigPath);

        var result = await cli.RunAsync("serve");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("configuration file not found", result.Error);
    }

    [Fact]
    public async Task Serve_with_invalid_JSON_exits_2_naming_the_line()
    {
        using var cli = new CliRun("{\n  \"Admin\": {\n}");

        var result = await cli.RunAsync("serve");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not valid JSON", result.Error);
    }
}
