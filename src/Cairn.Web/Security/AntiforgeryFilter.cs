using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Web.Security;

/// <summary>Every state-changing API call must carry the antiforgery token (header <c>X-CSRF-TOKEN</c>).</summary>
public sealed class AntiforgeryFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var antiforgery = context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
        if (!await antiforgery.IsRequestValidAsync(context.HttpContext).ConfigureAwait(false))
        {
            return Results.Problem("missing or invalid antiforgery token", statusCode: StatusCodes.Status400BadRequest);
        }
        return await next(context).ConfigureAwait(false);
    }
}
