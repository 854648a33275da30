using System.Text.Json;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// The link between a federated user and its identity provider: what Cognito writes in the user's <c>identities</c>
/// attribute, and the user name it gives the user, <c>{provider name}_{the provider's user id}</c>.
/// </summary>
internal sealed record FederatedIdentity(string ProviderName, string ProviderType, string UserId, string? Issuer, DateTimeOffset Created)
{
    public string Username => $"{ProviderName}_{UserId}";

    /// <summary>
    /// The <c>identities</c> entry as Cognito writes it: <c>primary</c> a string, <c>dateCreated</c> the milliseconds as a
    /// string, <c>issuer</c> null for the social providers.
    /// </summary>
    public void Write(Utf8JsonWriter json)
    {
        json.WriteStartArray();
        json.WriteStartObject();
        json.WriteString("userId", UserId);
        json.WriteString("providerName", ProviderName);
        json.WriteString("providerType", ProviderType);
        if (Issuer is null)
        {
            json.WriteNull("issuer");
        }
        else
        {
            json.WriteString("issuer", Issuer);
        }

        json.WriteString("primary", "true");
        json.WriteString("dateCreated", Created.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        json.WriteEndObject();
        json.WriteEndArray();
    }

    /// <summary>The <c>identities</c> attribute: the JSON text of the array, as userInfo and the trigger event carry it.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
