using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using OAuth2Generic;
using OAuth2Generic.Cognito;
using OAuth2Generic.Testing;

namespace CognitoSample;

/// <summary>
/// The sample's small API and the two ways it is called: <c>/api/orders</c> accepts the user pool's access tokens with
/// the scope <c>orders/read</c> (<c>AddCognitoJwtBearer</c>); <c>/service</c> calls it as a machine, with a
/// client-credentials token of its own app client (<c>AddCognitoClientCredentialsToken</c>), and <c>/my-orders</c> as the
/// signed-in user, with the access token saved at the sign-in and kept fresh (<c>RefreshSavedTokens</c>,
/// <c>AddUserAccessToken</c>). Against the emulator only: with a real user pool, the resource server and the machine's
/// app client are yours to create.
/// </summary>
internal static class SampleApi
{
    public const string ServiceClientId = "sampleordersservice00000001";
    public const string ServiceClientSecret = "sample-orders-service-secret";
    public const string OrdersScope = "orders/read";
    public const string ClientName = "orders";
    public const string UserClientName = "orders-as-user";

    private static readonly string[] Orders = ["order-1001", "order-1002"];

    /// <summary>The emulator's resource server, the machine's app client, and the API's scope for the sample's own client.</summary>
    public static void AddTo(CognitoEmulatorOptions emulator)
    {
        emulator.AddResourceServer("orders", "read");
        emulator.Clients.Add(new CognitoEmulatorClient
        {
            ClientId = ServiceClientId,
            ClientSecret = ServiceClientSecret,
            ClientName = "Sample orders service",
            AllowedOAuthFlows = ["client_credentials"],
            AllowedScopes = [OrdersScope],
        });
        // The sample's app client may ask for the API's scope at the sign-in, so that the user's access token opens it.
        emulator.Clients.Single(client => client.ClientId == CognitoEmulatorOptions.DefaultClientId).AllowedScopes.Add(OrdersScope);
    }

    /// <summary>The API's scheme, the service's client and the user's client, all against the emulator.</summary>
    public static void AddTo(WebApplicationBuilder builder, AuthenticationBuilder authentication, CognitoEmulator emulator)
    {
        authentication.AddCognitoJwtBearer(options =>
        {
            options.Issuer = emulator.Issuer;
            // The machine's tokens, and the users' tokens of the sample's own app client.
            options.ClientIds = [ServiceClientId, emulator.ClientId];
        });
        // Both clients call this app's own API: their BaseAddress, the one origin their tokens may go to, is the app's.
        builder.Services.AddHttpClient(ClientName, (services, client) => client.BaseAddress = OwnAddress(services)).AddCognitoClientCredentialsToken(options =>
        {
            options.Domain = emulator.Url;
            options.ClientId = ServiceClientId;
            options.ClientSecret = ServiceClientSecret;
            options.Scope = [OrdersScope];
        });
        // The user's access token asks for the API's scope too.
        builder.Services.Configure<CognitoOptions>(CognitoDefaults.AuthenticationScheme, options => options.Scope.Add(OrdersScope));
        builder.Services.AddHttpClient(UserClientName, (services, client) => client.BaseAddress = OwnAddress(services)).AddUserAccessToken();
    }

    public static void Map(WebApplication app)
    {
        // The API's policy names its scheme: the app's default is the cookie of the signed-in user.
        var orders = new AuthorizationPolicyBuilder(CognitoJwtBearerDefaults.AuthenticationScheme).RequireScope(OrdersScope).Build();
        app.MapGet("/api/orders", (ClaimsPrincipal caller) => Results.Json(new
        {
            orders = Orders,
            caller = caller.FindFirst("client_id")?.Value,
            // The user the token was issued to; none in a machine's token.
            user = caller.FindFirst("username")?.Value,
            scopes = caller.FindAll("scope").Select(claim => claim.Value),
            // Which token the API saw: its id and lifetime, never the token.
            token = new { id = caller.FindFirst("jti")?.Value, issued_at = TimeOf(caller, "iat"), expires_at = TimeOf(caller, "exp") },
        }))
            .RequireAuthorization(orders)
            // An API's 401 stays a bare 401 with its WWW-Authenticate: the Error page is for people.
            .WithMetadata(new SkipStatusCodePagesAttribute());
    }

    /// <summary>Calls the API with the named client (<see cref="ClientName"/> or <see cref="UserClientName"/>).</summary>
    /// <returns>The API's status and answer, the answer indented when it is JSON.</returns>
    public static async Task<ApiAnswer> CallAsync(HttpContext context, string clientName)
    {
        var client = context.RequestServices.GetRequiredService<IHttpClientFactory>().CreateClient(clientName);
        using var response = await client.GetAsync($"{context.Request.PathBase}/api/orders", context.RequestAborted);
        return ApiAnswer.From((int)response.StatusCode, await response.Content.ReadAsStringAsync(context.RequestAborted));
    }

    // The address Kestrel listens on (a wildcard host is this machine), known once the app has started.
    private static Uri OwnAddress(IServiceProvider services)
    {
        var address = new UriBuilder(services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        if (address.Host is "+" or "*" or "0.0.0.0" or "[::]")
        {
            address.Host = "localhost";
        }

        return address.Uri;
    }

    private static string? TimeOf(ClaimsPrincipal caller, string claim) =>
        long.TryParse(caller.FindFirst(claim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("u", CultureInfo.InvariantCulture)
            : null;
}
