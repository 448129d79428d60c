using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace OmniHub.Host.Auth;

/// <summary>Answers 401 and 403 as <c>application/problem+json</c> (RFC 9457) instead of empty bodies.</summary>
public sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Challenged)
        {
            context.Response.Headers.WWWAuthenticate = "ApiKey header=\"x-api-key\", Bearer";
            await Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized",
                detail: "Send an API key in the x-api-key header (or x-functions-key, or the code query parameter), or an Entra ID bearer token.").ExecuteAsync(context);
            return;
        }

        if (authorizeResult.Forbidden)
        {
            await Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden",
                detail: "This action needs the operator role; the credentials presented carry the reader role only.").ExecuteAsync(context);
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
