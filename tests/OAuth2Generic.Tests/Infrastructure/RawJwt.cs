using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace OAuth2Generic.Tests;

/// <summary>
/// Compact JWTs written part by part, as no serializer writes them: a header and a payload given as JSON text, signed
/// by an RSA key (by default <see cref="FakeCognito.SigningKey"/>) or by any signer, and the spellings of a part that a
/// lenient decoder reads and a strict one refuses (padding, unused bits set).
/// </summary>
internal static class RawJwt
{
    /// <summary>The header and payload, base64url, signed with RS256 (or <paramref name="hash"/>) by <paramref name="key"/>.</summary>
    public static string Compact(string header, string payload, RsaSecurityKey? key = null, HashAlgorithmName? hash = null) =>
        Signed(B64(header) + "." + B64(payload), key, hash);

    /// <summary>The header and payload, base64url, with the signature <paramref name="sign"/> makes of them.</summary>
    public static string Segments(string header, string payload, Func<byte[], byte[]> sign)
    {
        var signed = B64(header) + "." + B64(payload);
        return signed + "." + Base64Url.EncodeToString(sign(Encoding.ASCII.GetBytes(signed)));
    }

    /// <summary>The signing input as it is given (padded or not), with its RSA signature.</summary>
    public static string Signed(string signed, RsaSecurityKey? key = null, HashAlgorithmName? hash = null)
    {
        var signature = (key ?? FakeCognito.SigningKey).Rsa.SignData(Encoding.ASCII.GetBytes(signed), hash ?? HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signed + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>A base64url part with the <c>=</c> padding base64 would give it.</summary>
    public static string Padded(string segment) => segment + new string('=', (4 - (segment.Length % 4)) % 4);

    /// <summary>
    /// The same bytes with a bit set among the last character's unused ones (RFC 4648 §3.5), which a lenient decoder
    /// ignores; the part's length must not be a multiple of four characters.
    /// </summary>
    public static string WithUnusedBits(string segment) => segment[..^1] + WithUnusedBits(segment[^1]);

    /// <summary>The JSON text as UTF-8, base64url.</summary>
    public static string B64(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    private static char WithUnusedBits(char last)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        return Alphabet[Alphabet.IndexOf(last, StringComparison.Ordinal) | 1];
    }
}
