using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace RoundupBot.Summarization.Llm;

/// <summary>Registers the LLM engine.</summary>
public static class LlmServiceCollectionExtensions
{
    /// <summary>The name of the LLM client's resilience pipeline (and of its telemetry).</summary>
    public const string ResiliencePipelineName = "llm";

    /// <summary>
    /// Registers <see cref="LlmSummarizer"/>, <see cref="LlmChatClientFactory"/> and the <c>llm</c> HTTP client. Nothing
    /// connects until the llm engine writes an issue. The caller binds <see cref="SummarizerOptions"/>.
    /// </summary>
    /// <remarks>
    /// The HTTP client has exactly one resilience handler, outermost first: the whole call within
    /// <see cref="LlmOptions.RetryBudget"/>; up to <see cref="LlmOptions.MaxRetries"/> retries of timeouts, connection
    /// failures, 408, 429 and 5xx, exponential from <see cref="LlmOptions.RetryDelay"/> with jitter, or after the server's
    /// Retry-After when it sends one; each attempt within <see cref="LlmOptions.Timeout"/>. Headers are never logged:
    /// one of them carries the API key.
    /// </remarks>
    public static IServiceCollection AddLlm(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(LlmChatClientFactory)))
        {
            return services;
        }

        services.AddOptions<SummarizerOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LlmHttpRetries>();
        services.TryAddSingleton<LlmChatClientFactory>();
        services.TryAddSingleton<LlmSummarizer>();
        services.AddHttpClient(LlmChatClientFactory.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RedactLoggedHeaders(static _ => true)
            .AddResilienceHandler(ResiliencePipelineName, static (builder, context) =>
            {
                var llm = context.ServiceProvider.GetRequiredService<IOptions<SummarizerOptions>>().Value.Llm;
                var retries = context.ServiceProvider.GetRequiredService<LlmHttpRetries>();
                builder.AddTimeout(llm.RetryBudget);
                if (llm.MaxRetries > 0)
                {
                    builder.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = llm.MaxRetries,
                        Delay = llm.RetryDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        ShouldRetryAfterHeader = true,
                        OnRetry = _ =>
                        {
                            retries.Add();
                            return default;
                        },
                    });
                }

                builder.AddTimeout(llm.Timeout);
            });
        return services;
    }
}
