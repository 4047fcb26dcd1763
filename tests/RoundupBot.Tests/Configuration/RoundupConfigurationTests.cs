using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RoundupBot.Configuration;
using RoundupBot.Ingestion;
using RoundupBot.Ingestion.Fetching;
using RoundupBot.Pipeline;

namespace RoundupBot.Tests.Configuration;

public sealed class RoundupConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("roundup-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_shipped_default_configuration_is_valid_and_lists_real_sources()
    {
        var path = Path.Combine(RepositoryRoot(), "config", "roundup.json");

        using var services = Build(path);
        services.GetRequiredService<IStartupValidator>().Validate();

        var sources = services.GetRequiredService<IOptions<SourcesOptions>>().Value.Sources;
        Assert.Equal(3, sources.Count(s => s.Kind == "arxiv"));
        Assert.Contains(sources, s => s.Url == "https://rss.arxiv.org/rss/cs.CL");
        Assert.Contains(sources, s => s.Kind == "huggingface" && s.Url == "https://huggingface.co/api/daily_papers");
        Assert.Contains(sources, s => s.Kind == "hackernews" && s.Url!.StartsWith("https://hn.algolia.com/api/v1/search", StringComparison.Ordinal));
        Assert.Contains("language models", services.GetRequiredService<IOptions<RoundupOptions>>().Value.Focus, StringComparison.Ordinal);
        Assert.True(sources.Count(s => s.Kind == "rss") >= 8);
        Assert.All(sources, s => Assert.StartsWith("https://", s.Url));
    }

    [Fact]
    public void A_file_that_is_not_json_names_the_file_and_the_line()
    {
        var path = Write("{\n  \"Fetch\": {\n    \"Timeout\": \"00:00:10\",,\n  }\n}");

        var ex = Assert.Throws<ConfigurationException>(() => RoundupConfiguration.Load(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("is not valid JSON", ex.Message);
        Assert.Contains("line 3", ex.Message);
    }

    [Fact]
    public void A_missing_file_says_how_to_give_one()
    {
        var ex = Assert.Throws<ConfigurationException>(() => RoundupConfiguration.Load(Path.Combine(_dir, "nope.json")));

        Assert.Contains("nope.json", ex.Message);
        Assert.Contains("--config", ex.Message);
    }

    [Fact]
    public void A_value_of_the_wrong_type_names_the_key_and_the_expected_form()
    {
        using var services = Build(Write("""{ "Fetch": { "Timeout": "30s" } }"""));

        var ex = Assert.Throws<ConfigurationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal("Fetch:Timeout must be a duration written as [d.]hh:mm:ss, such as 00:30:00 for 30 minutes; got '30s'.", ex.Message);
    }

    [Fact]
    public void A_misspelt_key_is_refused_rather_than_ignored()
    {
        using var services = Build(Write("""{ "Fetch": { "Intervall": "00:10:00" } }"""));

        var ex = Assert.Throws<ConfigurationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Fetch", ex.Message);
        Assert.Contains("Intervall", ex.Message);
    }

    [Fact]
    public void Every_broken_rule_is_reported_at_once_with_its_key_and_value()
    {
        using var services = Build(Write("""
            {
              "Roundup": { "Schedule": "every monday", "TimeZone": "Mars/Olympus", "MinSections": 8, "MaxSections": 3 },
              "Sources": [
                { "Name": "x", "Url": "not a url", "Kind": "rss" },
                { "Name": "y", "Url": "https://example.org/feed", "Kind": "podcast" },
                { "Name": "z", "Url": "https://example.org/page", "Kind": "html" }
              ],
              "Fetch": { "Timeout": "00:00:00", "Concurrency": 0 },
              "Email": { "Smtp": { "Port": 70000 } }
            }
            """));

        var failures = CollectFailures(services);

        Assert.Contains(failures, f => f.StartsWith("Roundup:Schedule must be a Quartz cron expression", StringComparison.Ordinal) && f.Contains("'every monday'"));
        Assert.Contains(failures, f => f.Contains("Roundup:TimeZone") && f.Contains("'Mars/Olympus'"));
        Assert.Contains(failures, f => f.Contains("Roundup:MinSections (8) must not be greater than Roundup:MaxSections (3)"));
        Assert.Contains("Sources:0:Url must be an absolute http or https URL; got 'not a url'.", failures);
        Assert.Contains("Sources:1:Kind must be one of rss, arxiv, html, huggingface or hackernews; got 'podcast'.", failures);
        Assert.Contains(failures, f => f.StartsWith("Sources:2:Selectors:Item is required for an html source", StringComparison.Ordinal));
        Assert.Contains("Fetch:Timeout must be between 00:00:01 and 00:10:00; got 00:00:00.", failures);
        Assert.Contains("Fetch:Concurrency must be between 1 and 64; got 0.", failures);
        Assert.Contains("Email:Smtp:Port must be between 1 and 65535; got 70000.", failures);
    }

    [Fact]
    public void A_focus_too_short_to_say_anything_or_a_relevance_out_of_range_is_refused_naming_the_key()
    {
        using var services = Build(Write("""{ "Roundup": { "Focus": "AI", "MinRelevance": 1.5 } }"""));

        var failures = CollectFailures(services);

        Assert.Contains("Roundup:Focus must be a few sentences of 10 to 2000 characters saying what the newsletter covers; got 2 characters.", failures);
        Assert.Contains("Roundup:MinRelevance must be a cosine similarity from 0 to 0.9 (0.1 leaves out only what is far from Roundup:Focus); got 1.5.", failures);
    }

    [Fact]
    public void Review_mode_with_email_and_Discord_editors_and_a_deadline_is_accepted()
    {
        using var services = Build(Write("""
            { "Roundup": { "Review": true, "ReviewDeadline": "06:00:00",
                "Editors": [ "editor@example.org", "https://discord.com/api/webhooks/123456789012345678/abcDEF_123-xyz" ] } }
            """));

        Assert.Empty(CollectFailures(services));
        var options = services.GetRequiredService<IOptions<RoundupOptions>>().Value;
        Assert.Equal((true, (TimeSpan?)TimeSpan.FromHours(6), 2), (options.Review, options.ReviewDeadline, options.Editors.Count));
    }

    [Fact]
    public void A_bad_editor_or_deadline_is_refused_naming_the_key_and_never_printing_a_webhook_token()
    {
        using var services = Build(Write("""
            { "Roundup": { "Review": true, "ReviewDeadline": "00:00:10",
                "Editors": [ "not an address", "https://example.org/api/webhooks/123456789012345678/secret-token-1", "discord.com/api/webhooks/123456789012345678/secret-token-2" ] } }
            """));

        var failures = CollectFailures(services);

        Assert.Contains("Roundup:Editors:0 must be an email address such as editor@example.org or a Discord webhook URL (https://discord.com/api/webhooks/ID/TOKEN); got 'not an address'.", failures);
        Assert.Contains(failures, f => f.StartsWith("Roundup:Editors:1: Not a Discord webhook URL:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Roundup:Editors:2: Not a Discord webhook URL:", StringComparison.Ordinal));
        Assert.Contains("Roundup:ReviewDeadline must be between 00:01:00 and 30.00:00:00; got 00:00:10.", failures);
        Assert.All(failures, f => Assert.DoesNotContain("secret-token", f, StringComparison.Ordinal));
    }

    [Fact]
    public void A_review_deadline_that_is_not_a_duration_names_the_key_and_the_form()
    {
        using var services = Build(Write("""{ "Roundup": { "ReviewDeadline": "6h" } }"""));

        var ex = Assert.Throws<ConfigurationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal("Roundup:ReviewDeadline must be a duration written as [d.]hh:mm:ss, such as 00:30:00 for 30 minutes; got '6h'.", ex.Message);
    }

    [Fact]
    public void Community_sources_are_configured_with_their_kind()
    {
        using var services = Build(Write("""
            { "Sources": [
                { "Name": "HF", "Url": "https://huggingface.co/api/daily_papers", "Kind": "huggingface" },
                { "Name": "HN", "Url": "https://hn.algolia.com/api/v1/search?query=LLM&tags=story", "Kind": "HackerNews" } ] }
            """));

        services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void A_secret_that_is_too_short_is_refused_without_printing_it()
    {
        using var services = Build(Write("""{ "Admin": { "Token": "hunter2" } }"""));

        var failures = CollectFailures(services);

        var failure = Assert.Single(failures);
        Assert.Contains("Admin:Token must be at least 16 characters; got 7.", failure);
        Assert.DoesNotContain("hunter2", failure);
    }

    [Fact]
    public void Email_without_a_signing_key_is_refused_at_start()
    {
        using var services = Build(Write("""{ "Email": { "Smtp": { "Host": "smtp.example.org" }, "From": "roundup@example.org" } }"""));

        var failures = CollectFailures(services);

        Assert.Contains(failures, f => f.StartsWith("Security:SigningKey is required once Email:Smtp:Host is set", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("smtp.example.org")]
    [InlineData("192.0.2.25")]
    [InlineData("localhost.example.org")]
    public void A_password_over_an_unencrypted_connection_to_another_host_is_refused_at_start(string host)
    {
        using var services = Build(Write($$"""
            { "Email": { "Smtp": { "Host": "{{host}}", "Security": "None", "User": "roundup", "Password": "s3cret-smtp-password" }, "From": "roundup@example.org" },
              "Security": { "SigningKey": "a-signing-key-for-tests-only-0123456789" }, "Roundup": { "BaseUrl": "https://roundup.example.org" } }
            """));

        var failure = Assert.Single(CollectFailures(services));

        Assert.Equal($"Email:Smtp:Security is None while Email:Smtp:Password is set for the host '{host}': the password would cross the network in clear text. Set Email:Smtp:Security to StartTls or SslOnConnect (or use a relay on 127.0.0.1).", failure);
        Assert.DoesNotContain("s3cret-smtp-password", failure);
    }

    [Theory]
    [InlineData("127.0.0.1", "None")]
    [InlineData("localhost", "None")]
    [InlineData("::1", "None")]
    [InlineData("smtp.example.org", "StartTls")]
    [InlineData("smtp.example.org", "SslOnConnect")]
    public void A_password_is_accepted_over_tls_or_to_a_relay_on_this_machine(string host, string security)
    {
        using var services = Build(Write($$"""
            { "Email": { "Smtp": { "Host": "{{host}}", "Security": "{{security}}", "User": "roundup", "Password": "s3cret-smtp-password" }, "From": "roundup@example.org" },
              "Security": { "SigningKey": "a-signing-key-for-tests-only-0123456789" }, "Roundup": { "BaseUrl": "https://roundup.example.org" } }
            """));

        Assert.Empty(CollectFailures(services));
    }

    [Fact]
    public void Subscribe_form_limits_out_of_range_name_their_keys()
    {
        using var services = Build(Write("""
            { "Email": { "Subscribe": { "ClientLimit": 0, "AddressLimit": 5000, "Window": "00:00:00", "ResendAfter": "30.00:00:00" } } }
            """));

        var failures = CollectFailures(services);

        Assert.Contains("Email:Subscribe:ClientLimit must be between 1 and 100000; got 0.", failures);
        Assert.Contains("Email:Subscribe:AddressLimit must be between 1 and 1000; got 5000.", failures);
        Assert.Contains(failures, f => f.StartsWith("Email:Subscribe:Window must be between", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Email:Subscribe:ResendAfter must be between", StringComparison.Ordinal));
    }

    [Fact]
    public void A_misspelt_subscribe_limit_is_refused_as_an_unknown_key()
    {
        using var services = Build(Write("""{ "Email": { "Subscribe": { "ClientLimits": 5 } } }"""));

        var ex = Assert.Throws<ConfigurationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("unknown key(s) ClientLimits", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Environment", "Mutates")]
    public void Environment_variables_override_keys_of_the_file()
    {
        var path = Write("""{ "Fetch": { "Concurrency": 3 }, "Email": { "Smtp": { "Port": 25 } } }""");
        Environment.SetEnvironmentVariable("ROUNDUP__Email__Smtp__Port", "2525");
        try
        {
            using var services = Build(path);

            Assert.Equal(2525, services.GetRequiredService<IOptions<RoundupBot.Publishing.Email.EmailOptions>>().Value.Smtp.Port);
            Assert.Equal(3, services.GetRequiredService<IOptions<FetchOptions>>().Value.Concurrency);
        }
        finally
        {
            Environment.SetEnvironmentVariable("ROUNDUP__Email__Smtp__Port", null);
        }
    }

    [Fact]
    public void Defaults_apply_to_keys_the_file_leaves_out()
    {
        using var services = Build(Write("{}"));
        services.GetRequiredService<IStartupValidator>().Validate();

        var roundup = services.GetRequiredService<IOptions<RoundupOptions>>().Value;
        Assert.Equal("Some interesting things to start the week", roundup.Title);
        Assert.Equal("0 0 8 ? * MON", roundup.Schedule);
        Assert.Equal(7, roundup.WindowDays);
        Assert.Equal(TimeSpan.FromSeconds(30), services.GetRequiredService<IOptions<FetchOptions>>().Value.Timeout);
        Assert.False(services.GetRequiredService<IOptions<FetchOptions>>().Value.AllowPrivateAddresses);
    }

    [Fact]
    public void Discord_settings_out_of_range_are_reported_with_key_and_value()
    {
        using var services = Build(Write("""
            {
              "Discord": { "Username": "Discord Roundup", "Timeout": "00:00:00", "MaxRetries": 11, "RetryDelay": "-00:00:01", "GlobalRequestsPerSecond": 0 }
            }
            """));

        var failures = CollectFailures(services);

        Assert.Contains("Discord:Username must not contain 'discord' or 'clyde' (Discord refuses such names); got 'Discord Roundup'.", failures);
        Assert.Contains("Discord:Timeout must be between 00:00:01 and 00:05:00; got 00:00:00.", failures);
        Assert.Contains("Discord:MaxRetries must be between 0 and 10; got 11.", failures);
        Assert.Contains("Discord:RetryDelay must be between 00:00:00 and 00:05:00; got -00:00:01.", failures);
        Assert.Contains("Discord:GlobalRequestsPerSecond must be between 1 and 1000; got 0.", failures);
    }

    [Fact]
    public void Discord_application_settings_are_checked_together()
    {
        using var services = Build(Write("""
            {
              "Discord": { "ApplicationId": "my-app", "OAuthAuthorizeUrl": "discord.com/oauth2/authorize", "ClientSecret": "s3cret" }
            }
            """));

        var failures = CollectFailures(services);

        Assert.Contains("Discord:ApplicationId must be the application's id from the Developer Portal: digits only; got 'my-app'.", failures);
        Assert.Contains("Discord:OAuthAuthorizeUrl must be an absolute http or https URL; got 'discord.com/oauth2/authorize'.", failures);
        Assert.Contains("Security:SigningKey is required once Discord:ClientSecret is set: it signs the state of \"Add to Discord\" against forged callbacks; give it through ROUNDUP__Security__SigningKey (at least 32 characters).", failures);
        Assert.DoesNotContain(failures, f => f.Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public void A_Discord_client_secret_without_an_application_id_is_reported()
    {
        using var services = Build(Write("""
            {
              "Discord": { "ClientSecret": "s3cret", "PublicKey": "not-hex" },
              "Security": { "SigningKey": "a-signing-key-for-tests-0123456789abcdef" }
            }
            """));

        var failures = CollectFailures(services);

        Assert.Contains("Discord:ApplicationId is required once Discord:ClientSecret is set: it is the OAuth2 client id of \"Add to Discord\".", failures);
        Assert.Contains("Discord:PublicKey must be the application's public key: 64 hexadecimal characters.", failures);
    }

    [Fact]
    public void Discord_admin_guilds_and_users_must_be_snowflakes_and_each_bad_one_is_named()
    {
        using var services = Build(Write("""
            {
              "Discord": { "AdminGuildIds": [ "1100000000000000001", "my-server" ], "AdminUserIds": [ "-5", "99999999999999999999", "0" ] }
            }
            """));

        var failures = CollectFailures(services);

        Assert.Contains("Discord:AdminGuildIds:1 must be a server's id (in Discord with Developer Mode on: right-click the server > Copy Server ID): up to 20 digits; got 'my-server'.", failures);
        Assert.Contains("Discord:AdminUserIds:0 must be a user's id (in Discord with Developer Mode on: right-click the user > Copy User ID): up to 20 digits; got '-5'.", failures);
        Assert.Contains(failures, f => f.StartsWith("Discord:AdminUserIds:1 must be a user's id", StringComparison.Ordinal) && f.EndsWith("got '99999999999999999999'.", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Discord:AdminUserIds:2 must be a user's id", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.StartsWith("Discord:AdminGuildIds:0", StringComparison.Ordinal));
    }

    [Fact]
    public void A_single_id_where_a_list_belongs_says_how_to_write_the_list()
    {
        using var services = Build(Write("""{ "Discord": { "AdminGuildIds": "1100000000000000001,1100000000000000002" } }"""));

        var ex = Assert.Throws<ConfigurationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal("Discord:AdminGuildIds must be a list: in JSON [ \"first\", \"second\" ], in the environment one variable per entry (ROUNDUP__Discord__AdminGuildIds__0, ROUNDUP__Discord__AdminGuildIds__1, …); got '1100000000000000001,1100000000000000002'.", ex.Message);
    }

    [Fact]
    public void Add_to_Discord_needs_the_public_base_url_for_its_redirect()
    {
        using var services = Build(Write("""
            {
              "Discord": { "ApplicationId": "1200000000000000001", "ClientSecret": "s3cret" },
              "Security": { "SigningKey": "a-signing-key-for-tests-0123456789abcdef" }
            }
            """));

        var failures = CollectFailures(services);

        Assert.Contains("Roundup:BaseUrl is required once Discord:ClientSecret is set: the redirect_uri of \"Add to Discord\" is built from it, never from a request's Host header; set it to the site's public URL, such as https://roundup.example.org.", failures);
    }

    private static List<string> CollectFailures(ServiceProvider services)
    {
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return [.. ex.Failures];
        }
        catch (AggregateException ex)
        {
            return ex.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures).ToList();
        }
    }

    private ServiceProvider Build(string path)
    {
        var configuration = RoundupConfiguration.Load(path);
        return new ServiceCollection()
            .AddLogging()
            .AddRoundupBot(configuration, new DataDirectory(_dir))
            .BuildServiceProvider();
    }

    private string Write(string json)
    {
        var path = Path.Combine(_dir, $"roundup-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RoundupBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("RoundupBot.sln not found above " + AppContext.BaseDirectory);
    }
}
