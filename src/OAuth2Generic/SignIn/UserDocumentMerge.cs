using System.Buffers;
using System.Collections.Frozen;
using System.Text.Json;

namespace OAuth2Generic;

/// <summary>
/// The user document of <see cref="UserInformationSource.Both"/>: the validated id_token's user members, then the
/// user-info answer's, which win where both have a member. Pure code.
/// </summary>
internal static class UserDocumentMerge
{
    /// <summary>
    /// Members of an id_token that describe the token rather than the user (OpenID Connect Core §2, RFC 7519 §4.1); they
    /// are not taken into the merged document.
    /// </summary>
    public static readonly FrozenSet<string> TokenMembers = FrozenSet.Create(
        StringComparer.Ordinal, "iss", "aud", "exp", "iat", "nbf", "nonce", "at_hash", "c_hash", "azp", "jti");

    /// <summary>Builds the merged document. A user-info answer that is not an object is returned as it is, for the mapper to report.</summary>
    /// <param name="idToken">The validated id_token's payload, if any.</param>
    /// <param name="userInfo">The user-info answer, if any.</param>
    /// <param name="tokenMembers">The id_token's members that are not the user's.</param>
    /// <param name="isTokenOnly">Members only the id_token may give: taken from it even when the user-info answer has them, and never from the answer.</param>
    /// <param name="write">Writes one member, straightening a provider's quirk on the way.</param>
    public static JsonDocument Create(
        JsonElement? idToken, JsonElement? userInfo, FrozenSet<string> tokenMembers, Func<string, bool> isTokenOnly, Action<Utf8JsonWriter, JsonProperty> write)
    {
        if (userInfo is { ValueKind: not JsonValueKind.Object } notAnObject)
        {
            return JsonDocument.Parse(notAnObject.GetRawText());
        }

        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (idToken is { ValueKind: JsonValueKind.Object } token)
            {
                foreach (var member in token.EnumerateObject())
                {
                    if (!tokenMembers.Contains(member.Name)
                        && (isTokenOnly(member.Name) || userInfo?.TryGetProperty(member.Name, out _) != true))
                    {
                        write(writer, member);
                    }
                }
            }

            if (userInfo is { } info)
            {
                foreach (var member in info.EnumerateObject())
                {
                    if (!isTokenOnly(member.Name))
                    {
                        write(writer, member);
                    }
                }
            }

            writer.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.WrittenMemory);
    }
}
