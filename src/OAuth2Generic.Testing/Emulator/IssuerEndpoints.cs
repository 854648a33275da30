using Microsoft.AspNetCore.Http;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// The issuer's documents, under <c>/{user pool id}</c> as on <c>cognito-idp.{region}.amazonaws.com</c>: the OpenID
/// Connect discovery document (pointing at the hosted-UI endpoints, as Cognito's does) and the JWKS.
/// </summary>
internal sealed class IssuerEndpoints(EmulatorState state, TokenIssuer issuer, Func<string> domain)
{
    public Task DiscoveryAsync(HttpContext context)
    {
        var baseUrl = domain();
        return EmulatorResponses.Json(context, StatusCodes.Status200OK, json =>
        {
            json.WriteString("authorization_endpoint", $"{baseUrl}/oauth2/authorize");
            json.WriteString("end_session_endpoint", $"{baseUrl}/logout");
            json.WriteStartArray("id_token_signing_alg_values_supported");
            json.WriteStringValue("RS256");
            json.WriteEndArray();
            json.WriteString("issuer", issuer.Issuer);
            json.WriteString("jwks_uri", $"{issuer.Issuer}/.well-known/jwks.json");
            WriteArray(json, "response_types_supported", "code");
            json.WriteString("revocation_endpoint", $"{baseUrl}/oauth2/revoke");
            WriteArray(json, "scopes_supported", "openid", "email", "phone", "profile");
            WriteArray(json, "subject_types_supported", "public");
            json.WriteString("token_endpoint", $"{baseUrl}/oauth2/token");
            WriteArray(json, "token_endpoint_auth_methods_supported", "client_secret_basic", "client_secret_post");
            json.WriteString("userinfo_endpoint", $"{baseUrl}/oauth2/userInfo");
        });
    }

    public async Task JwksAsync(HttpContext context)
    {
        state.CountJwksRequest();
        context.Response.ContentType = "application/json;charset=UTF-8";
        await using var json = new System.Text.Json.Utf8JsonWriter(context.Response.Body);
        issuer.WriteJwks(json);
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static void WriteArray(System.Text.Json.Utf8JsonWriter json, string name, params string[] values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
