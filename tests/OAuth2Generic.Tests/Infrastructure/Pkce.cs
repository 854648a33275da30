using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace OAuth2Generic.Tests;

internal static class Pkce
{
    /// <summary>The S256 code challenge of a verifier (RFC 7636 §4.2), computed independently of the handler.</summary>
    public static string S256(string verifier) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
}
