using Microsoft.AspNetCore.Http;
using OAuth2Generic.Testing.Config;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>The admin API's routes of one user pool, <c>/_emulator/pools/{user pool id}/…</c>.</summary>
internal static class AdminPoolRoutes
{
    public static Task HandleAsync(HttpContext context, CognitoEmulatorUserPool pool, string[] path, string method) => (path, method) switch
    {
        (["users"], "POST") => AddUserAsync(context, pool),
        (["users", var name], "GET") => pool.FindUser(name) is { } user
            ? EmulatorResponses.Json(context, StatusCodes.Status200OK, json => WriteUser(json, user))
            : AdminApi.Error(context, StatusCodes.Status404NotFound, $"The user pool {pool.UserPoolId} has no user '{name}'."),
        (["users", var name, "password"], "PUT") => WithBody(context, body =>
        {
            pool.SetPassword(name, body.RequiredString("password"));
        }),
        (["users", var name, "attributes"], "PATCH" or "POST") => WithBody(context, body =>
        {
            // Every member is an attribute: a string sets it, null removes it.
            foreach (var member in body.Element.EnumerateObject())
            {
                pool.SetAttribute(name, member.Name, body.Member(member.Name)?.AsString());
            }
        }),
        (["users", var name, "groups"], "POST") => WithBody(context, body => pool.AddUserToGroup(name, body.RequiredString("group"))),
        (["users", var name, "global-sign-out"], "POST") => WithBody(context, _ => pool.GlobalSignOut(name)),
        (["revoke"], "POST") => WithBody(context, body => pool.RevokeRefreshToken(body.RequiredString("token"))),
        (["clients", var clientId, "callback-urls"], "POST") => WithBody(context, body => pool.RegisterCallbackUrl(body.RequiredString("url"), clientId)),
        (["clients", var clientId, "sign-out-urls"], "POST") => WithBody(context, body => pool.RegisterSignOutUrl(body.RequiredString("url"), clientId)),
        (["signing-keys", "rotate"], "POST") => EmulatorResponses.Json(context, StatusCodes.Status200OK, json => json.WriteString("kid", pool.RotateSigningKey())),
        (["signing-keys", "retire-previous"], "POST") => WithBody(context, _ => pool.RetirePreviousSigningKeys()),
        (["requests"], "GET") => EmulatorResponses.Json(context, StatusCodes.Status200OK, json =>
        {
            json.WriteNumber("token", pool.TokenRequests);
            json.WriteNumber("refresh", pool.RefreshRequests);
            json.WriteNumber("jwks", pool.JwksRequests);
        }),
        _ => AdminApi.Error(context, StatusCodes.Status404NotFound, $"No admin route {method} {context.Request.Path}."),
    };

    private static async Task AddUserAsync(HttpContext context, CognitoEmulatorUserPool pool)
    {
        var body = await AdminApi.BodyAsync(context).ConfigureAwait(false);
        pool.AddUser(PoolConfigReader.ReadUser(body));
        var user = pool.FindUser(body.RequiredString("username"))!;
        await EmulatorResponses.Json(context, StatusCodes.Status201Created, json => WriteUser(json, user)).ConfigureAwait(false);
    }

    /// <summary>Reads the body, makes the change and answers 204; an empty body is an empty object.</summary>
    private static async Task WithBody(HttpContext context, Action<ConfigNode> change)
    {
        var body = await AdminApi.BodyAsync(context).ConfigureAwait(false);
        change(body);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    // The user as the admin API shows it: never the password.
    private static void WriteUser(System.Text.Json.Utf8JsonWriter json, CognitoEmulatorUser user)
    {
        json.WriteString("username", user.Username);
        json.WriteString("sub", user.Sub);
        json.WriteString("email", user.Email);
        json.WriteBoolean("emailVerified", user.EmailVerified);
        json.WriteString("phoneNumber", user.PhoneNumber);
        json.WriteBoolean("phoneNumberVerified", user.PhoneNumberVerified);
        json.WriteStartArray("groups");
        foreach (var group in user.Groups)
        {
            json.WriteStringValue(group);
        }

        json.WriteEndArray();
        json.WritePropertyName("attributes");
        json.WriteStartObject();
        foreach (var (name, value) in user.Attributes)
        {
            json.WriteString(name, value);
        }

        if (user.Federation is { } federation)
        {
            json.WriteString("identities", federation.ToJson());
        }

        json.WriteEndObject();
    }
}
