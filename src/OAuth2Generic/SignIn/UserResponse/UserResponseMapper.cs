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
    /// Maps the document into <paramref name="identity"/>: the id as <see cref="ClaimTypes.NameIdentifier"/>, then each
    /// attribute (one whose value is <c>false</c> gives no claim, as in Ruby). When no <c>name</c> was found, one is
    /// derived as OmniAuth does: first and last name, else nickname, else email. The claims are made with the identity as their subject, so that adding them copies none.
    /// </summary>
    /// <exception cref="OAuth2GenericException">The id is missing, null, empty, boolean or not a scalar.</exception>
    public static void Map(JsonElement document, UserResponseStructure structure, string issuer, ClaimsIdentity identity)
    {
        // The root path is walked once; relative paths (the id's, the attributes') start from where it ends.
        var root = document;
        var rootFound = TryWalk(ref root, structure.RootPath.Steps);

        var id = ReadId(document, root, rootFound, structure);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, id, ClaimValueTypes.String, issuer, issuer, identity));

        var nameFound = false;
        string? firstName = null, lastName = null, nickname = null, email = null;
        foreach (var (claimType, path, role) in structure.Plan.Entries)
        {
            var value = path.IsAbsolute ? document : root;
            // A false value is no value, as in the Ruby strategy (user_hash[field] = value if value): an info key such as
            // email or nickname never holds the text "false", and a name is still derived when name is false.
            if ((!path.IsAbsolute && !rootFound) || !TryWalk(ref value, path.Steps) || value.ValueKind == JsonValueKind.False)
            {
                continue;
            }

            var first = AddClaims(identity, claimType, value, issuer);
            switch (role)
            {
                case InfoRole.Name: nameFound |= first is not null; break;
                case InfoRole.GivenName: firstName ??= first; break;
                case InfoRole.Surname: lastName ??= first; break;
                case InfoRole.Nickname: nickname ??= first; break;
                case InfoRole.Email: email ??= first; break;
            }
        }

        if (!nameFound && DeriveName(firstName, lastName, nickname, email) is { } name)
        {
            identity.AddClaim(new Claim(ClaimTypes.Name, name, ClaimValueTypes.String, issuer, issuer, identity));
        }
    }

    /// <summary>The claims <see cref="Map(JsonElement, UserResponseStructure, string, ClaimsIdentity)"/> gives, as a list.</summary>
    public static List<Claim> Map(JsonElement document, UserResponseStructure structure, string issuer)
    {
        var identity = new ClaimsIdentity();
        Map(document, structure, issuer, identity);
        return [.. identity.Claims];
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
        return (path.IsAbsolute || TryWalk(ref value, rootPath.Steps)) && TryWalk(ref value, path.Steps);
    }

    private static bool TryWalk(ref JsonElement current, ReadOnlySpan<string> steps)
    {
        foreach (var step in steps)
        {
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

    private static string ReadId(JsonElement document, JsonElement root, bool rootFound, UserResponseStructure structure)
    {
        var path = structure.IdPath;
        string problem;
        var id = path.IsAbsolute ? document : root;
        if ((!path.IsAbsolute && !rootFound) || !TryWalk(ref id, path.Steps))
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
            FailureStep.ClaimsMapping,
            $"The user document has no usable id: the value at {where} {problem}. Set UserResponseStructure:IdPath to the member that holds the user's unique id.");
    }

    /// <summary>
    /// Adds the claims of one value by the value rules: one per scalar of an array, objects as JSON text, null as none.
    /// </summary>
    /// <returns>The value of the first claim added, or null when none was.</returns>
    internal static string? AddClaims(ClaimsIdentity identity, string claimType, JsonElement value, string issuer)
    {
        string text, valueType;
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                string? first = null;
                foreach (var element in value.EnumerateArray())
                {
                    var added = element.ValueKind == JsonValueKind.Array
                        ? Add(identity, claimType, element.GetRawText(), JsonClaimValueTypes.JsonArray, issuer)
                        : AddClaims(identity, claimType, element, issuer);
                    first ??= added;
                }

                return first;

            case JsonValueKind.String:
                (text, valueType) = (value.GetString()!, ClaimValueTypes.String);
                break;
            case JsonValueKind.Number:
                text = value.GetRawText();
                valueType = NumberValueType(text);
                break;
            case JsonValueKind.True:
                (text, valueType) = ("true", ClaimValueTypes.Boolean);
                break;
            case JsonValueKind.False:
                (text, valueType) = ("false", ClaimValueTypes.Boolean);
                break;
            case JsonValueKind.Object:
                (text, valueType) = (value.GetRawText(), JsonClaimValueTypes.Json);
                break;
            default: // null: no claim
                return null;
        }

        return Add(identity, claimType, text, valueType, issuer);
    }

    private static string Add(ClaimsIdentity identity, string claimType, string value, string valueType, string issuer)
    {
        identity.AddClaim(new Claim(claimType, value, valueType, issuer, issuer, identity));
        return value;
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

    /// <summary>
    /// The attributes compiled: each key's claim type and its part in deriving a name, looked up once per change of the
    /// attributes rather than at every sign-in.
    /// </summary>
    internal sealed class Plan
    {
        private Plan(int version, (string ClaimType, UserResponsePath Path, InfoRole Role)[] entries)
        {
            Version = version;
            Entries = entries;
        }

        public int Version { get; }

        public (string ClaimType, UserResponsePath Path, InfoRole Role)[] Entries { get; }

        public static Plan Create(UserResponseAttributes attributes) =>
            new(attributes.Version, [.. attributes.Select(attribute =>
            {
                var claimType = InfoClaimTypes.GetValueOrDefault(attribute.Key, attribute.Key);
                var role = claimType switch
                {
                    ClaimTypes.Name => InfoRole.Name,
                    ClaimTypes.GivenName => InfoRole.GivenName,
                    ClaimTypes.Surname => InfoRole.Surname,
                    OAuth2GenericClaimTypes.Nickname => InfoRole.Nickname,
                    ClaimTypes.Email => InfoRole.Email,
                    _ => InfoRole.None,
                };
                return (claimType, attribute.Value, role);
            })]);
    }

    /// <summary>The part an attribute plays in deriving a name when none is given.</summary>
    internal enum InfoRole
    {
        None,
        Name,
        GivenName,
        Surname,
        Nickname,
        Email,
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
