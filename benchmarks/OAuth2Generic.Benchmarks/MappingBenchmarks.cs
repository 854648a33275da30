using System.Security.Claims;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth.Claims;

namespace OAuth2Generic.Benchmarks;

/// <summary>
/// A user document to claims: the package's mapper against the equivalent <see cref="ClaimActions"/>, on the same
/// parsed document, adding the claims to an identity as a handler does.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MappingBenchmarks
{
    private const string Issuer = "benchmark";

    private JsonDocument _cognito = null!;
    private JsonDocument _nested = null!;
    private UserResponseStructure _cognitoStructure = null!;
    private UserResponseStructure _nestedStructure = null!;
    private ClaimActionCollection _cognitoActions = null!;
    private ClaimActionCollection _nestedActions = null!;

    [GlobalSetup]
    public void Setup()
    {
        _cognito = JsonDocument.Parse(ProviderDocuments.CognitoUserInfo);
        _nested = JsonDocument.Parse(ProviderDocuments.NestedUser);

        // The GitLab recipe for Cognito: id from sub; name, nickname and email from email; the other seven keys stay.
        _cognitoStructure = new UserResponseStructure { IdPath = UserResponsePath.Absolute(["sub"]) };
        foreach (var key in new[] { "name", "nickname", "email" })
        {
            _cognitoStructure.Attributes[key] = UserResponsePath.Relative("email");
        }

        _cognitoActions = [];
        _cognitoActions.MapJsonKey(ClaimTypes.NameIdentifier, "sub");
        _cognitoActions.MapJsonKey(ClaimTypes.Name, "email");
        _cognitoActions.MapJsonKey(ClaimTypes.Email, "email");
        _cognitoActions.MapJsonKey(OAuth2GenericClaimTypes.Nickname, "email");
        _cognitoActions.MapJsonKey(ClaimTypes.GivenName, "first_name");
        _cognitoActions.MapJsonKey(ClaimTypes.Surname, "last_name");
        _cognitoActions.MapJsonKey(ClaimTypes.Locality, "location");
        _cognitoActions.MapJsonKey(OAuth2GenericClaimTypes.Description, "description");
        _cognitoActions.MapJsonKey(OAuth2GenericClaimTypes.Image, "image");
        _cognitoActions.MapJsonKey(ClaimTypes.MobilePhone, "phone");
        _cognitoActions.MapJsonKey(OAuth2GenericClaimTypes.Urls, "urls");

        // An envelope: root_path ["data", "user"], the identities' first provider by an absolute path.
        _nestedStructure = new UserResponseStructure { RootPath = UserResponsePath.Absolute(["data", "user"]), IdPath = "id" };
        _nestedStructure.Attributes["nickname"] = UserResponsePath.Relative("username");
        _nestedStructure.Attributes["image"] = UserResponsePath.Relative("avatar_url");
        _nestedStructure.Attributes["description"] = UserResponsePath.Relative("bio");
        _nestedStructure.Attributes["urls"] = UserResponsePath.Relative("web_url");
        _nestedStructure.Attributes["provider"] = UserResponsePath.Absolute(["data", "user", "identities", "0", "provider"]);

        _nestedActions = [];
        _nestedActions.MapCustomJson(ClaimTypes.NameIdentifier, user => User(user).GetProperty("id").GetRawText());
        _nestedActions.MapCustomJson(ClaimTypes.Name, user => String(User(user), "name"));
        _nestedActions.MapCustomJson(ClaimTypes.Email, user => String(User(user), "email"));
        _nestedActions.MapCustomJson(OAuth2GenericClaimTypes.Nickname, user => String(User(user), "username"));
        _nestedActions.MapCustomJson(ClaimTypes.GivenName, user => String(User(user), "first_name"));
        _nestedActions.MapCustomJson(ClaimTypes.Surname, user => String(User(user), "last_name"));
        _nestedActions.MapCustomJson(ClaimTypes.Locality, user => String(User(user), "location"));
        _nestedActions.MapCustomJson(OAuth2GenericClaimTypes.Description, user => String(User(user), "bio"));
        _nestedActions.MapCustomJson(OAuth2GenericClaimTypes.Image, user => String(User(user), "avatar_url"));
        _nestedActions.MapCustomJson(ClaimTypes.MobilePhone, user => String(User(user), "phone"));
        _nestedActions.MapCustomJson(OAuth2GenericClaimTypes.Urls, user => String(User(user), "web_url"));
        _nestedActions.MapCustomJson("provider", user => User(user).GetProperty("identities")[0].GetProperty("provider").GetString());

        // Both sides must give the same claims, or the comparison means nothing.
        AssertSameClaims(CognitoMapper(), CognitoClaimActions());
        AssertSameClaims(NestedMapper(), NestedClaimActions());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cognito.Dispose();
        _nested.Dispose();
    }

    [Benchmark(Baseline = true, Description = "ClaimActions")]
    [BenchmarkCategory("Cognito userInfo")]
    public ClaimsIdentity CognitoClaimActions() => Run(_cognitoActions, _cognito.RootElement);

    [Benchmark(Description = "OAuth2Generic mapper")]
    [BenchmarkCategory("Cognito userInfo")]
    public ClaimsIdentity CognitoMapper() => Map(_cognitoStructure, _cognito.RootElement);

    [Benchmark(Baseline = true, Description = "ClaimActions")]
    [BenchmarkCategory("Nested GitLab user")]
    public ClaimsIdentity NestedClaimActions() => Run(_nestedActions, _nested.RootElement);

    [Benchmark(Description = "OAuth2Generic mapper")]
    [BenchmarkCategory("Nested GitLab user")]
    public ClaimsIdentity NestedMapper() => Map(_nestedStructure, _nested.RootElement);

    private static ClaimsIdentity Run(ClaimActionCollection actions, JsonElement user)
    {
        var identity = new ClaimsIdentity("benchmark");
        foreach (var action in actions)
        {
            action.Run(user, identity, Issuer);
        }

        return identity;
    }

    private static ClaimsIdentity Map(UserResponseStructure structure, JsonElement user)
    {
        var identity = new ClaimsIdentity("benchmark");
        UserResponseMapper.Map(user, structure, Issuer, identity);
        return identity;
    }

    private static JsonElement User(JsonElement document) => document.GetProperty("data").GetProperty("user");

    private static string? String(JsonElement user, string key) =>
        user.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void AssertSameClaims(ClaimsIdentity ours, ClaimsIdentity theirs)
    {
        static IEnumerable<string> Pairs(ClaimsIdentity identity) => identity.Claims.Select(claim => claim.Type + "=" + claim.Value).Order();
        if (!Pairs(ours).SequenceEqual(Pairs(theirs)))
        {
            throw new InvalidOperationException(
                $"The two mappings differ:\n{string.Join("\n", Pairs(ours))}\n---\n{string.Join("\n", Pairs(theirs))}");
        }
    }
}
