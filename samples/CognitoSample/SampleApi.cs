using Microsoft.AspNetCore.Authorization;
using OAuth2Generic.Cognito;
using OAuth2Generic.Testing;

namespace CognitoSample;

/// <summary>
/// The sample's small API and the service that calls it: <c>/api/orders</c> accepts the user pool's access tokens with
/// the scope <c>orders/read</c> (<c>AddCognitoJwtBearer</c>), and <c>/service</c> calls it as a machine, with a
/// client-credentials token of its own app client (<c>AddCognitoClientCredentialsToken</c>). Against the emulator only:
/// with a real user pool, the resource server and the machine's app client are yours to create.
/// </summary>
internal static class SampleApi
{
    public const string ServiceClientId = "sampleordersservice00000001";
    public const string ServiceClientSecret = "sample-orders-service-secret";
    public const string OrdersScope = "orders/read";
    public const string ClientName = "orders";

    private static readonly string[] Orders = ["order-1001", "order-1002"];

    /// <summary>The emulator's resource server and the machine's app client.</summary>
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
    }

    /// <summary>The API's scheme and the service's client, both against the emulator.</summary>
    public static void AddTo(WebApplicationBuilder builder, Microsoft.AspNetCore.Authentication.AuthenticationBuilder authentication, CognitoEmulator emulator)
    {
        authentication.AddCognitoJwtBearer(options =>
        {
            options.Issuer = emulator.Issuer;
            options.ClientIds = [ServiceClientId];
        });
        builder.Services.AddHttpClient(ClientName).AddCognitoClientCredentialsToken(options =>
        {
            options.Domain = emulator.Url;
            options.ClientId = ServiceClientId;
            options.ClientSecret = ServiceClientSecret;
            options.Scope = [OrdersScope];
        });
    }

    public static void Map(WebApplication app)
    {
        // The API's policy names its scheme: the app's default is the cookie of the signed-in user.
        var orders = new AuthorizationPolicyBuilder(CognitoJwtBearerDefaults.AuthenticationScheme).RequireScope(OrdersScope).Build();
        app.MapGet("/api/orders", (System.Security.Claims.ClaimsPrincipal caller) => Results.Json(new
        {
            orders = Orders,
            caller = caller.FindFirst("client_id")?.Value,
            scopes = caller.FindAll("scope").Select(claim => claim.Value),
        })).RequireAuthorization(orders);

        app.MapGet("/service", async (HttpContext context, IHttpClientFactory clients) =>
        {
            var client = clients.CreateClient(ClientName);
            var url = new Uri($"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/api/orders");
            using var response = await client.GetAsync(url, context.RequestAborted);
            return Pages.Service((int)response.StatusCode, await response.Content.ReadAsStringAsync(context.RequestAborted));
        });
    }
}
