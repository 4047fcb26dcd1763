namespace RoundupBot.Cli.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public async Task A_config_file_that_is_not_json_exits_with_2_and_names_it()
    {
        using var cli = new CliRun("{ this is not json");

        var result = await cli.RunAsync("sources", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(cli.ConfigPath, result.Error);
        Assert.Contains("is not valid JSON", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public async Task A_bad_value_exits_with_2_and_names_the_key()
    {
        using var cli = new CliRun("""{ "Sources": [{ "Url": "https://example.org/feed", "Kind": "podcast" }] }""");

        var result = await cli.RunAsync("fetch");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Sources:0:Kind must be one of rss, arxiv, html, huggingface or hackernews; got 'podcast'.", result.Error);
    }

    [Fact]
    public async Task A_smtp_password_without_tls_to_a_remote_host_exits_with_2_and_names_the_keys()
    {
        using var cli = new CliRun("""
            {
              "Email": { "Smtp": { "Host": "smtp.example.org", "Port": 25, "Security": "None", "User": "roundup", "Password": "s3cret-smtp-password" }, "From": "roundup@example.org" },
              "Security": { "SigningKey": "a-signing-key-for-tests-only-0123456789" },
              "Roundup": { "BaseUrl": "https://roundup.example.org" }
            }
            """);

        var result = await cli.RunAsync("sources", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Email:Smtp:Security is None while Email:Smtp:Password is set for the host 'smtp.example.org'", result.Error);
        Assert.DoesNotContain("s3cret-smtp-password", result.Out + result.Error);
    }

    [Fact]
    public async Task Bad_values_in_several_sections_exit_with_2_and_name_every_key()
    {
        using var cli = new CliRun("""
            {
              "Fetch": { "Interval": "00:00:01" },
              "Storage": { "Provider": "postgres", "ConnectionString": "Host=db", "CheckinInterval": "00:00:00" }
            }
            """);

        var result = await cli.RunAsync("sources", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Fetch:Interval must be between", result.Error);
        Assert.Contains("Storage:CheckinInterval must be between", result.Error);
        Assert.DoesNotContain("unexpected", result.Error);
    }

    [Fact]
    public async Task A_missing_config_file_exits_with_2()
    {
        using var cli = new CliRun("{}");
        File.Delete(cli.ConfigPath);

        var result = await cli.RunAsync("sources", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{cli.ConfigPath}: configuration file not found", result.Error);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("sources", "remove", "not-a-number")]
    [InlineData("sources", "add")]
    public async Task Bad_usage_exits_with_2(params string[] args)
    {
        using var cli = CliRun.WithSources();

        var result = await cli.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("roundup --help", result.Error);
    }

    [Fact]
    public async Task A_refused_connection_is_one_readable_line_without_a_stack_trace()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var cli = CliRun.WithSources();

        var result = await cli.RunAsync("sources", "check", $"http://127.0.0.1:{port}/feed.xml");

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"roundup: Could not fetch http://127.0.0.1:{port}/feed.xml", line);
    }

    [Fact]
    public async Task An_empty_store_says_how_to_add_sources()
    {
        using var cli = CliRun.WithSources();

        var result = await cli.RunAsync("sources", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("roundup sources add URL", result.Out);
    }
}
