using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace OmniHub.Host.Auth;

public static class AuthExtensions
{
    /// <summary>
    /// API keys with roles (always) and Entra ID bearer tokens (when <c>Ops:EntraId:Authority</c> and
    /// <c>…:Audience</c> are set), behind one policy scheme; policies <see cref="OpsRoles.ReadPolicy"/> and
    /// <see cref="OpsRoles.OperatePolicy"/>.
    /// </summary>
    public static IServiceCollection AddOmniHubAuth(this IServiceCollection services)
    {
        // Read when first resolved, so settings added after composition (tests, hosting overrides) are seen.
        services.AddSingleton(sp => OpsAuthOptions.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => new ApiKeyStore(sp.GetRequiredService<OpsAuthOptions>()));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddAuthentication(OpsRoles.Scheme)
            .AddPolicyScheme(OpsRoles.Scheme, "API key or Entra ID bearer", scheme => scheme.ForwardDefaultSelector = context =>
                context.RequestServices.GetRequiredService<OpsAuthOptions>().EntraId.IsConfigured
                && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, _ => { });
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<OpsAuthOptions>((jwt, ops) =>
        {
            var entra = ops.EntraId;
            jwt.Authority = entra.Authority;
            jwt.Audience = entra.Audience;
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters.RoleClaimType = "roles";
            jwt.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    if (context.Principal?.Identity is ClaimsIdentity identity)
                    {
                        MapEntraRoles(identity, entra);
                    }

                    return Task.CompletedTask;
                },
            };
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(OpsRoles.ReadPolicy, policy => policy
                .AddAuthenticationSchemes(OpsRoles.Scheme)
                .RequireAuthenticatedUser()
                .RequireAssertion(context => HasRole(context.User, OpsRoles.Operator) || HasRole(context.User, OpsRoles.Reader)))
            .AddPolicy(OpsRoles.OperatePolicy, policy => policy
                .AddAuthenticationSchemes(OpsRoles.Scheme)
                .RequireAuthenticatedUser()
                .RequireAssertion(context => HasRole(context.User, OpsRoles.Operator)));
        return services;
    }

    /// <summary>Requires the read policy on every route of the group; mutating routes add <see cref="Operate{TBuilder}"/>.</summary>
    public static TBuilder ReadAccess<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(OpsRoles.ReadPolicy);

    public static TBuilder Operate<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(OpsRoles.OperatePolicy);

    private static bool HasRole(ClaimsPrincipal user, string role) =>
        user.Claims.Any(c => (c.Type == ClaimTypes.Role || c.Type == "roles") && string.Equals(c.Value, role, StringComparison.OrdinalIgnoreCase));

    private static void MapEntraRoles(ClaimsIdentity identity, EntraIdOptions entra)
    {
        var roles = identity.FindAll("roles").Select(c => c.Value).ToList();
        if (roles.Contains(entra.OperatorRole, StringComparer.OrdinalIgnoreCase))
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, OpsRoles.Operator));
        }

        if (roles.Contains(entra.ReaderRole, StringComparer.OrdinalIgnoreCase))
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, OpsRoles.Reader));
        }
    }
}
