using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoundupBot.Pipeline;
using RoundupBot.Subscriptions.Discord;
using RoundupBot.Storage;

namespace RoundupBot.Web;

/// <summary>
/// The web application <c>roundup serve</c> runs: the <see cref="RoundupBotServiceCollectionExtensions.AddRoundupBot"/>
/// services, the public pages, the admin pages and <c>/healthz</c> on Kestrel. Tests build it the same way.
/// </summary>
public static class RoundupWebApplication
{
    /// <summary>The address <c>roundup serve</c> listens on without <c>--urls</c>.</summary>
    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary>Composes the application. Nothing is validated, migrated or listened on until <see cref="StartAsync"/>.</summary>
    /// <param name="configuration">The RoundupBot configuration (file and <c>ROUNDUP__</c> variables).</param>
    /// <param name="dataDirectory">Where the database and the cookie-signing keys live.</param>
    /// <param name="urls">Kestrel addresses separated by ';' (<c>http://127.0.0.1:0</c> picks a free port).</param>
    /// <param name="configureServices">Adds or swaps services after the defaults (the scheduler, test doubles).</param>
    public static WebApplication Build(IConfiguration configuration, DataDirectory dataDirectory, string urls, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(dataDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(urls);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseUrls(urls);
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(10));
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);

        var services = builder.Services;
        services.AddRoundupBot(configuration, dataDirectory);
        services.AddRoundupWeb(dataDirectory);
        configureServices?.Invoke(services);

        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UseStoreOutageResponses();
        app.UseAdminGate();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.MapPublicEndpoints();
        app.MapSubscriptionEndpoints();
        app.MapAdminEndpoints();
        app.MapAdminDraftEndpoints();
        app.MapDiscordInteractionEndpoints();
        app.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = HealthJson.WriteAsync });
        app.MapFallback("{*path}", () => Results.Text("Not found.", statusCode: StatusCodes.Status404NotFound));
        return app;
    }

    /// <summary>The web services: issue page cache, admin authentication, antiforgery, form limits, the health checks <c>store</c> and <c>pipeline</c>, and the <see cref="StoreWatcher"/>.</summary>
    public static IServiceCollection AddRoundupWeb(this IServiceCollection services, DataDirectory dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        services.TryAddSingleton<IssuePageCache>();
        services.AddDiscordInteractions();
        // Keys in the data folder: sign-in cookies and form tokens survive a restart. With Security:SigningKey they are
        // encrypted there; without it data protection stores them in the clear and logs a warning saying so.
        services.AddDataProtection()
            .SetApplicationName("RoundupBot")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory.Path, "keys")));
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<SecurityOptions>>((keys, security) =>
        {
            if (!string.IsNullOrWhiteSpace(security.Value.SigningKey))
            {
                keys.XmlEncryptor = new SigningKeyXmlEncryptor(security.Value.SigningKey);
            }
        });
        services.AddAdminAuthentication();
        services.TryAddSingleton(sp => new AdminSessions(sp.GetRequiredService<IOptions<AdminOptions>>(), sp.GetRequiredService<TimeProvider>(), dataDirectory));
        services.TryAddSingleton<AdminTokenThrottle>();
        services.AddSubscribeRateLimits();
        // The pages are Razor components (Web/Pages/) rendered on the server as static HTML: no circuit, no script.
        services.AddRazorComponents();
        services.AddHostedService<RoundupBot.Subscriptions.Email.ConfirmationSender>();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "roundup_form";
            // The subscribe form uses it too, so the cookie goes to the whole site.
            o.Cookie.Path = "/";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        });
        services.Configure<FormOptions>(o =>
        {
            o.ValueCountLimit = 64;
            o.ValueLengthLimit = (int)AdminForm.MaxBodyBytes;
            o.MultipartBodyLengthLimit = AdminForm.MaxBodyBytes;
        });
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store")
            .AddCheck<PipelineHealthCheck>("pipeline");
        services.AddHostedService<StoreWatcher>();
        return services;
    }

    /// <summary>Validates the options (throwing <see cref="OptionsValidationException"/>), migrates the store, seeds the configured sources, then starts listening.</summary>
    public static async Task StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        await app.Services.GetRequiredService<IRoundupStore>().PrepareAsync(app.Services.GetRequiredService<IOptions<StorageOptions>>().Value, cancellationToken);
        await app.Services.GetRequiredService<SourceCatalog>().SeedAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
    }

    /// <summary>The addresses Kestrel bound (with the real port when 0 was asked).</summary>
    public static IReadOnlyList<string> Addresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return [.. app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .GetRequiredFeature<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>().Addresses];
    }
}
