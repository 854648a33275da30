using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using CsCheck;
using Microsoft.Extensions.Logging.Abstractions;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests.ClaimsMapping;

/// <summary>
/// Properties of the user-response mapper over random JSON documents and random paths (CsCheck): it never fails with
/// anything but its documented failure, a value placed at a path is found at that path, and no member named with a
/// claim-type URI mints that claim, in the generic mapper or in any of Cognito's modes.
/// </summary>
public sealed class UserResponseMapperPropertyTests
{
    private const string Issuer = "issuer";

    // Keys that look like indexes ("0", "-1") are members of objects, never indexes: they are in the mix on purpose.
    private static readonly Gen<string> Key = Gen.OneOf(
        Gen.Const("id"), Gen.Const("0"), Gen.Const("-1"), Gen.Const("1"), Gen.Const("name"), Gen.Const(string.Empty),
        Gen.String[Gen.Char["ab0-_:é\"\\ "], 1, 4]);

    private static readonly Gen<string> Text = Gen.String[Gen.Char["abcXYZ 0-9é€\"\\/\n\t😀"], 0, 6];

    private static readonly Gen<string> Scalar = Gen.OneOf(
        Gen.Long.Select(number => number.ToString(CultureInfo.InvariantCulture)),
        Gen.Const("12345678901234567890"),
        Gen.Const("-0.5e3"),
        Text.Select(text => JsonSerializer.Serialize(text)),
        Gen.Const("true"),
        Gen.Const("false"),
        Gen.Const("null"));

