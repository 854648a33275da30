using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace OAuth2Generic.Tests;

/// <summary>
/// The tokens on which the differential test asks <c>AddCognitoJwtBearer</c> and <c>aws-jwt-verify</c> for a verdict:
/// Cognito's access and id tokens as Cognito issues them for one pool, and each changed in one way: every claim with a
/// type given the wrong type, times at and around the clock (to the quarter second), both issuer forms, the header's
/// members, the signature and its key, and the encodings a strict reader refuses. Generated at every run (the pool's key
/// is made by the run), under the one clock <see cref="Now"/>.
/// </summary>
internal static class DifferentialTokens
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

    private static void AddHeaderCases(Action<string, string> access)
    {
        var payload = AccessPayload();
        access("no kid", Compact("""{"alg":"RS256"}""", payload));
        access("kid a number", Compact("""{"kid":1,"alg":"RS256"}""", payload));
        access("kid null", Compact("""{"kid":null,"alg":"RS256"}""", payload));
        access("kid unknown", Compact("""{"kid":"key-9","alg":"RS256"}""", payload));
        access("kid empty", Compact("""{"kid":"","alg":"RS256"}""", payload));
        access("kid of the pool's 1024-bit key", Compact("""{"kid":"weak-key","alg":"RS256"}""", payload, WeakKey));
        access("alg missing", Compact("""{"kid":"key-1"}""", payload));
        access("alg a number", Compact("""{"kid":"key-1","alg":256}""", payload));
        access("alg RS384 by the pool's key", Compact("""{"kid":"key-1","alg":"RS384"}""", payload, hash: HashAlgorithmName.SHA384));
        access("alg RS512 by the pool's key", Compact("""{"kid":"key-1","alg":"RS512"}""", payload, hash: HashAlgorithmName.SHA512));
        access("alg none without a signature", B64("""{"alg":"none"}""") + "." + B64(payload) + ".");
        access("alg none with a signature", Compact("""{"kid":"key-1","alg":"none"}""", payload));
        access("alg HS256 with the public key as secret", Segments("""{"kid":"key-1","alg":"HS256"}""", payload, Hmac));
        access("alg ES256", Segments("""{"kid":"key-1","alg":"ES256"}""", payload, EcSignature));
        access("a crit header", Compact("""{"kid":"key-1","alg":"RS256","crit":["exp"],"exp":1}""", payload));
        access("typ at+jwt", Compact("""{"kid":"key-1","alg":"RS256","typ":"at+jwt"}""", payload));
        access("a jku naming another key set", Compact("""{"kid":"key-1","alg":"RS256","jku":"https://attacker.example/jwks.json"}""", payload));
        access("a repeated header member", Compact("""{"kid":"key-1","alg":"RS256","alg":"RS256"}""", payload));
        access("a header that is an array", Compact("""["RS256"]""", payload));
        access("a header that is not JSON", Compact("""{"kid":"key-1","alg":RS256}""", payload));
        access("signed by another key under the pool's kid", Compact(Header, payload, OtherKey));
        access("signed by another key under an unknown kid", Compact("""{"kid":"key-7","alg":"RS256"}""", payload, OtherKey));
    }

    private static void AddEncodingCases(Action<string, string> access)
    {
        var token = AccessToken();
        var lastDot = token.LastIndexOf('.');
        var signature = token[(lastDot + 1)..];
        access("the signature truncated", token[..^4]);
        access("the signature of another token", token[..lastDot] + "." + AccessToken(("jti", Q("another")))[(lastDot + 1)..]);
        access("an empty signature", token[..(lastDot + 1)]);
        access("padding after the signature", token[..(lastDot + 1)] + Padded(signature));
        access("the signature's last character with unused bits set", token[..^1] + WithUnusedBits(token[^1]));
        access("standard base64 in the signature", token[..(lastDot + 1)] + "+" + signature[1..]);
        access("a tab in the signature", token[..^8] + "\t" + token[^8..]);
        access("four parts", token + ".e30");
        access("two parts", token[..lastDot]);
        access("empty", string.Empty);
        access("not a token", "not-a-token");

        // Padding and unused bits in the signed parts: aws-jwt-verify verifies the signature over the parts as sent.
        access("padding after the header", Signed(Padded(B64(PaddableHeader())) + "." + B64(AccessPayload())));
        access("padding after the payload", Signed(B64(Header) + "." + Padded(B64(PaddablePayload()))));
        access("the payload's last character with unused bits set", Signed(B64(Header) + "." + WithUnusedBits(B64(PaddablePayload()))));

        access("a repeated sub", Compact(Header, AccessPayload()[..^1] + ",\"sub\":\"someone-else\"}"));
        access("a repeated custom claim with the same value", Compact(Header, AccessPayload()[..^1] + ",\"custom:a\":1,\"custom:a\":1}"));
        access("a lone surrogate in a custom claim", Compact(Header, AccessPayload(("custom:x", "\"\\ud800\""))));
        access("a surrogate pair escaped in a custom claim", Compact(Header, AccessPayload(("custom:x", "\"\\ud83d\\ude00\""))));
        access("invalid UTF-8 in a custom claim", Signed(B64(Header) + "." + Base64Url.EncodeToString(InvalidUtf8Payload())));
        access("a byte order mark before the payload", Signed(B64(Header) + "." + Base64Url.EncodeToString([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(AccessPayload())])));
        access("a claim nested 60 arrays deep", Compact(Header, AccessPayload(("custom:deep", new string('[', 60) + new string(']', 60)))));
        access("a claim nested 70 arrays deep", Compact(Header, AccessPayload(("custom:deep", new string('[', 70) + new string(']', 70)))));
        access("a payload that is an array", Compact(Header, "[1]"));
        access("a payload that is null", Compact(Header, "null"));
        access("a payload that is not JSON", Compact(Header, AccessPayload()[..^1]));
        access("a __proto__ member", Compact(Header, AccessPayload(("__proto__", "{\"token_use\":\"id\"}"))));
        access("a constructor member", Compact(Header, AccessPayload(("constructor", "1"))));
        access("iat named with an escape, a string", Compact(Header, AccessPayload(("iat", null))[..^1] + ",\"\\u0069at\":\"x\"}"));
        access("sub named with an escape, a number", Compact(Header, AccessPayload(("sub", null))[..^1] + ",\"\\u0073ub\":1}"));
        access("exp named with an escape, a number", Compact(Header, AccessPayload(("exp", null))[..^1] + $",\"\\u0065xp\":{T + 3600}}}"));
        access("a token of 100,000 characters", AccessToken(("custom:large", Q(new string('x', 75_000)))));
        access("a token of 300,000 characters", AccessToken(("custom:large", Q(new string('x', 225_000)))));
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

    // A header whose base64url needs padding: 2 or 3 characters in its last group.
    private static string PaddableHeader() => B64(Header).Length % 4 == 0 ? """{"kid":"key-1","alg":"RS256","x":1}""" : Header;

    private static string PaddablePayload()
    {
        var payload = AccessPayload();
        return B64(payload).Length % 4 == 0 ? AccessPayload(("custom:pad", "1")) : payload;
    }

    private static string Compact(string header, string payload, RsaSecurityKey? key = null, HashAlgorithmName? hash = null) =>
        Signed(B64(header) + "." + B64(payload), key, hash);

    private static string Segments(string header, string payload, Func<byte[], byte[]> sign)
    {
        var signed = B64(header) + "." + B64(payload);
        return signed + "." + Base64Url.EncodeToString(sign(Encoding.ASCII.GetBytes(signed)));
    }

    private static string Signed(string signed, RsaSecurityKey? key = null, HashAlgorithmName? hash = null)
    {
        var signature = (key ?? FakeCognito.SigningKey).Rsa.SignData(Encoding.ASCII.GetBytes(signed), hash ?? HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signed + "." + Base64Url.EncodeToString(signature);
    }

    // The "algorithm confusion" attack: the pool's public key set, as published, used as an HMAC secret.
    private static byte[] Hmac(byte[] signed) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(Jwks), signed);

    private static byte[] EcSignature(byte[] signed)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.SignData(signed, HashAlgorithmName.SHA256);
    }

    // A custom claim holding the byte 0xFF, which no UTF-8 text has (a lenient decoder makes it U+FFFD).
    private static byte[] InvalidUtf8Payload()
    {
        var bytes = Encoding.UTF8.GetBytes(AccessPayload(("custom:x", "\"a~b\"")));
        bytes[Array.IndexOf(bytes, (byte)'~')] = 0xFF;
        return bytes;
    }

    private static string Padded(string segment) => segment + new string('=', (4 - (segment.Length % 4)) % 4);

    // The same bytes with a bit set among the last character's unused ones (RFC 4648 §3.5), which a lenient decoder ignores.
    private static string WithUnusedBits(string segment) => segment[..^1] + WithUnusedBits(segment[^1]);

    private static char WithUnusedBits(char last)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        return Alphabet[Alphabet.IndexOf(last, StringComparison.Ordinal) | 1];
    }

    private static string B64(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    private static string Q(string value) => JsonSerializer.Serialize(value);

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
