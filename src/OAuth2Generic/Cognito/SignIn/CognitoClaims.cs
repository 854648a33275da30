using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic.Cognito;

/// <summary>
/// What the Cognito handler adds to the claims mapped by <see cref="UserResponseStructure"/>: the verified-contact
/// rule, every top-level attribute under its Cognito name, the id_token's <c>cognito:</c> members, roles from groups,
/// and the identity providers of a federated user. Pure code.
/// </summary>
internal static class CognitoClaims
{
    private const string GroupsMember = "cognito:groups";

    /// <param name="identity">The identity with the claims mapped so far; completed in place.</param>
    /// <param name="user">The user document (see <see cref="CognitoUserDocument"/>).</param>
    /// <param name="idToken">The validated id_token's payload, or null when it is not validated.</param>
    /// <param name="options">The options.</param>
    /// <param name="issuer">The claims' issuer.</param>
    /// <param name="logger">Where a member named like a reserved claim type is reported.</param>
    public static void Complete(
        ClaimsIdentity identity, JsonElement user, JsonElement? idToken, CognitoOptions options, string issuer, ILogger logger)
    {
        // The types the application's own mapping gave (UserResponseStructure), taken before the rules below remove any,
        // so that a member cannot come back under a type that was removed. Without regard to case, as ClaimsIdentity
        // compares types.
        var mappedTypes = identity.Claims.Select(claim => claim.Type).ToHashSet(StringComparer.OrdinalIgnoreCase);

        // An address or number nobody verified must not pass for the user's own (account linking, password resets), nor
        // become the name or nickname (the recipe maps both from email) that an application may key accounts on.
        if (options.RequireVerifiedEmail && !CognitoUserDocument.IsTrue(user, "email_verified"))
        {
            var email = ProviderJson.StringMember(user, "email");
            RemoveAll(identity, claim => claim.Type == ClaimTypes.Email
                                         || (claim.Type is ClaimTypes.Name or OAuth2GenericClaimTypes.Nickname && claim.Value == email));
        }

        if (options.RequireVerifiedPhoneNumber && !CognitoUserDocument.IsTrue(user, "phone_number_verified"))
        {
            RemoveAll(identity, claim => claim.Type == ClaimTypes.MobilePhone);
        }

        AddMembers(identity, user, mappedTypes, issuer, static name => !CognitoUserDocument.TokenMembers.Contains(name), logger);

        if (idToken is { ValueKind: JsonValueKind.Object } token)
        {
            // Cognito's quirk: groups (and the cognito: username) exist only in tokens, never in userInfo.
            AddMembers(identity, token, mappedTypes, issuer, CognitoUserDocument.IsTokenOnly, logger);

            // Roles come from the signed token alone, never from userInfo, even where userInfo wins a merge.
            if (token.TryGetProperty(GroupsMember, out var groups) && groups.ValueKind == JsonValueKind.Array)
            {
                foreach (var group in groups.EnumerateArray())
                {
                    if (group.ValueKind == JsonValueKind.String && group.GetString() is { Length: > 0 } role)
                    {
                        identity.AddClaim(new Claim(ClaimTypes.Role, role, ClaimValueTypes.String, issuer, issuer, identity));
                    }
                }
            }
        }

        AddIdentityProviders(identity, user, issuer);

        // Without a name (an unverified address was not used for one), the user name is the name.
        if (!identity.HasClaim(claim => claim.Type == ClaimTypes.Name)
            && identity.FindFirst(claim => claim.Type is "username" or "cognito:username") is { } username)
        {
            identity.AddClaim(new Claim(ClaimTypes.Name, username.Value, ClaimValueTypes.String, issuer, issuer, identity));
        }
    }

    // Each member becomes claims under its own name, except those named like the claim types the documented rules
    // alone give (roles from the token's groups, a verified email, the id from sub, …): see IsReservedClaimType.
    private static void AddMembers(
        ClaimsIdentity identity, JsonElement document, HashSet<string> mappedTypes, string issuer, Func<string, bool> include, ILogger logger)
    {
        if (document.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        string? firstReserved = null;
        var reserved = 0;
        foreach (var member in document.EnumerateObject())
        {
            if (!include(member.Name))
            {
                continue;
            }

            if (CognitoUserDocument.IsReservedClaimType(member.Name))
            {
                firstReserved ??= member.Name;
                reserved++;
            }
            else if (mappedTypes.Add(member.Name))
            {
                UserResponseMapper.AddClaims(identity, member.Name, member.Value, issuer);
            }
        }

        if (firstReserved is not null)
        {
            logger.ReservedClaimTypeMembersIgnored(reserved, ProviderText.Clean(firstReserved)!);
        }
    }

    // Each identity of a federated user names its provider (identities: [{"providerName":"Google",…}]).
    private static void AddIdentityProviders(ClaimsIdentity identity, JsonElement user, string issuer)
    {
        if (user.ValueKind != JsonValueKind.Object
            || !user.TryGetProperty("identities", out var identities)
            || identities.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var federated in identities.EnumerateArray())
        {
            if (federated.ValueKind == JsonValueKind.Object
                && federated.TryGetProperty("providerName", out var provider)
                && provider.ValueKind == JsonValueKind.String
                && provider.GetString() is { Length: > 0 } name
                && seen.Add(name))
            {
                identity.AddClaim(new Claim(CognitoClaimTypes.IdentityProvider, name, ClaimValueTypes.String, issuer, issuer, identity));
            }
        }
    }

    private static void RemoveAll(ClaimsIdentity identity, Predicate<Claim> match)
    {
        foreach (var claim in identity.FindAll(match).ToList())
        {
            identity.RemoveClaim(claim);
        }
    }
}
