using System.Collections.Frozen;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;

namespace OAuth2Generic;

/// <summary>
/// Turns a user document into claims by a <see cref="UserResponseStructure"/>: the Ruby strategy's
/// <c>fetch_user_info</c>, with the value rules and claim table of the design. Pure code: JSON in, claims out.
/// </summary>
internal static class UserResponseMapper
{
    private static readonly FrozenDictionary<string, string> InfoClaimTypes = new Dictionary<string, string>
    {
        ["name"] = ClaimTypes.Name,
        ["email"] = ClaimTypes.Email,
        ["first_name"] = ClaimTypes.GivenName,
        ["last_name"] = ClaimTypes.Surname,
        ["phone"] = ClaimTypes.MobilePhone,
        ["location"] = ClaimTypes.Locality,
        ["nickname"] = OAuth2GenericClaimTypes.Nickname,
        ["description"] = OAuth2GenericClaimTypes.Description,
        ["image"] = OAuth2GenericClaimTypes.Image,
        ["urls"] = OAuth2GenericClaimTypes.Urls,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Maps the document to claims: the id as <see cref="ClaimTypes.NameIdentifier"/>, then each attribute.
    /// When no <c>name</c> was found, one is derived as OmniAuth does: first and last name, else nickname, else email.
    /// </summary>
    /// <exception cref="OAuth2GenericException">The id is missing, null, empty, boolean or not a scalar.</exception>
    public static List<Claim> Map(JsonElement document, UserResponseStructure structure, string issuer)
    {
        var claims = new List<Claim>(structure.Attributes.Count + 2)
        {
            new(ClaimTypes.NameIdentifier, ReadId(document, structure), ClaimValueTypes.String, issuer),
        };

        var nameFound = false;
        string? firstName = null, lastName = null, nickname = null, email = null;
        foreach (var (key, path) in structure.Attributes)
        {
            if (!TryResolve(document, structure.RootPath, path, out var value))
            {
                continue;
            }

            var claimType = InfoClaimTypes.GetValueOrDefault(key, key);
            var added = claims.Count;
            AddClaims(claims, claimType, value, issuer);
            if (claims.Count == added)
            {
                continue;
            }

            var first = claims[added].Value;
            switch (claimType)
            {
                case ClaimTypes.Name: nameFound = true; break;
                case ClaimTypes.GivenName: firstName ??= first; break;
                case ClaimTypes.Surname: lastName ??= first; break;
                case OAuth2GenericClaimTypes.Nickname: nickname ??= first; break;
                case ClaimTypes.Email: email ??= first; break;
            }
        }

        if (!nameFound && DeriveName(firstName, lastName, nickname, email) is { } name)
        {
            claims.Add(new Claim(ClaimTypes.Name, name, ClaimValueTypes.String, issuer));
        }

        return claims;
    }

    /// <summary>
    /// Finds the value at <paramref name="path"/>: from the document root when the path is absolute, else from
    /// <paramref name="rootPath"/>. Objects are walked by member name, arrays by integer index (negative from the end).
    /// Strings and numbers are never indexed into (unlike Ruby's <c>"meme"["me"]</c>).
    /// </summary>
    /// <returns>Whether every step was found. A JSON null that is found counts as found.</returns>
    public static bool TryResolve(JsonElement document, UserResponsePath rootPath, UserResponsePath path, out JsonElement value)
    {
        value = document;
        return (path.IsAbsolute || TryWalk(ref value, rootPath)) && TryWalk(ref value, path);
    }

    private static bool TryWalk(ref JsonElement current, UserResponsePath steps)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            switch (current.ValueKind)
            {
                case JsonValueKind.Object:
                    if (!current.TryGetProperty(step, out current))
                    {
                        return false;
                    }

                    break;

                case JsonValueKind.Array:
                    if (!int.TryParse(step, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
                    {
                        return false;
                    }

                    var length = current.GetArrayLength();
                    if (index < 0)
                    {
                        index += length;
                    }

                    if (index < 0 || index >= length)
                    {
                        return false;
                    }

                    current = current[index];
                    break;

                default:
                    return false;
            }
        }

        return true;
    }

    private static string ReadId(JsonElement document, UserResponseStructure structure)
    {
        var path = structure.IdPath;
        string problem;
        if (!TryResolve(document, structure.RootPath, path, out var id))
        {
            problem = "is missing";
        }
        else
        {
            switch (id.ValueKind)
            {
                case JsonValueKind.String when id.GetString() is { Length: > 0 } text:
                    return text;
                case JsonValueKind.Number:
                    return id.GetRawText();
                case JsonValueKind.String:
                    problem = "is an empty string";
                    break;
                case JsonValueKind.Null:
                    problem = "is null";
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    problem = "is a boolean";
                    break;
                default:
                    problem = "is " + (id.ValueKind == JsonValueKind.Object ? "an object" : "an array") + ", not a string or number";
                    break;
            }
        }

        var where = path.IsAbsolute ? $"IdPath {path}" : $"IdPath {path} under RootPath {structure.RootPath}";
        throw new OAuth2GenericException(
            SignInStep.UserResponse,
            $"The user document has no usable id: the value at {where} {problem}. Set UserResponseStructure:IdPath to the member that holds the user's unique id.");
    }

    /// <summary>Adds the claims of one value by the value rules: one per scalar of an array, objects as JSON text, null as none.</summary>
    internal static void AddClaims(List<Claim> claims, string claimType, JsonElement value, string issuer)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var element in value.EnumerateArray())
                {
                    if (element.ValueKind == JsonValueKind.Array)
                    {
                        claims.Add(new Claim(claimType, element.GetRawText(), JsonClaimValueTypes.JsonArray, issuer));
                    }
                    else
                    {
                        AddClaims(claims, claimType, element, issuer);
                    }
                }

                break;

            case JsonValueKind.String:
                claims.Add(new Claim(claimType, value.GetString()!, ClaimValueTypes.String, issuer));
                break;

            case JsonValueKind.Number:
                var number = value.GetRawText();
                claims.Add(new Claim(claimType, number, NumberValueType(number), issuer));
                break;

            case JsonValueKind.True:
                claims.Add(new Claim(claimType, "true", ClaimValueTypes.Boolean, issuer));
                break;

            case JsonValueKind.False:
                claims.Add(new Claim(claimType, "false", ClaimValueTypes.Boolean, issuer));
                break;

            case JsonValueKind.Object:
                claims.Add(new Claim(claimType, value.GetRawText(), JsonClaimValueTypes.Json, issuer));
                break;

            default: // null: no claim
                break;
        }
    }

    // The number's JSON text is kept exactly (12345678901234567890 stays exact); the value type says how to read it.
    private static string NumberValueType(string number)
    {
        if (number.AsSpan().IndexOfAny('.', 'e', 'E') >= 0)
        {
            return ClaimValueTypes.Double;
        }

        if (long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            return ClaimValueTypes.Integer64;
        }

        return ulong.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? ClaimValueTypes.UInteger64
            : ClaimValueTypes.Integer;
    }

    // OmniAuth::AuthHash::InfoHash#name: "first last" (stripped) when either is present, else nickname, else email.
    private static string? DeriveName(string? firstName, string? lastName, string? nickname, string? email)
    {
        if (firstName is not null || lastName is not null)
        {
            var joined = $"{firstName} {lastName}".Trim();
            if (joined.Length > 0)
            {
                return joined;
            }
        }

        return nickname ?? email;
    }
}
