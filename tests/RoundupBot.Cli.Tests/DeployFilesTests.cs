using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using RoundupBot.Configuration;
using RoundupBot.Ingestion;
using RoundupBot.Ingestion.Fetching;
using RoundupBot.Pipeline;
using RoundupBot.Publishing.Discord;
using RoundupBot.Publishing.Email;
using RoundupBot.Storage;
using RoundupBot.Summarization;
using RoundupBot.Tests.TestSupport;
using RoundupBot.Web;
using Xunit.Abstractions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace RoundupBot.Cli.Tests;

/// <summary>
/// The files in deploy/: the compose file and its env examples, the Dockerfile and the systemd units, checked against the
/// program they deploy. There is no container engine on the development machine or in CI, so the image is never built;
/// instead the compose flow runs with real processes: the role script, <c>roundup schema apply</c> as the owner, and two
/// <c>roundup serve</c> as a role that may not create tables, with the compose file's own commands and variables.
/// </summary>
[Collection(WallClockTiming.Name)]
public sealed partial class DeployFilesTests(ITestOutputHelper output)
{
    private const string Prefix = RoundupConfiguration.EnvironmentPrefix;
    private const string InstancePort = "8080";

    private static readonly string[] Instances = ["roundup-a", "roundup-b"];

    /// <summary>The configuration's sections. The program binds each strictly but never looks at a section it does not know.</summary>
    private static readonly string[] Sections =
    [
        RoundupOptions.SectionName, SourcesOptions.SectionName, FetchOptions.SectionName, SummarizerOptions.SectionName,
        DiscordOptions.SectionName, EmailOptions.SectionName, StorageOptions.SectionName, AdminOptions.SectionName,
        SecurityOptions.SectionName,
    ];

    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    [Fact]
    public void Compose_runs_postgres_a_one_shot_schema_step_and_two_instances_of_the_image()
    {
        var compose = ComposeFile.Load();

        Assert.Equal(["postgres", "roundup-a", "roundup-b", "schema"], compose.ServiceNames.Order(StringComparer.Ordinal));

        var postgres = compose.Service("postgres");
        var image = compose.Text(postgres, "image");
        Assert.Matches(PostgresImage(), image);
        Assert.True(int.Parse(PostgresImage().Match(image).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 16, $"postgres image {image}: 16 or later");
        Assert.Equal(["postgres.env"], compose.EnvFiles(postgres));
        Assert.Contains("pg_isready", string.Join(' ', compose.List(compose.Map(postgres, "healthcheck"), "test")), StringComparison.Ordinal);
        var dataVolume = compose.List(postgres, "volumes").Select(v => v.Split(':')).Single(v => v[1] == "/var/lib/postgresql/data")[0];
        Assert.Contains(dataVolume, compose.Map(compose.Root, "volumes").Keys.Cast<string>());
        var initdb = compose.List(postgres, "volumes").Select(v => v.Split(':')).Single(v => v[1] == "/docker-entrypoint-initdb.d")[0];
        Assert.True(File.Exists(Path.Combine(compose.Directory, initdb, "10-roundup-app-role.sh")), $"{initdb} holds the role script");

        var schema = compose.Service("schema");
        Assert.Equal(["schema", "apply"], compose.List(schema, "command"));
        Assert.Equal("service_healthy", compose.DependsOn(schema)["postgres"]);
        Assert.Equal("no", compose.Text(schema, "restart"));
        // postgres.env last: its owner connection string must win over the instances' one in secrets.env.
        Assert.Equal("postgres.env", compose.EnvFiles(schema)[^1]);

        var build = compose.Map(schema, "build");
        Assert.True(File.Exists(Path.Combine(compose.Directory, compose.Text(build, "context"), compose.Text(build, "dockerfile"))), "the build's Dockerfile exists");
        var hostPorts = new List<string>();
        foreach (var name in Instances)
        {
            var instance = compose.Service(name);
            Assert.Equal(compose.Text(schema, "image"), compose.Text(instance, "image"));
            Assert.Equal(["serve", "--urls", $"http://0.0.0.0:{InstancePort}"], compose.List(instance, "command"));
            var environment = compose.Environment(instance);
            Assert.Equal("postgres", environment[Prefix + "Storage__Provider"]);
            Assert.Equal("false", environment[Prefix + "Storage__ApplySchema"]);
            Assert.Equal(["secrets.env"], compose.EnvFiles(instance));
            Assert.Equal(new Dictionary<string, string> { ["postgres"] = "service_healthy", ["schema"] = "service_completed_successfully" }, compose.DependsOn(instance));
            Assert.Equal("unless-stopped", compose.Text(instance, "restart"));
            var port = Assert.Single(compose.List(instance, "ports")).Split(':');
            Assert.Equal(InstancePort, port[^1]);
            hostPorts.Add(port[^2]);
            Assert.Contains($"http://127.0.0.1:{InstancePort}/healthz", compose.List(compose.Map(instance, "healthcheck"), "test"));
            Assert.Contains(compose.List(instance, "volumes"), v => v.EndsWith(":/data", StringComparison.Ordinal));
        }

        Assert.Equal(hostPorts.Count, hostPorts.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_ROUNDUP_variable_in_compose_and_the_env_examples_names_a_configuration_key_and_each_container_gets_a_valid_configuration()
    {
        var compose = ComposeFile.Load();
        string[] containers = ["schema", .. Instances];
        foreach (var name in containers)
        {
            var variables = compose.EffectiveEnvironment(compose.Service(name)).Where(v => v.Key.StartsWith(Prefix, StringComparison.Ordinal)).ToDictionary();
            Assert.Contains(Prefix + "Storage__ConnectionString", variables.Keys);
            Assert.Empty(ConfigurationProblems(variables).Select(p => $"{name}: {p}"));
        }

        // The lines left commented out in the examples are meant to be switched on, with settings of their part that the
        // example cannot know (Email:Smtp:User, Discord:ApplicationId): they must name keys, of the right type.
        var commented = new[] { "secrets.env.example", "postgres.env.example" }
            .SelectMany(file => CommentedVariables(File.ReadAllLines(Path.Combine(compose.Directory, file))))
            .ToDictionary();
        Assert.Contains(Prefix + "Email__Smtp__Password", commented.Keys);
        Assert.Empty(ConfigurationProblems(commented, validate: false));
    }

    [Fact]
    public void The_configuration_check_catches_a_misspelt_section_a_misspelt_key_and_a_bad_value()
    {
        var problems = ConfigurationProblems(new Dictionary<string, string>
        {
            [Prefix + "Stroage__Provider"] = "postgres",
            [Prefix + "Admin__Tokn"] = "0123456789abcdef",
            [Prefix + "Fetch__Timeout"] = "30s",
        });

        Assert.Contains(problems, p => p.Contains("ROUNDUP__Stroage__Provider", StringComparison.Ordinal) && p.Contains("no section Stroage", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("unknown key(s) Tokn", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Fetch:Timeout must be a duration", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_secrets_files_are_ignored_by_git_and_docker_and_their_examples_hold_only_placeholders()
    {
        var compose = ComposeFile.Load();
        var envFiles = compose.ServiceNames.SelectMany(n => compose.Service(n).ContainsKey("env_file") ? compose.EnvFiles(compose.Service(n)) : []).Distinct().ToList();
        Assert.Equal(["postgres.env", "secrets.env"], envFiles.Order(StringComparer.Ordinal));
        foreach (var file in envFiles.Select(f => $"deploy/compose/{f}"))
        {
            Assert.True(await GitAsync("check-ignore", "--quiet", "--no-index", file) == 0, $"git ignores {file}");
            Assert.True(await GitAsync("ls-files", "--error-unmatch", file) != 0, $"{file} is not committed");
            Assert.True(DockerIgnored(file), $".dockerignore keeps {file} out of the build context");
            // Placeholders only: every value in the example says it must be changed.
            Assert.All(EnvFile(Path.Combine(Root.Value, file + ".example")), v => Assert.Contains("change-me", v.Value, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_Dockerfile_builds_with_the_sdk_and_runs_the_self_contained_roundup_serve_on_runtime_deps_as_a_non_root_user()
    {
        var stages = Dockerfile.Load();
        Assert.Equal(2, stages.Count);
        var (build, runtime) = (stages[0], stages[1]);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0 ", build.From + " ", StringComparison.Ordinal);
        // runtime-deps has no .NET runtime: the published program must carry its own.
        Assert.Equal("mcr.microsoft.com/dotnet/runtime-deps:10.0", runtime.From);

        var publish = Assert.Single(build.All("RUN"), r => r.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Contains("dotnet publish src/RoundupBot.Cli -c Release -a $TARGETARCH", publish, StringComparison.Ordinal);
        Assert.Contains("-o /app", publish, StringComparison.Ordinal);
        Assert.DoesNotContain("--self-contained false", publish, StringComparison.Ordinal);
        var shipped = await RunAsync("dotnet", ["msbuild", Path.Combine(Root.Value, "src/RoundupBot.Cli/RoundupBot.Cli.csproj"), "-nologo",
            "-p:RuntimeIdentifier=linux-x64", "-getProperty:SelfContained", "-getProperty:PublishReadyToRun", "-getProperty:PublishReadyToRunComposite"]);
        Assert.True(shipped.ExitCode == 0, shipped.ToString());
        var properties = JsonDocument.Parse(shipped.Out).RootElement.GetProperty("Properties");
        Assert.All(["SelfContained", "PublishReadyToRun", "PublishReadyToRunComposite"],
            name => Assert.True(properties.GetProperty(name).GetString() == "true", $"{name} is not true for a publish with a runtime: {shipped.Out}"));
        // Restore runs before the sources are copied, so it needs every project the executable references.
        var copied = build.All("COPY").SelectMany(c => c.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1]).ToList();
        foreach (var project in ProjectClosure("src/RoundupBot.Cli/RoundupBot.Cli.csproj"))
        {
            Assert.Contains(project, copied);
        }

        foreach (var source in copied.Concat(runtime.All("COPY").Where(c => !c.StartsWith("--from", StringComparison.Ordinal)).Select(c => c.Split(' ')[0])))
        {
            Assert.True(File.Exists(Path.Combine(Root.Value, source)) || Directory.Exists(Path.Combine(Root.Value, source)), $"COPY {source}: no such file in the repository");
            Assert.False(DockerIgnored(source.TrimEnd('/')), $"COPY {source}: excluded by .dockerignore");
        }

        Assert.Contains("--from=build /app /app", runtime.All("COPY"));
        Assert.Contains("config/roundup.json /etc/roundup/roundup.json", runtime.All("COPY"));
        Assert.Contains("ROUNDUP_DATA=/data", runtime.All("ENV"));
        Assert.Equal(InstancePort, runtime.Single("EXPOSE"));

        var user = runtime.Single("USER").Split(':');
        Assert.All(user, id => Assert.Matches("^[0-9]+$", id));
        Assert.NotEqual("0", user[0]);
        Assert.Contains(runtime.All("RUN"), r => r.Contains($"install -d -o {user[0]} -g {user[^1]}", StringComparison.Ordinal) && r.EndsWith(" /data", StringComparison.Ordinal));

        var healthcheck = runtime.Single("HEALTHCHECK");
        var probe = JsonSerializer.Deserialize<string[]>(healthcheck[(healthcheck.IndexOf(" CMD ", StringComparison.Ordinal) + 5)..])!;
        Assert.Equal("curl", probe[0]);
        Assert.Contains("--fail", probe);
        Assert.Equal($"http://127.0.0.1:{InstancePort}/healthz", probe[^1]);
        var installCurl = Assert.Single(runtime.All("RUN"), r => r.Contains("apt-get install", StringComparison.Ordinal));
        Assert.Contains("curl", installCurl, StringComparison.Ordinal);
        Assert.Contains("rm -rf /var/lib/apt/lists/*", installCurl, StringComparison.Ordinal);

        Assert.Equal(["/app/roundup", "--config", "/etc/roundup/roundup.json"], runtime.Exec("ENTRYPOINT"));
        Assert.Equal(["serve", "--urls", $"http://0.0.0.0:{InstancePort}"], runtime.Exec("CMD"));
        Assert.Equal("roundup", AssemblyName("src/RoundupBot.Cli/RoundupBot.Cli.csproj"));
    }

    [Fact]
    public async Task The_systemd_units_pass_systemd_analyze_verify_and_score_at_most_2_in_its_security_review()
    {
        const string analyze = "/usr/bin/systemd-analyze";
        if (!File.Exists(analyze))
        {
            Assert.Fail("The systemd unit test needs systemd-analyze (Debian's systemd package): apt-get install -y --no-install-recommends systemd");
        }

        // verify checks that ExecStart's program exists and that every dependency resolves, so it runs against a
        // scratch root with the distribution's own units, ours in /etc/systemd/system and a stand-in /opt/roundup/roundup.
        var root = Directory.CreateTempSubdirectory("roundup-systemd-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "usr", "lib", "systemd"));
            Assert.Equal(0, (await RunAsync("cp", ["-a", "/usr/lib/systemd/system", Path.Combine(root, "usr", "lib", "systemd")])).ExitCode);
            var units = Path.Combine(root, "etc", "systemd", "system");
            Directory.CreateDirectory(units);
            var names = Directory.GetFiles(Path.Combine(Root.Value, "deploy", "systemd")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(["roundup-fetch.service", "roundup-fetch.timer", "roundup.service"], names);
            foreach (var name in names)
            {
                File.Copy(Path.Combine(Root.Value, "deploy", "systemd", name!), Path.Combine(units, name!));
            }

            var program = Path.Combine(root, "opt", "roundup", "roundup");
            Directory.CreateDirectory(Path.GetDirectoryName(program)!);
            await File.WriteAllTextAsync(program, "#!/bin/sh\n");
            Assert.Equal(0, (await RunAsync("chmod", ["+x", program])).ExitCode);

            var verify = await RunAsync(analyze, ["verify", $"--root={root}", .. names.Select(n => $"/etc/systemd/system/{n}")]);
            // verify exits 0 on an unknown key or a value it cannot parse, and only says so: any output is a finding.
            Assert.True(verify.ExitCode == 0 && verify.Error.Trim().Length == 0 && verify.Out.Trim().Length == 0, $"systemd-analyze verify: {verify}");

            // The exposure level is 0 (locked down) to 10 (none); --threshold is on a 0–100 scale.
            var security = await RunAsync(analyze, ["security", "--offline=true", $"--root={root}", "--threshold=20", "/etc/systemd/system/roundup.service", "/etc/systemd/system/roundup-fetch.service"]);
            output.WriteLine(string.Join('\n', security.Out.Split('\n').Where(l => l.Contains("Overall exposure", StringComparison.Ordinal))));
            Assert.True(security.ExitCode == 0, $"systemd-analyze security: {security}");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void The_systemd_service_runs_roundup_serve_as_an_unprivileged_user_with_the_secrets_file_and_a_read_only_system()
    {
        foreach (var (file, command) in new[] { ("roundup.service", "serve"), ("roundup-fetch.service", "fetch") })
        {
            var service = SystemdSection(File.ReadAllLines(Path.Combine(Root.Value, "deploy", "systemd", file)), "Service");
            var execStart = Assert.Single(service["ExecStart"]).Split(' ');
            Assert.Equal("/opt/roundup/roundup", execStart[0]);
            Assert.Equal(["--config", "/etc/roundup/roundup.json", command], execStart[1..4]);
            Assert.NotEqual("root", Assert.Single(service["User"]));
            Assert.Equal(["-/etc/roundup/secrets.env"], service["EnvironmentFile"]);
            Assert.Equal(["ROUNDUP_DATA=/var/lib/roundup"], service["Environment"]);
            Assert.Equal(["roundup"], service["StateDirectory"]);
            Assert.Equal(["strict"], service["ProtectSystem"]);
            Assert.Equal(["/var/lib/roundup"], service["ReadWritePaths"]);
            Assert.Equal(["true"], service["NoNewPrivileges"]);
            Assert.Equal(["true"], service["PrivateTmp"]);
            Assert.Equal([""], service["CapabilityBoundingSet"]);
            // .NET's JIT needs memory it wrote to become executable: this option would stop the service at start.
            Assert.False(service.ContainsKey("MemoryDenyWriteExecute"), $"{file}: MemoryDenyWriteExecute breaks .NET");
        }

        var serve = SystemdSection(File.ReadAllLines(Path.Combine(Root.Value, "deploy", "systemd", "roundup.service")), "Service");
        Assert.EndsWith("serve --urls http://127.0.0.1:8080", Assert.Single(serve["ExecStart"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_compose_flow_applies_the_schema_as_the_owner_and_serves_from_two_instances_whose_role_may_not_create_tables()
    {
        var started = Stopwatch.StartNew();
        var compose = ComposeFile.Load();
        var runtime = Dockerfile.Load()[^1];
        var server = await PostgresServer.Shared;
        var database = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync("roundup_deploy")).Database!;
        var work = Directory.CreateTempSubdirectory("roundup-deploy-").FullName;
        var processes = new List<Process>();
        try
        {
            // postgres: the image runs initdb/ as the owner against POSTGRES_DB on first start; here against a new database.
            var postgres = compose.Service("postgres");
            var postgresEnvironment = compose.EffectiveEnvironment(postgres);
            var owner = compose.Environment(postgres)["POSTGRES_USER"];
            var databaseName = compose.Environment(postgres)["POSTGRES_DB"];
            var script = await RunAsync("bash", [Path.Combine(compose.Directory, "initdb", "10-roundup-app-role.sh")], new Dictionary<string, string>
            {
                ["POSTGRES_USER"] = PostgresServer.User,
                ["POSTGRES_DB"] = database,
                ["ROUNDUP_APP_PASSWORD"] = postgresEnvironment["ROUNDUP_APP_PASSWORD"],
                ["PGHOST"] = "127.0.0.1",
                ["PGPORT"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["PATH"] = $"{PostgresServer.BinDirectory}:{Environment.GetEnvironmentVariable("PATH")}",
            });
            Assert.True(script.ExitCode == 0, $"initdb script: {script}");

            var app = Retarget(compose.EffectiveEnvironment(compose.Service("roundup-a"))[Prefix + "Storage__ConnectionString"], server, database, databaseName);
            Assert.Equal("roundup_app", app.Username);
            await using (var connection = new NpgsqlConnection(app.ConnectionString))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand("CREATE TABLE should_fail (id int)", connection);
                var denied = await Assert.ThrowsAsync<PostgresException>(() => create.ExecuteNonQueryAsync());
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
            }

            // The image's configuration with no sources, so that nothing is fetched from the internet.
            var config = Path.Combine(work, "roundup.json");
            var shipped = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Root.Value, "config", "roundup.json")))!;
            shipped["Sources"] = new System.Text.Json.Nodes.JsonArray();
            await File.WriteAllTextAsync(config, shipped.ToJsonString());
            var data = Path.Combine(work, "data");
            string[] Container(string service) =>
            [
                .. runtime.Exec("ENTRYPOINT").Skip(1).Select(a => a == "/etc/roundup/roundup.json" ? config : a),
                .. compose.List(compose.Service(service), "command").Select(a => a == $"http://0.0.0.0:{InstancePort}" ? "http://127.0.0.1:0" : a),
            ];
            // The image's ROUNDUP_DATA=/data is one volume shared by the instances (compose.yaml): here one folder.
            Assert.Contains("ROUNDUP_DATA=/data", runtime.All("ENV"));
            Dictionary<string, string> ContainerEnvironment(string service)
            {
                var environment = compose.EffectiveEnvironment(compose.Service(service));
                environment[Prefix + "Storage__ConnectionString"] = Retarget(environment[Prefix + "Storage__ConnectionString"], server, database, databaseName).ConnectionString;
                environment["ROUNDUP_DATA"] = data;
                return environment;
            }

            // Before the schema step (what depends_on prevents), an instance only checks the schema and refuses to start.
            var early = await RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "roundup.dll"), .. Container("roundup-a")], ContainerEnvironment("roundup-a"));
            Assert.True(early.ExitCode == 1 && early.Error.Contains("Storage:ApplySchema is false", StringComparison.Ordinal), $"an instance before the schema step: {early}");

            var schemaEnvironment = ContainerEnvironment("schema");
            Assert.Equal(owner, new NpgsqlConnectionStringBuilder(schemaEnvironment[Prefix + "Storage__ConnectionString"]).Username);
            var schema = await RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "roundup.dll"), .. Container("schema")], schemaEnvironment);
            Assert.True(schema.ExitCode == 0, $"schema apply: {schema}");
            Assert.StartsWith("Schema applied", schema.Out, StringComparison.Ordinal);

            var starts = Instances.Select(name => StartServeAsync(name, Container(name), ContainerEnvironment(name))).ToList();
            try
            {
                await Task.WhenAll(starts);
            }
            finally
            {
                processes.AddRange(starts.Where(s => s.IsCompletedSuccessfully).Select(s => s.Result.Process));
            }

            using var http = new HttpClient(new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(30) };
            foreach (var (name, (_, url)) in Instances.Zip(await Task.WhenAll(starts)))
            {
                // The web answers before Quartz has started (it starts after the host's other services), so ask as the
                // image's HEALTHCHECK does: again until healthy, within a bound.
                var (status, body) = (HttpStatusCode.ServiceUnavailable, "");
                for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(30); await Task.Delay(250))
                {
                    using var response = await http.GetAsync(new Uri(url, "/healthz"));
                    (status, body) = (response.StatusCode, await response.Content.ReadAsStringAsync());
                    if (status == HttpStatusCode.OK)
                    {
                        break;
                    }
                }

                output.WriteLine($"{name} /healthz: {(int)status} {body}");
                Assert.Equal(HttpStatusCode.OK, status);
                var checks = JsonDocument.Parse(body).RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
                Assert.Equal("Healthy", checks["store"]);
                Assert.Equal("Healthy", checks["scheduler"]);
            }

            // Every table belongs to the owner: the instances, started with ApplySchema false, created nothing.
            await using (var connection = new NpgsqlConnection(server.ConnectionString(database)))
            {
                await connection.OpenAsync();
                await using var owners = new NpgsqlCommand("SELECT tableowner, count(*) FROM pg_tables WHERE schemaname = 'public' GROUP BY tableowner", connection);
                await using var reader = await owners.ExecuteReaderAsync();
                var byOwner = new Dictionary<string, long>();
                while (await reader.ReadAsync())
                {
                    byOwner[reader.GetString(0)] = reader.GetInt64(1);
                }

                Assert.Equal([owner], byOwner.Keys);
                Assert.True(byOwner[owner] > 10, $"{byOwner[owner]} tables: the store's and Quartz's");
            }

            output.WriteLine($"compose flow: {started.Elapsed.TotalSeconds:F1} s");
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                process.Dispose();
            }

            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// What the program would make of these ROUNDUP__ variables on top of config/roundup.json: a section it does not know
    /// (which it would silently ignore), whatever its strict binding rejects (an unknown key, a value of the wrong type)
    /// and, when <paramref name="validate"/>, whatever its validators reject.
    /// </summary>
    private static List<string> ConfigurationProblems(IReadOnlyDictionary<string, string> variables, bool validate = true)
    {
        var problems = new List<string>();
        // The environment provider's mapping: the prefix dropped, each __ a ':'.
        var keys = variables.ToDictionary(v => v.Key[Prefix.Length..].Replace("__", ":", StringComparison.Ordinal), v => (string?)v.Value);
        foreach (var variable in variables.Keys)
        {
            var section = variable[Prefix.Length..].Split("__")[0];
            if (!Sections.Contains(section, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"{variable}: the configuration has no section {section} (it has {string.Join(", ", Sections)})");
            }
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Root.Value, "config", "roundup.json"), optional: false, reloadOnChange: false)
            .AddInMemoryCollection(keys)
            .Build();
        using var services = new ServiceCollection()
            .AddRoundupBot(configuration, new DataDirectory(Path.Combine(Path.GetTempPath(), "roundup-deploy-unused")))
            .BuildServiceProvider();
        foreach (var read in new Func<object>[]
        {
            () => services.GetRequiredService<IOptions<RoundupOptions>>().Value,
            () => services.GetRequiredService<IOptions<SourcesOptions>>().Value,
            () => services.GetRequiredService<IOptions<FetchOptions>>().Value,
            () => services.GetRequiredService<IOptions<SummarizerOptions>>().Value,
            () => services.GetRequiredService<IOptions<DiscordOptions>>().Value,
            () => services.GetRequiredService<IOptions<EmailOptions>>().Value,
            () => services.GetRequiredService<IOptions<StorageOptions>>().Value,
            () => services.GetRequiredService<IOptions<AdminOptions>>().Value,
            () => services.GetRequiredService<IOptions<SecurityOptions>>().Value,
        })
        {
            try
            {
                read();
            }
            catch (ConfigurationException ex)
            {
                problems.Add(ex.Message);
            }
            catch (OptionsValidationException ex) when (validate)
            {
                problems.Add(ex.Message);
            }
            catch (OptionsValidationException)
            {
                // A rule about values (a missing companion setting) rather than about names or types.
            }
        }

        return problems;
    }

    private static IEnumerable<KeyValuePair<string, string>> CommentedVariables(IEnumerable<string> lines) =>
        lines.Select(l => CommentedVariable().Match(l)).Where(m => m.Success).Select(m => KeyValuePair.Create(m.Groups[1].Value, m.Groups[2].Value));

    private static Dictionary<string, string> EnvFile(string path)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            Assert.True(equals > 0, $"{path}: '{line}' is not NAME=value");
            Assert.DoesNotContain('"', line);
            variables[line[..equals]] = line[(equals + 1)..];
        }

        return variables;
    }

    /// <summary>The example's connection string pointed at the throwaway server; the user and password stay as written.</summary>
    private static NpgsqlConnectionStringBuilder Retarget(string connectionString, PostgresServer server, string database, string composeDatabase)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // As written, it must reach the compose file's postgres service and its database.
        Assert.Equal("postgres", builder.Host);
        Assert.Equal(5432, builder.Port);
        Assert.Equal(composeDatabase, builder.Database);
        builder.Host = "127.0.0.1";
        builder.Port = server.Port;
        builder.Database = database;
        return builder;
    }

    private static Dictionary<string, List<string>> SystemdSection(IEnumerable<string> lines, string name)
    {
        var section = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var current = "";
        foreach (var line in lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            if (line.StartsWith('['))
            {
                current = line.Trim('[', ']');
            }
            else if (current == name)
            {
                var equals = line.IndexOf('=', StringComparison.Ordinal);
                var key = line[..equals];
                section.TryAdd(key, []);
                section[key].Add(line[(equals + 1)..]);
            }
        }

        return section;
    }

    /// <summary>The csproj files restore needs for <paramref name="project"/>: itself and every project it references.</summary>
    private static IEnumerable<string> ProjectClosure(string project)
    {
        yield return project;
        var directory = Path.GetDirectoryName(project)!;
        foreach (var reference in System.Xml.Linq.XDocument.Load(Path.Combine(Root.Value, project)).Descendants("ProjectReference"))
        {
            var path = Path.GetRelativePath(Root.Value, Path.GetFullPath(Path.Combine(Root.Value, directory, reference.Attribute("Include")!.Value.Replace('\\', '/'))));
            foreach (var inner in ProjectClosure(path))
            {
                yield return inner;
            }
        }
    }

    private static string AssemblyName(string project) =>
        System.Xml.Linq.XDocument.Load(Path.Combine(Root.Value, project)).Descendants("AssemblyName").Single().Value;

    /// <summary>Whether .dockerignore keeps <paramref name="path"/> (or a folder holding it) out of the build context.</summary>
    private static bool DockerIgnored(string path)
    {
        var patterns = File.ReadAllLines(Path.Combine(Root.Value, ".dockerignore")).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));
        var segments = path.Split('/');
        var candidates = Enumerable.Range(1, segments.Length).Select(n => string.Join('/', segments[..n])).ToList();
        foreach (var pattern in patterns)
        {
            Assert.False(pattern.StartsWith('!'), "exceptions in .dockerignore: teach this test about them");
            // Docker's matching: * within one path segment, ** across segments; a pattern that matches a folder excludes its files.
            var regex = "^" + Regex.Escape(pattern.TrimEnd('/')).Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal) + "$";
            if (candidates.Any(c => Regex.IsMatch(c, regex)))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<int> GitAsync(params string[] args) => (await RunAsync("git", ["-C", Root.Value, .. args])).ExitCode;

    private async Task<(Process Process, Uri Url)> StartServeAsync(string name, string[] args, Dictionary<string, string> environment)
    {
        var start = Command("dotnet", [Path.Combine(AppContext.BaseDirectory, "roundup.dll"), .. args], environment);
        var process = Process.Start(start)!;
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Read(string? line)
        {
            if (line is null)
            {
                return;
            }

            output.WriteLine($"{name}: {line}");
            if (ServingOn().Match(line) is { Success: true } match)
            {
                ready.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }

        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"{name} exited with {process.ExitCode} before serving"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return (process, await ready.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    private static ProcessStartInfo Command(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Only the variables the container would have: none inherited from whoever runs the tests.
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith(Prefix, StringComparison.Ordinal) || k == "ROUNDUP_DATA").ToList())
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return start;
    }

    private static async Task<ProcessResult> RunAsync(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Process.Start(Command(file, args, environment))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RoundupBot.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No RoundupBot.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^postgres:([0-9]+)(\.[0-9]+)?(-[a-z0-9]+)?$")]
    private static partial Regex PostgresImage();

    [GeneratedRegex(@"^#\s*(ROUNDUP__[A-Za-z0-9_]+)=(.*)$")]
    private static partial Regex CommentedVariable();

    [GeneratedRegex(@"^Serving on (http://[^,;\s]+)")]
    private static partial Regex ServingOn();

    private sealed record ProcessResult(int ExitCode, string Out, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
    }

    /// <summary>deploy/compose/compose.yaml as plain maps, lists and strings, with anchors, aliases and merge keys resolved.</summary>
    private sealed class ComposeFile
    {
        private ComposeFile(Dictionary<object, object> root, string directory)
        {
            Root = root;
            Directory = directory;
        }

        public Dictionary<object, object> Root { get; }
        public string Directory { get; }
        public IEnumerable<string> ServiceNames => Map(Root, "services").Keys.Cast<string>();

        public static ComposeFile Load()
        {
            var directory = Path.Combine(DeployFilesTests.Root.Value, "deploy", "compose");
            using var reader = new StreamReader(Path.Combine(directory, "compose.yaml"));
            var root = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(new MergingParser(new Parser(reader)));
            return new ComposeFile(root, directory);
        }

        public Dictionary<object, object> Service(string name) => Map(Map(Root, "services"), name);

        public Dictionary<object, object> Map(Dictionary<object, object> node, string key) =>
            Assert.IsType<Dictionary<object, object>>(node.GetValueOrDefault(key));

        public string Text(Dictionary<object, object> node, string key) => Assert.IsType<string>(node.GetValueOrDefault(key));

        public List<string> List(Dictionary<object, object> node, string key) =>
            Assert.IsType<List<object>>(node.GetValueOrDefault(key)).Select(item => Assert.IsType<string>(item)).ToList();

        public List<string> EnvFiles(Dictionary<object, object> service) =>
            service.GetValueOrDefault("env_file") is string one ? [one] : List(service, "env_file");

        public Dictionary<string, string> Environment(Dictionary<object, object> service) =>
            Map(service, "environment").ToDictionary(e => (string)e.Key, e => Assert.IsType<string>(e.Value));

        /// <summary>What the container sees, as Compose builds it: the env files in order (a later one wins), then environment.</summary>
        public Dictionary<string, string> EffectiveEnvironment(Dictionary<object, object> service)
        {
            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in EnvFiles(service))
            {
                // The committed example stands in for the file each user fills in.
                foreach (var (key, value) in EnvFile(Path.Combine(Directory, file + ".example")))
                {
                    variables[key] = value;
                }
            }

            if (service.ContainsKey("environment"))
            {
                foreach (var (key, value) in Environment(service))
                {
                    variables[key] = value;
                }
            }

            return variables;
        }

        public Dictionary<string, string> DependsOn(Dictionary<object, object> service) =>
            Map(service, "depends_on").ToDictionary(d => (string)d.Key, d => Text(Assert.IsType<Dictionary<object, object>>(d.Value), "condition"));
    }

    /// <summary>deploy/docker/Dockerfile's instructions by stage, continuation lines joined and comments dropped.</summary>
    private sealed class Dockerfile
    {
        private readonly List<(string Instruction, string Arguments)> _instructions = [];

        private Dockerfile(string from) => From = from;

        public string From { get; }

        public static List<Dockerfile> Load()
        {
            var stages = new List<Dockerfile>();
            var logical = new List<string>();
            var pending = "";
            foreach (var raw in File.ReadAllLines(Path.Combine(DeployFilesTests.Root.Value, "deploy", "docker", "Dockerfile")))
            {
                var line = raw.Trim();
                if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
                {
                    continue;
                }

                pending = pending.Length == 0 ? line : $"{pending} {line}";
                if (pending.EndsWith('\\'))
                {
                    pending = pending[..^1].TrimEnd();
                    continue;
                }

                logical.Add(pending);
                pending = "";
            }

            foreach (var line in logical)
            {
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                var (instruction, arguments) = (line[..space].ToUpperInvariant(), line[(space + 1)..].Trim());
                if (instruction == "FROM")
                {
                    stages.Add(new Dockerfile(Regex.Replace(arguments, @"^--platform=\S+\s+", "")));
                }
                else
                {
                    Assert.NotEmpty(stages);
                    stages[^1]._instructions.Add((instruction, arguments));
                }
            }

            return stages;
        }

        public IEnumerable<string> All(string instruction) => _instructions.Where(i => i.Instruction == instruction).Select(i => i.Arguments);

        public string Single(string instruction) => Assert.Single(All(instruction));

        /// <summary>An exec-form (JSON array) instruction such as ENTRYPOINT or CMD.</summary>
        public string[] Exec(string instruction) => JsonSerializer.Deserialize<string[]>(Single(instruction))!;
    }
}
