using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using static OAuth2Generic.Tests.RawJwt;

namespace OAuth2Generic.Tests;

/// <summary>
/// The tokens on which the differential test asks <c>AddCognitoJwtBearer</c> and <c>aws-jwt-verify</c> for a verdict:
/// Cognito's access and id tokens as Cognito issues them for one pool, and each changed in one way: every claim with a
/// type given the wrong type, times at and around the clock (to the quarter second), both issuer forms, the header's
/// members, the signature and its key, and the encodings a strict reader refuses. Generated at every run (the pool's key
/// is made by the run), under the one clock <see cref="Now"/>.
/// </summary>
internal static partial class DifferentialTokens
{
    public const string UserPoolId = FakeCognito.UserPoolId;
    public const string Issuer = $"https://cognito-idp.us-east-1.amazonaws.com/{UserPoolId}";
    public const string GlobalIssuer = $"https://issuer-cognito-idp.us-east-1.amazonaws.com/{UserPoolId}";
    public const string ClientId = AccessTokens.ApiClientId;

    /// <summary>The one clock: a quarter of a second past a whole second, so that a time rounded to whole seconds shows.</summary>
    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_250);

    /// <summary>A 1024-bit key the pool publishes beside its own (aws-jwt-verify verifies with it).</summary>
    public static readonly RsaSecurityKey WeakKey = new(RSA.Create(1024)) { KeyId = "weak-key" };

    /// <summary>The pool's key set: <see cref="FakeCognito.SigningKey"/> (<c>key-1</c>) and <see cref="WeakKey"/>.</summary>
    public static readonly string Jwks = FakeCognito.JwksJson(FakeCognito.SigningKey, WeakKey);

    private const string Header = """{"kid":"key-1","alg":"RS256"}""";

    // The whole second before Now, in which tokens are issued.
    private const long T = 1_700_000_000;

    private static readonly RsaSecurityKey OtherKey = new(RSA.Create(2048)) { KeyId = "key-1" };

    public static IReadOnlyList<DifferentialToken> All()
    {
        var tokens = new List<DifferentialToken>();
        void Access(string name, string token) => tokens.Add(new DifferentialToken(name, "access", token));
        void Id(string name, string token) => tokens.Add(new DifferentialToken(name, "id", token));

        Access("an access token as Cognito issues it", AccessToken());
        Id("an id token as Cognito issues it", IdToken());
        Access("an access token of the issuer-cognito-idp form", AccessToken(("iss", Q(GlobalIssuer))));
        Id("an id token of the issuer-cognito-idp form", IdToken(("iss", Q(GlobalIssuer))));

        foreach (var (name, json) in WrongTypes("iss", "string"))
        {
            Access($"iss {name}", AccessToken(("iss", json)));
        }

        Access("iss missing", AccessToken(("iss", null)));
        Access("iss of another pool", AccessToken(("iss", Q("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other1"))));
        Access("iss with a trailing slash", AccessToken(("iss", Q(Issuer + "/"))));
        Access("iss over http", AccessToken(("iss", Q("http" + Issuer[5..]))));
        Access("iss with the host in upper case", AccessToken(("iss", Q(Issuer.Replace("cognito-idp", "COGNITO-IDP", StringComparison.Ordinal)))));
        Access("iss of the issuer-cognito-idp form of another pool", AccessToken(("iss", Q("https://issuer-cognito-idp.us-east-1.amazonaws.com/us-east-1_Other1"))));
        Access("iss of the issuer-cognito-idp form in another region", AccessToken(("iss", Q($"https://issuer-cognito-idp.eu-west-1.amazonaws.com/{UserPoolId}"))));
        Access("iss of the issuer-cognito-idp form with a trailing slash", AccessToken(("iss", Q(GlobalIssuer + "/"))));

        foreach (var claim in new[] { "sub", "jti", "scope", "client_id", "token_use", "username" })
        {
            foreach (var (name, json) in WrongTypes(claim, "string"))
            {
                Access($"{claim} {name}", AccessToken((claim, json)));
            }
        }

        foreach (var claim in new[] { "sub", "jti", "scope", "username", "auth_time", "iat", "cognito:groups" })
        {
            Access($"{claim} missing", AccessToken((claim, null)));
        }

        Access("sub empty", AccessToken(("sub", Q(""))));
        Access("sub with non-ASCII characters", AccessToken(("sub", "\"bébé-☃-😀\"")));
        Access("scope empty", AccessToken(("scope", Q(""))));
        Access("client_id of another app client", AccessToken(("client_id", Q("another-app-client"))));
        Access("client_id missing", AccessToken(("client_id", null)));
        Access("client_id empty", AccessToken(("client_id", Q(""))));
        Access("token_use id on an access token", AccessToken(("token_use", Q("id"))));
        Access("token_use refresh", AccessToken(("token_use", Q("refresh"))));
        Access("token_use in upper case", AccessToken(("token_use", Q("ACCESS"))));
        Access("token_use missing", AccessToken(("token_use", null)));

        Access("aud a string on an access token", AccessToken(("aud", Q("anything"))));
        Access("aud an array of strings on an access token", AccessToken(("aud", "[\"a\",\"b\"]")));
        Access("aud an empty array on an access token", AccessToken(("aud", "[]")));
        foreach (var (name, json) in WrongTypes("aud", "strings"))
        {
            Access($"aud {name} on an access token", AccessToken(("aud", json)));
        }

        foreach (var claim in new[] { "exp", "nbf", "iat", "auth_time" })
        {
            foreach (var (name, json) in WrongTypes(claim, "number"))
            {
                Access($"{claim} {name}", AccessToken((claim, json)));
            }
        }

        Access("exp missing", AccessToken(("exp", null)));
        Access("exp an hour ago", AccessToken(("exp", N(T - 3600))));
        Access("exp a quarter of a second before now", AccessToken(("exp", N(T))));
        Access("exp exactly now", AccessToken(("exp", "1700000000.25")));
        Access("exp a quarter of a second after now", AccessToken(("exp", "1700000000.5")));
        Access("exp in exponent notation", AccessToken(("exp", "1.7000036e9")));
        Access("exp in exponent notation with a sign", AccessToken(("exp", "1.7000036E+9")));
        Access("exp with decimals", AccessToken(("exp", "1700003600.000")));
        Access("exp in the year 33658", AccessToken(("exp", "1e12")));
        Access("exp past the year 9999", AccessToken(("exp", "1e15")));
        Access("exp zero", AccessToken(("exp", "0")));
        Access("exp negative", AccessToken(("exp", "-1")));

        Access("nbf in ten minutes", AccessToken(("nbf", N(T + 600))));
        Access("nbf half a second after now", AccessToken(("nbf", "1700000000.75")));
        Access("nbf exactly now", AccessToken(("nbf", "1700000000.25")));
        Access("nbf a second ago", AccessToken(("nbf", N(T - 1))));
        Access("nbf 1e-400", AccessToken(("nbf", "1e-400")));
        Access("iat a day ahead", AccessToken(("iat", N(T + 86400))));
        Access("iat with a fraction", AccessToken(("iat", "1700000000.125")));
        Access("auth_time with a fraction", AccessToken(("auth_time", "1700000000.125")));

        Access("cognito:groups empty", AccessToken(("cognito:groups", "[]")));
        foreach (var (name, json) in WrongTypes("cognito:groups", "array"))
        {
            Access($"cognito:groups {name}", AccessToken(("cognito:groups", json)));
        }

        Id("an id token for another app client", IdToken(("aud", Q("another-app-client"))));
        Id("an id token without aud", IdToken(("aud", null)));
        Id("an id token with aud an array of the app client", IdToken(("aud", $"[{Q(ClientId)}]")));
        Id("an id token with aud the app client and another", IdToken(("aud", $"[{Q(ClientId)},\"another\"]")));
        Id("an id token with aud a number", IdToken(("aud", "1")));
        Id("an id token with client_id of another app client", IdToken(("client_id", Q("another-app-client"))));
        Id("an id token with cognito:username a number", IdToken(("cognito:username", "1")));
        Id("an id token with cognito:username null", IdToken(("cognito:username", "null")));
        Id("an id token with cognito:groups a string", IdToken(("cognito:groups", Q("admins"))));
        Id("an access token on the id verifier", AccessToken());
        Access("an id token on the access verifier", IdToken());

        AddHeaderCases(Access);
        AddEncodingCases(Access);
        return tokens;
    }

    // The wrong JSON types of a claim whose type is a string, a number, an array of strings or either of those.
    private static IEnumerable<(string Name, string Json)> WrongTypes(string claim, string type)
    {
        yield return ("null", "null");
        yield return ("an object", "{\"a\":\"b\"}");
        yield return ("true", "true");
        if (type != "number")
        {
            yield return ("a number", "1");
        }

        if (type is "number")
        {
            yield return ("a string", Q((T + 3600).ToString(CultureInfo.InvariantCulture)));
            yield return ("1e400", "1e400");
            yield return ("-1e400", "-1e400");
            yield return ("an array", $"[{T + 3600}]");
        }

        if (type is "string")
        {
            yield return ("an array", claim == "client_id" ? $"[{Q(ClientId)}]" : claim == "token_use" ? "[\"access\"]" : "[\"a\"]");
        }

        if (type is "strings" or "array")
        {
            yield return ("an array holding a number", "[\"a\",1]");
            yield return ("an array holding null", "[null]");
            yield return ("an array holding an array", "[[\"a\"]]");
        }

        if (type is "array")
        {
            yield return ("a string", Q("admins"));
        }
    }

    private static string AccessToken(params (string Name, string? Json)[] changes) => Compact(Header, AccessPayload(changes));

    private static string IdToken(params (string Name, string? Json)[] changes) => Compact(Header, Payload(
        [
            ("sub", Q(FakeCognito.Subject)), ("aud", Q(ClientId)), ("email_verified", "true"), ("token_use", Q("id")),
            ("auth_time", N(T)), ("iss", Q(Issuer)), ("cognito:username", Q("bob")), ("cognito:groups", "[\"admins\",\"editors\"]"),
            ("exp", N(T + 3600)), ("iat", N(T)), ("email", Q("bob@example.com")), ("jti", Q("id-jti-1")), ("origin_jti", Q("origin-1")),
        ],
        changes));

    private static string AccessPayload(params (string Name, string? Json)[] changes) => Payload(
        [
            ("sub", Q(FakeCognito.Subject)), ("cognito:groups", "[\"admins\"]"), ("iss", Q(Issuer)), ("version", "2"),
            ("client_id", Q(ClientId)), ("origin_jti", Q("origin-1")), ("token_use", Q("access")), ("scope", Q("openid orders/read")),
            ("auth_time", N(T)), ("exp", N(T + 3600)), ("iat", N(T)), ("jti", Q("access-jti-1")), ("username", Q("bob")),
        ],
        changes);

    // The claims as JSON text, each change replacing a member (null removes it) or adding one at the end.
    private static string Payload(List<(string Name, string Json)> claims, (string Name, string? Json)[] changes)
    {
        foreach (var (name, json) in changes)
        {
            var index = claims.FindIndex(claim => claim.Name == name);
            if (json is null)
            {
                claims.RemoveAll(claim => claim.Name == name);
            }
            else if (index >= 0)
            {
                claims[index] = (name, json);
            }
            else
            {
                claims.Add((name, json));
            }
        }

        return "{" + string.Join(',', claims.Select(claim => JsonSerializer.Serialize(claim.Name) + ":" + claim.Json)) + "}";
    }

    private static string Q(string value) => JsonSerializer.Serialize(value);

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