    private static readonly Gen<string> Document = Gen.Recursive<string>((depth, self) => depth >= 4
        ? Scalar
        : Gen.Frequency(
            (3, Scalar),
            (1, self.Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")),
            (2, Key.ArrayUnique[0, 4].SelectMany(keys => self.Array[keys.Length].Select(values =>
                "{" + string.Join(",", keys.Zip(values, (key, value) => JsonSerializer.Serialize(key) + ":" + value)) + "}")))));

    // A step is a member name, or an array index as the configuration writes it (negative from the end).
    private static readonly Gen<string[]> Path = Gen.OneOf(Key, Gen.Int[-3, 3].Select(index => index.ToString(CultureInfo.InvariantCulture))).Array[0, 4];

    [Fact]
    public void Random_documents_and_paths_give_claims_or_the_documented_failure_and_nothing_else()
    {
        Gen.Select(Document, Path, Path, Path.Array[0, 3]).Sample(
            (json, rootPath, idPath, attributePaths) =>
        {
            using var document = JsonDocument.Parse(json);
            var structure = new UserResponseStructure
            {
                RootPath = UserResponsePath.Absolute(rootPath),
                IdPath = idPath.Length == 1 ? UserResponsePath.Relative(idPath[0]) : UserResponsePath.Absolute(idPath),
            };
            for (var i = 0; i < attributePaths.Length; i++)
            {
                structure.Attributes["attribute" + i] = UserResponsePath.Absolute(attributePaths[i]);
            }

            try
            {
                var claims = UserResponseMapper.Map(document.RootElement, structure, Issuer);
                Assert.Equal(ClaimTypes.NameIdentifier, claims[0].Type);
                Assert.NotEmpty(claims[0].Value);
            }
            catch (OAuth2GenericException exception)
            {
                Assert.Equal(FailureStep.ClaimsMapping, exception.Step);
            }
        });
    }

    [Fact]
    public void A_value_placed_at_a_path_is_found_at_that_path_and_can_be_the_id()
    {
        var placement = Gen.Select(Scalar.Where(scalar => scalar != "null"), Gen.OneOf(Key.Select(Step.Member), ArrayStep).Array[0, 5], Scalar);
        placement.Sample((value, steps, noise) =>
        {
            var json = value;
            foreach (var step in steps.Reverse())
            {
                json = step.Wrap(json, noise);
            }

            using var document = JsonDocument.Parse(json);
            var path = UserResponsePath.Absolute(steps.Select(step => step.Name));

            Assert.True(UserResponseMapper.TryResolve(document.RootElement, UserResponsePath.Empty, path, out var found));
            Assert.Equal(value, found.GetRawText());

            var structure = new UserResponseStructure { IdPath = path };
            structure.Attributes.Clear();
            if (found.ValueKind == JsonValueKind.Number || (found.ValueKind == JsonValueKind.String && found.GetString()!.Length > 0))
            {
                var id = Assert.Single(UserResponseMapper.Map(document.RootElement, structure, Issuer));
                Assert.Equal(found.ValueKind == JsonValueKind.String ? found.GetString() : value, id.Value);
            }
            else
            {
                Assert.Throws<OAuth2GenericException>(() => UserResponseMapper.Map(document.RootElement, structure, Issuer));
            }
        });
    }

    // A claim type the framework or this package gives a meaning to, in any mix of cases: ClaimsIdentity compares
    // types without regard to case, so ROLE-in-capitals is a role to IsInRole.
    private static readonly Gen<string> MeaningfulType = Gen.Select(Gen.OneOf([.. MeaningfulClaimTypes.All]), Gen.UInt)
        .Select((type, cases) => string.Concat(type.Select((character, i) => (cases >> (i % 32) & 1) == 1 ? char.ToUpperInvariant(character) : character)));

    private static readonly Gen<string> ForgedValue = Gen.OneOf(
        "\"forged\"", "[\"forged\",\"forged-too\"]", "{\"value\":\"forged\"}", "[[\"forged\"]]");

    private static readonly Gen<string> ForgedMembers = Gen.Select(MeaningfulType, ForgedValue).Array[1, 6]
        .Select(members => string.Concat(members.DistinctBy(member => member.Item1).Select(member => "," + JsonSerializer.Serialize(member.Item1) + ":" + member.Item2)));

    [Fact]
    public void Member_names_drawn_from_claim_type_URIs_never_mint_claims_in_the_generic_mapper()
    {
        Gen.Select(ForgedMembers, Gen.OneOf("7", "\"ada\"")).Sample((forged, id) =>
        {
            using var document = JsonDocument.Parse($$"""{"id":{{id}},"name":"Ada","email":"ada@example.com"{{forged}}}""");

            var claims = UserResponseMapper.Map(document.RootElement, new UserResponseStructure(), Issuer);

            // Only the application's attribute map names claim types: the ten OmniAuth keys by default, and the id.
            Assert.Equal(id.Trim('"'), Assert.Single(claims, claim => claim.Type == ClaimTypes.NameIdentifier).Value);
            Assert.DoesNotContain(claims, claim => claim.Value.Contains("forged", StringComparison.Ordinal));
        });
    }

    /// <summary>Each user-information mode, and whether the id_token is validated (the modes other than UserInfo need it).</summary>
    private static readonly Gen<(UserInformationSource Source, bool Validated)> CognitoMode = Gen.OneOf(
        (UserInformationSource.UserInfo, false), (UserInformationSource.UserInfo, true), (UserInformationSource.Both, true), (UserInformationSource.IdToken, true));

    [Fact]
    public void In_every_Cognito_mode_member_names_drawn_from_claim_type_URIs_never_mint_those_claims()
    {
        var userInfoFlag = Gen.OneOf<string?>("\"true\"", "\"false\"", "true", "false", null);
        var tokenFlag = Gen.OneOf<string?>("true", "false", null);
        var groups = Gen.OneOf<string?>(null, "[]", "[\"g1\"]", "[\"g1\",\"g2\"]");

        // Cognito's own members under another case are forged too when userInfo sends them.
        var forgedCognito = Gen.OneOf(string.Empty, ",\"Cognito:Groups\":[\"forged\"]", ",\"COGNITO:USERNAME\":\"forged\"", ",\"cognito:groups\":[\"forged\"]");

        Gen.Select(CognitoMode, Gen.Select(userInfoFlag, userInfoFlag, tokenFlag, groups), ForgedMembers, ForgedMembers, forgedCognito).Sample(
            (mode, flags, forgedInUserInfo, forgedInToken, forgedCognitoMember) =>
        {
            var (emailFlag, phoneFlag, tokenEmailFlag, tokenGroups) = flags;
            var userInfo = "{\"sub\":\"s-1\",\"username\":\"user\",\"email\":\"user@example.com\",\"phone_number\":\"+15550100\""
                + Member("email_verified", emailFlag) + Member("phone_number_verified", phoneFlag) + forgedInUserInfo + forgedCognitoMember + "}";
            var idToken = "{\"sub\":\"s-1\",\"iss\":\"i\",\"aud\":\"a\",\"token_use\":\"id\",\"cognito:username\":\"user\",\"email\":\"user@example.com\""
                + Member("email_verified", tokenEmailFlag) + Member("cognito:groups", tokenGroups) + forgedInToken + "}";

            var claims = CognitoClaimsOf(mode.Source, mode.Validated, userInfo, idToken);

            Assert.DoesNotContain(claims, claim => MeaningfulClaimTypes.Contains(claim.Type) && claim.Value.Contains("forged", StringComparison.Ordinal));
            Assert.DoesNotContain(claims, claim => claim.Type.StartsWith("cognito:", StringComparison.OrdinalIgnoreCase) && claim.Value.Contains("forged", StringComparison.Ordinal));
            Assert.Equal("s-1", Assert.Single(claims, claim => claim.Type == ClaimTypes.NameIdentifier).Value);

            // The documented rules: roles from the validated token's groups alone; the email only when verified.
            string[] roles = mode.Validated && tokenGroups is not null ? JsonSerializer.Deserialize<string[]>(tokenGroups)! : [];
            Assert.Equal(roles, claims.Where(claim => claim.Type == ClaimTypes.Role).Select(claim => claim.Value));
            var verified = mode.Source switch
            {
                UserInformationSource.IdToken => tokenEmailFlag == "true",
                UserInformationSource.Both when emailFlag is null => tokenEmailFlag == "true",
                _ => emailFlag is "true" or "\"true\"",
            };
            Assert.Equal(verified ? ["user@example.com"] : [], claims.Where(claim => claim.Type == ClaimTypes.Email).Select(claim => claim.Value));
        });

        static string Member(string name, string? value) => value is null ? string.Empty : $",\"{name}\":{value}";
    }

    [Fact]
    public void Random_Cognito_documents_give_claims_or_the_documented_failure_in_every_mode()
    {
        // Cognito's userInfo sends identities as a JSON-encoded string: random JSON, and JSON the checks refuse (an
        // escape that is no character, a repeated member, nesting as deep as a whole document may go).
        var identities = Gen.OneOf(
            Document,
            Gen.OneOf("""[{"providerName":"\ud800"}]""", """{"a":["ok","\udc00"]}""", """[{"providerName":"a","providerName":"b"}]"""),
            Gen.Int[60, 66].Select(depth => new string('[', depth) + new string(']', depth)));
        var userDocument = Gen.Select(Document, identities, Gen.Bool).Select((members, nested, withSub) =>
            "{" + (withSub ? "\"sub\":\"s-1\"," : string.Empty) + "\"identities\":" + JsonSerializer.Serialize(nested)
            + ",\"email_verified\":\"true\",\"members\":" + members + "}");

        Gen.Select(CognitoMode, userDocument, userDocument).Sample((mode, userInfo, idToken) =>
        {
            // As the handler reads them: both documents have passed the checks of every provider JSON.
            using var checkedUserInfo = ProviderJson.TryParse(System.Text.Encoding.UTF8.GetBytes(userInfo));
            using var checkedIdToken = ProviderJson.TryParse(System.Text.Encoding.UTF8.GetBytes(idToken));
            Assert.NotNull(checkedUserInfo);
            Assert.NotNull(checkedIdToken);

            try
            {
                var claims = CognitoClaimsOf(mode.Source, mode.Validated, userInfo, idToken);
                Assert.Equal("s-1", Assert.Single(claims, claim => claim.Type == ClaimTypes.NameIdentifier).Value);
            }
            catch (OAuth2GenericException exception)
            {
                Assert.Equal(FailureStep.ClaimsMapping, exception.Step);
            }
        });
    }

    // The steps of a Cognito sign-in as CognitoHandler runs them: the user document of the mode, the mapper, then the
    // Cognito rules. HostileUserDocumentTests runs the handler itself in each mode, over HTTP.
    private static List<Claim> CognitoClaimsOf(UserInformationSource source, bool validated, string userInfoJson, string idTokenJson)
    {
        var options = new CognitoOptions { UserInformationSource = source };
        using var userInfo = JsonDocument.Parse(userInfoJson);
        using var token = JsonDocument.Parse(idTokenJson);
        JsonElement? idToken = validated ? token.RootElement : null;
        using var user = source switch
        {
            UserInformationSource.IdToken => JsonDocument.Parse(idTokenJson),
            UserInformationSource.Both => CognitoUserDocument.Create(idToken, userInfo.RootElement),
            _ => CognitoUserDocument.Create(null, userInfo.RootElement),
        };

        var identity = new ClaimsIdentity();
        UserResponseMapper.Map(user.RootElement, options.UserResponseStructure, Issuer, identity);
        CognitoClaims.Complete(identity, user.RootElement, idToken, options, Issuer, NullLogger.Instance);
        return [.. identity.Claims];
    }

    // An array of noise with the value at a random position, reached by a positive or a negative index.
    private static readonly Gen<Step> ArrayStep = Gen.Select(Gen.Int[0, 3], Gen.Int[1, 4], Gen.Bool)
        .Select((position, length, fromEnd) => Step.Index(position, position + length, fromEnd));

    private sealed record Step(string Name, Func<string, string, string> Wrap)
    {
        public static Step Member(string key) => new(
            key,
            (inner, noise) => "{" + JsonSerializer.Serialize(key == "other" ? "other2" : "other") + ":" + noise + "," + JsonSerializer.Serialize(key) + ":" + inner + "}");

        public static Step Index(int position, int length, bool fromEnd) => new(
            (fromEnd ? position - length : position).ToString(CultureInfo.InvariantCulture),
            (inner, noise) => "[" + string.Join(",", Enumerable.Range(0, length).Select(i => i == position ? inner : noise)) + "]");
    }
}
