using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using PropBot.Host.Configuration;

namespace PropBot.Host.Auth;

/// <summary>Bearer-token authentication against the configured operator and read-only tokens.</summary>
internal static class TokenAuth
{
    public const string Scheme = "PropBotToken";
    public const string OperatorPolicy = "Operator";
    public const string ReadOnlyPolicy = "ReadOnly";
    public const string OperatorRole = "operator";
    public const string ReadOnlyRole = "read_only";
    public const string LoopbackIdentity = "loopback";

    /// <summary>The operator name of the caller (configured token name, never the token).</summary>
    public static string Actor(this ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";

    /// <summary>Parses <c>name=token,name2=token2</c> (environment form of the token lists).</summary>
    public static IEnumerable<TokenSettings> ParseList(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            yield break;
        }

        foreach (var item in text.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                yield return new TokenSettings { Name = item[..eq].Trim(), Token = item[(eq + 1)..].Trim() };
            }
        }
    }
}

internal sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    HostSettings settings)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            if (OpenOnLoopback())
            {
                return Task.FromResult(Success(TokenAuth.LoopbackIdentity, TokenAuth.OperatorRole));
            }

            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail("Authorization must be a Bearer token."));
        }

        var token = header["Bearer ".Length..].Trim();
        if (Match(settings.Auth.OperatorTokens, token) is { } op)
        {
            return Task.FromResult(Success(op, TokenAuth.OperatorRole));
        }

        if (Match(settings.Auth.ReadOnlyTokens, token) is { } ro)
        {
            return Task.FromResult(Success(ro, TokenAuth.ReadOnlyRole));
        }

        // Never echo the token.
        return Task.FromResult(AuthenticateResult.Fail("Unknown API token."));
    }

    private bool OpenOnLoopback()
    {
        if (settings.Profile != "paper" || !settings.Auth.OpenOnLoopback)
        {
            return false;
        }

        var remote = Context.Connection.RemoteIpAddress;
        return remote is null || IPAddress.IsLoopback(remote);
    }

    private static string? Match(IEnumerable<TokenSettings> tokens, string presented)
    {
        var presentedBytes = Encoding.UTF8.GetBytes(presented);
        string? found = null;
        foreach (var t in tokens)
        {
            if (t.Token.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(t.Token), presentedBytes))
            {
                found ??= t.Name;
            }
        }

        return found;
    }

    private AuthenticateResult Success(string name, string role)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], TokenAuth.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), TokenAuth.Scheme));
    }
}
