using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;

namespace RoundupBot.Cli.Tests;

public sealed class CliHostTests
{
    // Commands build their services without ValidateOnBuild (it is a tenth of a short command's start-up), so this is
    // where a registration that cannot be built is caught: every service, with and without the scheduler's.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_service_a_command_can_ask_for_can_be_built(bool scheduler)
    {
        using var cli = new CliRun("""{ "Sources": [{ "Name": "Blog", "Url": "https://blog.example.org/feed" }] }""");
        var root = new RootCommand { GlobalOptions.Config, GlobalOptions.Data, GlobalOptions.Verbose };
        var parseResult = root.Parse(["--config", cli.ConfigPath, "--data", Path.Combine(cli.Directory, "data")]);

        var services = CliHost.CreateServices(parseResult, new CliHostOptions(Scheduler: scheduler));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.NotEmpty(services);
    }
}
