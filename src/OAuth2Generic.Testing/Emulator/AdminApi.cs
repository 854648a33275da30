using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OAuth2Generic.Testing.Config;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// The admin HTTP API under <c>/_emulator/</c>, for tests in any language: what <see cref="CognitoEmulator"/> and
/// <see cref="CognitoEmulatorUserPool"/> offer in .NET, as JSON over HTTP. Errors are <c>{"error": "…"}</c> with 400
/// (a bad body or a refused change) or 404 (no such pool or route). The pool-level routes are in <see cref="AdminPoolRoutes"/>.
/// </summary>
internal sealed class AdminApi(UserPoolSet pools)
{
    public const string Prefix = "/_emulator";

    public static bool Serves(HttpContext context) => context.Request.Path.StartsWithSegments(Prefix, StringComparison.Ordinal);

    public async Task HandleAsync(HttpContext context)
    {
        var segments = context.Request.Path.Value![Prefix.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var method = context.Request.Method;
        try
        {
            var task = segments switch
            {
                ["pools"] when method == HttpMethods.Get => EmulatorResponses.Json(context, StatusCodes.Status200OK, json =>
                {
                    json.WriteStartArray("userPools");
                    foreach (var pool in pools.All)
                    {
                        WritePool(json, pool);
                    }

                    json.WriteEndArray();
                }),
                ["pools"] when method == HttpMethods.Post => AddPoolAsync(context),
                ["clock"] when method == HttpMethods.Get => WriteClock(context),
                ["clock"] when method == HttpMethods.Post => AdvanceClockAsync(context),
                ["pools", var id, .. var rest] when pools.Find(id) is { } pool => AdminPoolRoutes.HandleAsync(context, pool, rest, method),
                ["pools", var id, ..] => Error(context, StatusCodes.Status404NotFound, $"The emulator has no user pool '{id}'."),
                _ => Error(context, StatusCodes.Status404NotFound, $"No admin route {method} {context.Request.Path}."),
            };
            await task.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is CognitoEmulatorConfigException or ArgumentException or JsonException)
        {
            await Error(context, StatusCodes.Status400BadRequest, exception.Message).ConfigureAwait(false);
        }
    }

    public static Task Error(HttpContext context, int status, string message)
        => EmulatorResponses.Json(context, status, json => json.WriteString("error", message));

    /// <summary>The request's JSON body, read with the config file's rules (its path is <c>body</c> in errors).</summary>
    public static async Task<ConfigNode> BodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        return ConfigNode.Parse(text.Length == 0 ? "{}" : text, "body");
    }

    public static void WritePool(Utf8JsonWriter json, CognitoEmulatorUserPool pool)
    {
        json.WriteStartObject();
        json.WriteString("userPoolId", pool.UserPoolId);
        json.WriteString("domain", pool.Domain);
        json.WriteString("issuer", pool.Issuer);
        json.WriteString("jwksUri", $"{pool.Issuer}/.well-known/jwks.json");
        json.WriteString("clientId", pool.ClientId);
        json.WriteEndObject();
    }

    private async Task AddPoolAsync(HttpContext context)
    {
        var body = await BodyAsync(context).ConfigureAwait(false);
        var pool = await pools.AddAsync(PoolConfigReader.ReadPool(body), context.RequestAborted).ConfigureAwait(false);
        await EmulatorResponses.Json(context, StatusCodes.Status201Created, json =>
        {
            json.WritePropertyName("userPool");
            WritePool(json, pool);
        }).ConfigureAwait(false);
    }

    private async Task AdvanceClockAsync(HttpContext context)
    {
        var body = await BodyAsync(context).ConfigureAwait(false);
        var seconds = body.Seconds("advanceSeconds", 0) ?? throw body.Error("needs advanceSeconds, a whole number of seconds");
        body.EnsureRead();
        pools.Clock.Advance(seconds);
        await WriteClock(context).ConfigureAwait(false);
    }

    private Task WriteClock(HttpContext context) => EmulatorResponses.Json(context, StatusCodes.Status200OK, json =>
    {
        json.WriteString("now", pools.Clock.GetUtcNow());
        json.WriteNumber("offsetSeconds", (long)pools.Clock.Offset.TotalSeconds);
    });
}
