using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using static OAuth2Generic.Tests.RawJwt;

namespace OAuth2Generic.Tests;

/// <summary>The tokens of the set changed in their JOSE parts: the header's members, the signature and its key, the encodings.</summary>
internal static partial class DifferentialTokens
{
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
        access("the signature's last character with unused bits set", WithUnusedBits(token));
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

    // A header whose base64url needs padding: 2 or 3 characters in its last group.
    private static string PaddableHeader() => B64(Header).Length % 4 == 0 ? """{"kid":"key-1","alg":"RS256","x":1}""" : Header;

    private static string PaddablePayload()
    {
        var payload = AccessPayload();
        return B64(payload).Length % 4 == 0 ? AccessPayload(("custom:pad", "1")) : payload;
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
}
