using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OmniHub.Host.Auth;

/// <summary>
/// Authenticates an API key from the <c>x-api-key</c> or <c>x-functions-key</c> header or the <c>code</c> query
/// parameter (as the Functions host accepts). Keys are compared as SHA-256 digests in constant time; the key itself
/// is never logged or echoed.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    public static string? ReadKey(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.TryGetValue("x-api-key", out var header) && !string.IsNullOrEmpty(header))
        {
            return header.ToString();
        }

        if (request.Headers.TryGetValue("x-functions-key", out header) && !string.IsNullOrEmpty(header))
        {
            return header.ToString();
        }

        return request.Query.TryGetValue("code", out var code) && !string.IsNullOrEmpty(code) ? code.ToString() : null;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = ReadKey(Request);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var match = keys.Find(presented);
        if (match is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, match.Name), new Claim(ClaimTypes.Role, match.Role)],
            SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}

/// <summary>The configured keys, held as SHA-256 digests.</summary>
public sealed class ApiKeyStore
{
    private readonly (byte[] Digest, ApiKey Key)[] _keys;

    public ApiKeyStore(OpsAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = [.. options.ApiKeys.Select(k => (Digest(k.Key), k))];
    }

    public int Count => _keys.Length;

    public ApiKey? Find(string presented)
    {
        var digest = Digest(presented);
        ApiKey? found = null;
        foreach (var (candidate, key) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(candidate, digest))
            {
                found = key;
            }
        }

        return found;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
