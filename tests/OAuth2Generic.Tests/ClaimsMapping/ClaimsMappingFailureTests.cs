using Microsoft.AspNetCore.Authentication;

namespace OAuth2Generic.Tests.ClaimsMapping;

/// <summary>
/// A user document that gives no usable id ends the sign-in at the mapping step, naming the option and the path.
/// </summary>
public sealed class ClaimsMappingFailureTests : FailedSignInTests
{
    [Theory]
    [InlineData("""{"name":"no id"}""", "is missing")]
    [InlineData("""{"id":null}""", "is null")]
    [InlineData("""{"id":""}""", "is an empty string")]
    [InlineData("""{"id":true}""", "is a boolean")]
    [InlineData("""{"id":{"value":1}}""", "is an object, not a string or number")]
    [InlineData("""{"id":[1]}""", "is an array, not a string or number")]
    public async Task A_user_document_without_a_usable_id_fails_and_names_the_id_path(string document, string problem)
    {
        Provider.Token().UserInfo(FakeProvider.UserInfoPath, document);

        var failure = await SignInAndExpectFailure(
            $"The user document has no usable id: the value at IdPath \"id\" under RootPath [] {problem}. Set UserResponseStructure:IdPath to the member that holds the user's unique id.");

        Assert.Equal(FailureStep.ClaimsMapping, failure.Step);
    }

    [Fact]
    public async Task The_applications_claim_actions_on_a_user_document_that_is_not_an_object_fail_at_the_mapping_step()
    {
        // The paths may walk an array, so the mapping succeeds; the framework's claim actions read members of an object.
        Provider.Token().UserInfo(FakeProvider.UserInfoPath, """[{"id":7,"team":"blue"}]""");

        var failure = await SignInAndExpectFailure(
            "The user document could not be turned into claims (InvalidOperationException).",
            options =>
            {
                options.UserResponseStructure.RootPath = UserResponsePath.Absolute(["0"]);
                options.ClaimActions.MapJsonKey("team", "team");
            });

        Assert.Equal(FailureStep.ClaimsMapping, failure.Step);
    }
}
