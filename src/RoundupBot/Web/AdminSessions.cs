using System.Buffers.Text;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace RoundupBot.Web;

/// <summary>
/// What makes an admin sign-in cookie worth anything, checked on every request: it was issued for the current
/// <c>Admin:Token</c>, it is younger than <see cref="MaxAge"/>, and it was not signed out.
/// </summary>
/// <remarks>
/// <para>The cookie (encrypted by ASP.NET Core data protection) carries three claims: a keyed hash of the token it was
/// issued for (never the token), a random session id, and the sign-in time. Rotating <c>Admin:Token</c> therefore
/// revokes every session at once; sliding renewal never extends a session past <see cref="MaxAge"/> from its
/// sign-in.</para>
/// <para>Signing out records the session id in <see cref="FileName"/> in the data folder until the session could no
/// longer be used anyway, so a copy of the cookie replayed after sign-out, even after a restart, is refused.
/// Instances sharing the data folder (as they must, to share the cookie keys) see each other's sign-outs: the file is
/// read again whenever it changed.</para>
/// </remarks>
public sealed class AdminSessions
{
    /// <summary>A session ends this long after its last request (the cookie's sliding expiry).</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(8);

    /// <summary>A session ends this long after sign-in, however active: sign in again then.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(12);

    /// <summary>The file of signed-out sessions, in the data folder: one line per session, its id and until when it is kept.</summary>
    public const string FileName = "admin-signouts.txt";

    internal const string TokenClaim = "roundup:token";
    internal const string SessionClaim = "roundup:session";
    internal const string SignedInClaim = "roundup:signed-in";

    private readonly IOptions<AdminOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly string _path;
    private readonly Lock _lock = new();
    private Dictionary<string, long> _signedOut = new(StringComparer.Ordinal);
    private DateTime _readStamp = DateTime.MinValue;

    /// <summary>Sessions judged against <paramref name="options"/>'s token, sign-outs kept in <paramref name="dataDirectory"/>.</summary>
    public AdminSessions(IOptions<AdminOptions> options, TimeProvider timeProvider, DataDirectory dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(dataDirectory);
        _options = options;
        _timeProvider = timeProvider;
        _path = Path.Combine(dataDirectory.Path, FileName);
    }

    /// <summary>The identity of a new session for the current token.</summary>
    public ClaimsPrincipal NewSession(string authenticationType) =>
        new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, "admin"),
            new Claim(TokenClaim, TokenHash(_options.Value.Token)),
            new Claim(SessionClaim, Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16))),
            new Claim(SignedInClaim, _timeProvider.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        ], authenticationType));

    /// <summary>Null when <paramref name="principal"/> is a live session; otherwise why not (for the log; no secret in it).</summary>
    public string? WhyNotValid(ClaimsPrincipal? principal)
    {
        var token = principal?.FindFirstValue(TokenClaim);
        var session = principal?.FindFirstValue(SessionClaim);
        if (token is null || session is null || SignedInAt(principal!) is not { } signedIn)
        {
            return "the cookie predates session binding";
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token), Encoding.ASCII.GetBytes(TokenHash(_options.Value.Token))))
        {
            return "it was issued for an earlier Admin:Token";
        }

        if (_timeProvider.GetUtcNow() - signedIn >= MaxAge)
        {
            return "it is older than the maximum session age";
        }

        return IsSignedOut(session) ? "it was signed out" : null;
    }

    /// <summary>Records the session of <paramref name="principal"/> as signed out, for as long as it could otherwise be used.</summary>
    public void SignOut(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.FindFirstValue(SessionClaim) is not { } session || SignedInAt(principal) is not { } signedIn)
        {
            return;
        }

        lock (_lock)
        {
            Reload();
            var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
            var kept = _signedOut.Where(e => e.Value > now).ToDictionary(StringComparer.Ordinal);
            kept[session] = (signedIn + MaxAge).ToUnixTimeSeconds();
            var temporary = _path + ".tmp";
            File.WriteAllLines(temporary, kept.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Key} {e.Value}")));
            // A rename replaces the file in one step: a reader sees the old list or the new one, never half of it.
            File.Move(temporary, _path, overwrite: true);
            _signedOut = kept;
            _readStamp = File.GetLastWriteTimeUtc(_path);
        }
    }

    private bool IsSignedOut(string session)
    {
        lock (_lock)
        {
            Reload();
            return _signedOut.ContainsKey(session);
        }
    }

    /// <summary>Reads the file again when it changed since the last read (another instance, or a restart).</summary>
    private void Reload()
    {
        var stamp = File.Exists(_path) ? File.GetLastWriteTimeUtc(_path) : DateTime.MinValue;
        if (stamp == _readStamp)
        {
            return;
        }

        var signedOut = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in stamp == DateTime.MinValue ? [] : File.ReadAllLines(_path))
        {
            var parts = line.Split(' ');
            if (parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var until))
            {
                signedOut[parts[0]] = until;
            }
        }

        _signedOut = signedOut;
        _readStamp = stamp;
    }

    private static DateTimeOffset? SignedInAt(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(SignedInClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>A keyed hash that names the token without revealing it: HMAC-SHA256 keyed with the token, over a fixed label.</summary>
    private static string TokenHash(string? token) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(token ?? ""), "RoundupBot admin session v1"u8));
}
