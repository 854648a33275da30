using System.Text;

namespace OAuth2Generic;

/// <summary>
/// The credentials of the <c>client_secret_basic</c> Authorization header of RFC 6749 §2.3.1.
/// </summary>
internal static class ClientSecretBasic
{
    /// <summary>
    /// Builds the header's parameter. The id and secret are each <c>application/x-www-form-urlencoded</c> first, as
    /// §2.3.1 requires, so a <c>:</c> or a non-ASCII character in either survives; many clients (and the Ruby oauth2
    /// gem before 2.0) skip that step and fail with such credentials.
    /// </summary>
    public static string Credentials(string clientId, string clientSecret)
    {
        var credentials = FormEncode(clientId) + ":" + FormEncode(clientSecret);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));
    }

    // application/x-www-form-urlencoded: space as '+', the unreserved set kept, everything else percent-encoded.
    private static string FormEncode(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);
}
