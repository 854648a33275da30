using System.Text.Json;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests.ClaimsMapping;

/// <summary>The user document built from Cognito's answers: JSON in, JSON out.</summary>
public sealed class CognitoUserDocumentTests
{
    [Theory]
    [InlineData("\"true\"", true)]
    [InlineData("\"TRUE\"", true)]
    [InlineData("true", true)]
    [InlineData("\"false\"", false)]
    [InlineData("false", false)]
    [InlineData("\"yes\"", false)]
    [InlineData("1", false)]
    [InlineData("null", false)]
    public void Verification_flags_become_JSON_booleans_and_only_true_reads_as_verified(string value, bool expected)
    {
        using var document = Create(idToken: null, userInfo: $$"""{"email_verified":{{value}},"phone_number_verified":{{value}}}""");

        Assert.Equal(expected ? JsonValueKind.True : JsonValueKind.False, document.RootElement.GetProperty("email_verified").ValueKind);
        Assert.Equal(expected ? JsonValueKind.True : JsonValueKind.False, document.RootElement.GetProperty("phone_number_verified").ValueKind);
    }

    [Fact]
    public void An_identities_string_becomes_JSON_and_other_strings_stay_strings()
    {
        using var document = Create(null, """{"identities":"[{\"providerName\":\"Google\"}]","custom:json":"[1]"}""");

        Assert.Equal("Google", document.RootElement.GetProperty("identities")[0].GetProperty("providerName").GetString());
        Assert.Equal("[1]", document.RootElement.GetProperty("custom:json").GetString());
    }

    [Theory]
    [InlineData(63, JsonValueKind.Array)]
    [InlineData(64, JsonValueKind.String)]
    public void An_identities_string_becomes_JSON_only_while_the_user_document_stays_within_the_depth_limit(int depth, JsonValueKind expected)
    {
        var identities = new string('[', depth) + new string(']', depth);

        using var document = Create(null, JsonSerializer.Serialize(new { identities }));

        Assert.Equal(expected, document.RootElement.GetProperty("identities").ValueKind);
    }

    [Fact]
    public void The_id_tokens_own_members_are_left_out_and_userInfo_wins_a_merge()
    {
        using var document = Create(
            """{"sub":"1","iss":"i","aud":"a","exp":1,"iat":1,"nonce":"n","token_use":"id","jti":"j","origin_jti":"o","event_id":"e","at_hash":"h","auth_time":5,"email":"old@example.com","cognito:groups":["g"]}""",
            """{"sub":"1","email":"new@example.com"}""");

        Assert.Equal(
            ["auth_time", "cognito:groups", "email", "sub"],
            document.RootElement.EnumerateObject().Select(member => member.Name).Order());
        Assert.Equal("new@example.com", document.RootElement.GetProperty("email").GetString());
    }

    [Fact]
    public void A_userInfo_answer_that_is_not_an_object_is_passed_on_as_it_is()
    {
        using var document = Create("""{"sub":"1"}""", """["not","an","object"]""");

        Assert.Equal(JsonValueKind.Array, document.RootElement.ValueKind);
    }

    private static JsonDocument Create(string? idToken, string? userInfo)
    {
        using var token = idToken is null ? null : JsonDocument.Parse(idToken);
        using var info = userInfo is null ? null : JsonDocument.Parse(userInfo);
        return CognitoUserDocument.Create(token?.RootElement, info?.RootElement);
    }
}
