using System.Text.Json;
using System.Text.Json.Nodes;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// Cognito's pre-token-generation trigger, event version 2: the event the hook receives (the user's attributes, its
/// groups, the scopes) and what its <c>response.claimsAndScopeOverrideDetails</c> does to the claims of the id and
/// access tokens about to be signed. Additions and overrides apply first, then suppressions.
/// </summary>
internal static class PreTokenGenerationTrigger
{
    // The claims Cognito keeps for itself in both tokens: a hook that adds, overrides or suppresses one fails the request,
    // so that a test finds out here rather than at AWS.
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "acr", "amr", "at_hash", "auth_time", "azp", "cognito:username", "client_id", "event_id", "exp", "iat", "identities",
        "iss", "jti", "nbf", "nonce", "origin_jti", "scope", "sub", "token_use", "username", "version",
    };

    // Groups and roles change only through groupOverrideDetails.
    private static readonly HashSet<string> GroupClaims = new(StringComparer.Ordinal) { "cognito:groups", "cognito:roles", "cognito:preferred_role" };

    /// <summary>Runs the hook and applies its answer to the claims; <paramref name="idToken"/> is null when no id token is issued.</summary>
    /// <exception cref="InvalidOperationException">The hook failed, or answered something Cognito refuses.</exception>
    public static async Task ApplyAsync(
        Func<JsonObject, CancellationToken, Task> hook, EmulatorState state, string clientId, CognitoEmulatorUser user, string triggerSource,
        Dictionary<string, object>? idToken, Dictionary<string, object> accessToken, CancellationToken cancellationToken)
    {
        var triggerEvent = Event(state, clientId, user, triggerSource, ((string)accessToken["scope"]).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        try
        {
            await hook(triggerEvent, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new InvalidOperationException($"PreTokenGeneration failed with error {exception.Message}", exception);
        }

        if (triggerEvent["response"]?["claimsAndScopeOverrideDetails"] is not JsonObject details)
        {
            return;
        }

        if (idToken is not null && details["idTokenGeneration"] is JsonObject idGeneration)
        {
            Apply(idGeneration, idToken, "idTokenGeneration");
        }

        if (details["accessTokenGeneration"] is JsonObject accessGeneration)
        {
            Apply(accessGeneration, accessToken, "accessTokenGeneration");
            var scopes = ((string)accessToken["scope"]).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            scopes.AddRange(Strings(accessGeneration["scopesToAdd"]).Where(scope => !scopes.Contains(scope)));
            scopes.RemoveAll(Strings(accessGeneration["scopesToSuppress"]).Contains);
            accessToken["scope"] = string.Join(' ', scopes);
        }

        if (details["groupOverrideDetails"] is JsonObject groups)
        {
            ApplyGroups(groups, idToken, accessToken);
        }
    }

    /// <summary>The V2 event, as the Lambda function would receive it.</summary>
    public static JsonObject Event(EmulatorState state, string clientId, CognitoEmulatorUser user, string triggerSource, IEnumerable<string> scopes)
    {
        var attributes = new JsonObject { ["sub"] = user.Sub };
        foreach (var (name, value) in user.Attributes)
        {
            attributes[name] = value;
        }

        if (user.Email is not null)
        {
            attributes["email"] = user.Email;
            attributes["email_verified"] = user.EmailVerified ? "true" : "false";
        }

        if (user.PhoneNumber is not null)
        {
            attributes["phone_number"] = user.PhoneNumber;
            attributes["phone_number_verified"] = user.PhoneNumberVerified ? "true" : "false";
        }

        if (user.Federation is { } federation)
        {
            attributes["identities"] = federation.ToJson();
        }

        attributes["cognito:user_status"] = user.Federation is null ? "CONFIRMED" : "EXTERNAL_PROVIDER";
        return new JsonObject
        {
            ["version"] = "2",
            ["triggerSource"] = triggerSource,
            ["region"] = state.UserPoolId[..state.UserPoolId.IndexOf('_', StringComparison.Ordinal)],
            ["userPoolId"] = state.UserPoolId,
            ["userName"] = user.Username,
            ["callerContext"] = new JsonObject { ["awsSdkVersion"] = "aws-sdk-unknown-unknown", ["clientId"] = clientId },
            ["request"] = new JsonObject
            {
                ["userAttributes"] = attributes,
                ["groupConfiguration"] = new JsonObject
                {
                    ["groupsToOverride"] = new JsonArray([.. user.Groups.Select(group => (JsonNode)group)]),
                    ["iamRolesToOverride"] = new JsonArray(),
                    ["preferredRole"] = null,
                },
                ["scopes"] = new JsonArray([.. scopes.Select(scope => (JsonNode)scope)]),
            },
            ["response"] = new JsonObject { ["claimsAndScopeOverrideDetails"] = null },
        };
    }

    private static void Apply(JsonObject generation, Dictionary<string, object> claims, string where)
    {
        if (generation["claimsToAddOrOverride"] is JsonObject add)
        {
            foreach (var (name, value) in add)
            {
                if (Reserved.Contains(name) || GroupClaims.Contains(name))
                {
                    throw new InvalidOperationException(
                        $"PreTokenGeneration answered {where}.claimsToAddOrOverride with '{name}', a claim Cognito does not let a trigger set{(GroupClaims.Contains(name) ? " (use groupOverrideDetails)" : "")}.");
                }

                if (value is null)
                {
                    claims.Remove(name);
                }
                else
                {
                    claims[name] = JsonSerializer.SerializeToElement(value, EmulatorJsonContext.Default.JsonNode);
                }
            }
        }

        foreach (var name in Strings(generation["claimsToSuppress"]))
        {
            if (Reserved.Contains(name))
            {
                throw new InvalidOperationException($"PreTokenGeneration answered {where}.claimsToSuppress with '{name}', a claim Cognito does not let a trigger suppress.");
            }

            claims.Remove(name);
        }
    }

    private static void ApplyGroups(JsonObject groups, Dictionary<string, object>? idToken, Dictionary<string, object> accessToken)
    {
        if (groups["groupsToOverride"] is JsonArray)
        {
            var overridden = Strings(groups["groupsToOverride"]).ToArray();
            foreach (var claims in new[] { idToken, accessToken })
            {
                if (claims is null)
                {
                    continue;
                }

                // As for a user in no group, the claim is left out rather than made empty.
                if (overridden.Length == 0)
                {
                    claims.Remove("cognito:groups");
                }
                else
                {
                    claims["cognito:groups"] = overridden;
                }
            }
        }

        if (idToken is null)
        {
            return;
        }

        if (groups["iamRolesToOverride"] is JsonArray && Strings(groups["iamRolesToOverride"]).ToArray() is { Length: > 0 } roles)
        {
            idToken["cognito:roles"] = roles;
        }

        if (groups["preferredRole"] is JsonValue preferred && preferred.TryGetValue<string>(out var role))
        {
            idToken["cognito:preferred_role"] = role;
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node)
        => node is JsonArray array ? array.Select(item => item is JsonValue value && value.TryGetValue<string>(out var text) ? text : null).OfType<string>() : [];
}
