using System.Security.Claims;
using System.Text.Json;

namespace OAuth2Generic.Tests.ClaimsMapping;

/// <summary>The user-response mapper, JSON in and claims out: paths, value rules and the claim table.</summary>
public sealed class UserResponseMapperTests
{
    private const string Issuer = "idp";

    private const string Document = """
        {
          "data": {
            "id": "u-1",
            "attributes": { "login": "ada", "emails": [ { "value": "ada@work.example" }, { "value": "ada@home.example" } ] },
            "0": "member named zero"
          },
          "included": [ { "type": "org", "name": "Engines" }, { "type": "team", "name": "Analytical" } ],
          "text": "meme",
          "number": 5
        }
        """;

    public static TheoryData<string, string, UserResponsePath, string?> Paths => new()
    {
        { "a relative key under the root path", "data", "id", "u-1" },
        { "a nested absolute path", "", Absolute("data", "attributes", "login"), "ada" },
        { "an array index", "", Absolute("included", "1", "name"), "Analytical" },
        { "a negative index counts from the end", "", Absolute("included", "-1", "type"), "team" },
        { "the first element by a negative index", "", Absolute("included", "-2", "type"), "org" },
        { "an index into a nested array", "", Absolute("data", "attributes", "emails", "0", "value"), "ada@work.example" },
        { "a member named 0 on an object is a member", "", Absolute("data", "0"), "member named zero" },
        { "an absolute path ignores the root path", "data", Absolute("included", "0", "name"), "Engines" },
        { "an index past the end", "", Absolute("included", "2", "name"), null },
        { "a negative index past the start", "", Absolute("included", "-3", "name"), null },
        { "a name used on an array", "", Absolute("included", "name"), null },
        { "a missing member", "", Absolute("data", "nope"), null },
        { "a missing member under a missing member", "", Absolute("nope", "deeper"), null },
        { "no indexing into a string (Ruby's \"meme\"[\"me\"])", "", Absolute("text", "me"), null },
        { "no indexing into a number (Ruby's 5[0])", "", Absolute("number", "0"), null },
        { "a root path that does not exist", "missing", "id", null },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void A_path_resolves_as_the_Ruby_strategy_walks_it_without_its_quirks(string description, string rootPath, UserResponsePath path, string? expected)
    {
        Assert.NotEmpty(description);
        using var document = JsonDocument.Parse(Document);
        var root = rootPath.Length == 0 ? UserResponsePath.Empty : Absolute(rootPath);

        var found = UserResponseMapper.TryResolve(document.RootElement, root, path, out var value);

        Assert.Equal(expected is not null, found);
        if (expected is not null)
        {
            Assert.Equal(expected, value.GetString());
        }
    }

    public static TheoryData<string, string, string, string[]> Values => new()
    {
        { "a string as it is", "\"Ada Lovelace\"", ClaimValueTypes.String, ["Ada Lovelace"] },
        { "an empty string as it is", "\"\"", ClaimValueTypes.String, [""] },
        { "an integer as its JSON text", "42", ClaimValueTypes.Integer64, ["42"] },
        { "a negative integer", "-7", ClaimValueTypes.Integer64, ["-7"] },
        { "an integer beyond long stays exact", "12345678901234567890", ClaimValueTypes.UInteger64, ["12345678901234567890"] },
        { "an integer beyond ulong stays exact", "123456789012345678901234567890", ClaimValueTypes.Integer, ["123456789012345678901234567890"] },
        { "a decimal as its JSON text", "1.50", ClaimValueTypes.Double, ["1.50"] },
        { "an exponent as its JSON text", "1e3", ClaimValueTypes.Double, ["1e3"] },
        { "true in lower case", "true", ClaimValueTypes.Boolean, ["true"] },
        { "false as no claim, as in Ruby (user_hash[field] = value if value)", "false", ClaimValueTypes.Boolean, [] },
        { "false inside an array in lower case, as Ruby keeps the array", "[true,false]", ClaimValueTypes.Boolean, ["true", "false"] },
        { "an object as its JSON text", """{"blog":"https://ada.example"}""", "JSON", ["""{"blog":"https://ada.example"}"""] },
        { "an array as one claim per element", """["admin","dev"]""", ClaimValueTypes.String, ["admin", "dev"] },
        { "null as no claim", "null", ClaimValueTypes.String, [] },
        { "nulls in an array as no claim", """[null,"dev",null]""", ClaimValueTypes.String, ["dev"] },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void A_value_becomes_claims_by_the_value_rules(string description, string json, string valueType, string[] expected)
    {
        Assert.NotEmpty(description);
        var claims = Map($$"""{"id":1,"role":{{json}}}""", structure => structure.Attributes["role"] = "role");

        var roles = claims.Where(claim => claim.Type == "role").ToList();
        Assert.Equal(expected, roles.Select(claim => claim.Value));
        Assert.All(roles, claim => Assert.Equal(valueType, claim.ValueType));
        Assert.All(roles, claim => Assert.Equal(Issuer, claim.Issuer));
    }

    [Fact]
    public void An_array_of_mixed_elements_gives_each_element_its_own_value_type()
    {
        var claims = Map("""{"id":1,"mixed":["a",2,true,{"k":"v"},[1,2]]}""", structure => structure.Attributes["mixed"] = "mixed");

        Assert.Equal(
            [("a", ClaimValueTypes.String), ("2", ClaimValueTypes.Integer64), ("true", ClaimValueTypes.Boolean), ("""{"k":"v"}""", "JSON"), ("[1,2]", "JSON_ARRAY")],
            claims.Where(claim => claim.Type == "mixed").Select(claim => (claim.Value, claim.ValueType)));
    }

    public static TheoryData<string, string> InfoKeys => new()
    {
        { "name", ClaimTypes.Name },
        { "email", ClaimTypes.Email },
        { "first_name", ClaimTypes.GivenName },
        { "last_name", ClaimTypes.Surname },
        { "phone", ClaimTypes.MobilePhone },
        { "location", ClaimTypes.Locality },
        { "nickname", OAuth2GenericClaimTypes.Nickname },
        { "description", OAuth2GenericClaimTypes.Description },
        { "image", OAuth2GenericClaimTypes.Image },
        { "urls", OAuth2GenericClaimTypes.Urls },
    };

    [Theory]
    [MemberData(nameof(InfoKeys))]
    public void Each_OmniAuth_info_key_maps_to_its_claim_type_by_default(string key, string claimType)
    {
        var claims = Map($$"""{"id":1,"{{key}}":"value of {{key}}"}""");

        Assert.Contains(claims, claim => claim.Type == claimType && claim.Value == $"value of {key}");
    }

    [Fact]
    public void Any_other_key_is_a_claim_type_verbatim()
    {
        var claims = Map("""{"sub":"s","cognito:groups":["admins"]}""", structure =>
        {
            structure.IdPath = "sub";
            structure.Attributes["cognito:groups"] = "cognito:groups";
        });

        Assert.Contains(claims, claim => claim is { Type: "cognito:groups", Value: "admins" });
    }

    [Fact]
    public void The_id_is_the_name_identifier_and_a_number_keeps_its_text()
    {
        var claims = Map("""{"id":12345678901234567890}""");

        var id = Assert.Single(claims, claim => claim.Type == ClaimTypes.NameIdentifier);
        Assert.Equal("12345678901234567890", id.Value);
        Assert.Equal(ClaimValueTypes.String, id.ValueType);
    }

    [Fact]
    public void A_missing_id_fails_and_an_absolute_id_path_is_named_as_written()
    {
        var exception = Assert.Throws<OAuth2GenericException>(() => Map("""{"data":{}}""", structure => structure.IdPath = ["data", "id"]));

        Assert.Equal(FailureStep.ClaimsMapping, exception.Step);
        Assert.StartsWith("The user document has no usable id: the value at IdPath [\"data\", \"id\"] is missing.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_id_path_is_named_with_its_root_path()
    {
        var exception = Assert.Throws<OAuth2GenericException>(() => Map("""{"user":{}}""", structure => structure.RootPath = ["user"]));

        Assert.StartsWith("The user document has no usable id: the value at IdPath \"id\" under RootPath [\"user\"] is missing.", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":1,"name":"Given Name","first_name":"Ada","last_name":"Lovelace"}""", "Given Name")]
    [InlineData("""{"id":1,"first_name":"Ada","last_name":"Lovelace","nickname":"ada"}""", "Ada Lovelace")]
    [InlineData("""{"id":1,"last_name":"Lovelace","nickname":"ada"}""", "Lovelace")]
    [InlineData("""{"id":1,"first_name":"Ada","email":"ada@example.com"}""", "Ada")]
    [InlineData("""{"id":1,"name":null,"nickname":"ada","email":"ada@example.com"}""", "ada")]
    [InlineData("""{"id":1,"name":false,"first_name":false,"nickname":false,"email":"ada@example.com"}""", "ada@example.com")]
    [InlineData("""{"id":1,"email":"ada@example.com"}""", "ada@example.com")]
    public void The_name_falls_back_as_OmniAuth_derives_it(string json, string expectedName)
    {
        var claims = Map(json);

        Assert.Equal(expectedName, Assert.Single(claims, claim => claim.Type == ClaimTypes.Name).Value);
    }

    [Fact]
    public void No_name_claim_when_nothing_to_derive_it_from()
    {
        var claims = Map("""{"id":1,"location":"London"}""");

        Assert.DoesNotContain(claims, claim => claim.Type == ClaimTypes.Name);
    }

    [Fact]
    public void A_removed_mapping_gives_no_claim_and_the_others_stay()
    {
        var claims = Map("""{"id":1,"email":"ada@example.com","image":"https://img"}""", structure => structure.Attributes.Remove("image"));

        Assert.DoesNotContain(claims, claim => claim.Type == OAuth2GenericClaimTypes.Image);
        Assert.Contains(claims, claim => claim.Type == ClaimTypes.Email);
    }

    [Fact]
    public void Relative_attributes_follow_the_root_path_and_absolute_ones_do_not()
    {
        var claims = Map(
            """{"data":{"id":"u1","attributes":{"full_name":"Ada"}},"meta":{"mail":"ada@example.com"}}""",
            structure =>
            {
                structure.RootPath = ["data", "attributes"];
                structure.IdPath = ["data", "id"];
                structure.Attributes["name"] = "full_name";
                structure.Attributes["email"] = ["meta", "mail"];
            });

        Assert.Equal(
            [(ClaimTypes.NameIdentifier, "u1"), (ClaimTypes.Name, "Ada"), (ClaimTypes.Email, "ada@example.com")],
            claims.Select(claim => (claim.Type, claim.Value)));
    }

    [Fact]
    public void An_attribute_key_is_matched_without_regard_to_case()
    {
        var claims = Map("""{"id":1,"mail":"ada@example.com"}""", structure => structure.Attributes["Email"] = "mail");

        Assert.Equal("ada@example.com", Assert.Single(claims, claim => claim.Type == ClaimTypes.Email).Value);
    }

    private static List<Claim> Map(string json, Action<UserResponseStructure>? configure = null)
    {
        var structure = new UserResponseStructure();
        configure?.Invoke(structure);
        using var document = JsonDocument.Parse(json);
        return UserResponseMapper.Map(document.RootElement, structure, Issuer);
    }

    private static UserResponsePath Absolute(params string[] steps) => UserResponsePath.Absolute(steps);
}
