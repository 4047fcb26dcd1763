namespace RoundupBot.Publishing.Discord;

/// <summary>Discord's HTTP API and our application there. Bound to the <c>Discord</c> section.</summary>
public sealed class DiscordOptions
{
    public const string SectionName = "Discord";

    /// <summary>Every Discord request goes here. <value>Default https://discord.com/api/v10.</value></summary>
    public string ApiBaseUrl { get; set; } = "https://discord.com/api/v10";
    /// <summary>The application's id (a snowflake): registers the commands and is the OAuth2 <c>client_id</c>.</summary>
    public string? ApplicationId { get; set; }
    /// <summary>Hex Ed25519 public key used to verify interactions.</summary>
    public string? PublicKey { get; set; }
    /// <summary>A secret: give it through ROUNDUP__Discord__BotToken.</summary>
    public string? BotToken { get; set; }
    /// <summary>A secret: give it through ROUNDUP__Discord__ClientSecret. With <see cref="ApplicationId"/> it turns on "Add to Discord".</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// Where "Add to Discord" sends the browser to authorize (OAuth2, scope <c>webhook.incoming</c>); the code is then
    /// exchanged at <see cref="ApiBaseUrl"/><c>/oauth2/token</c>. Only tests change it.
    /// <value>Default https://discord.com/oauth2/authorize.</value>
    /// </summary>
    public string OAuthAuthorizeUrl { get; set; } = "https://discord.com/oauth2/authorize";
    /// <summary>The name messages are posted under, instead of the webhook's own; 1–80 characters, without "discord" or "clyde".</summary>
    public string? Username { get; set; }
    /// <summary>The avatar messages are posted with, instead of the webhook's own: an absolute http(s) URL.</summary>
    public string? AvatarUrl { get; set; }

    /// <summary>
    /// The servers (guild ids, snowflakes) whose members with Manage Server may use the commands that change what the
    /// newsletter publishes (<c>/roundup now</c>). Every other server that has the application is refused them.
    /// <value>Default none.</value>
    /// </summary>
    public List<string> AdminGuildIds { get; set; } = [];

    /// <summary>
    /// The users (user ids, snowflakes) who may use those commands anywhere the application answers, direct messages
    /// included, whatever their permissions. <value>Default none.</value>
    /// </summary>
    public List<string> AdminUserIds { get; set; } = [];

    /// <summary>
    /// How long one request may take, answer included, before it counts as a timeout (and is retried).
    /// <value>Default 30 seconds.</value>
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many times a message is retried after a 5xx answer, a timeout or a failed connection before its delivery is
    /// left to the outbox. 429s are not counted: they are waited out as Discord says. <value>Default 3.</value>
    /// </summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The wait before the first such retry; each later one waits twice as long. <value>Default 1 second.</value></summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Discord's global limit: at most this many requests in any one second, over all webhooks. Discord sends no
    /// header for it, so the client paces itself; a global 429 still pauses everything for its <c>retry_after</c>.
    /// Per-webhook limits come from Discord's headers and are never configured. <value>Default 50.</value>
    /// </summary>
    public int GlobalRequestsPerSecond { get; set; } = 50;
}
