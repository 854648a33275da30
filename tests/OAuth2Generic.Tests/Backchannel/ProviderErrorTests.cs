using System.Net;
using System.Text;

namespace OAuth2Generic.Tests.Backchannel;

/// <summary>A provider's error document, read and written into a failure message.</summary>
public sealed class ProviderErrorTests
{
    [Theory]
    [InlineData("""{"error":"invalid_grant"}""", " error \"invalid_grant\"")]
    [InlineData("""{"error":"invalid_grant","error_description":"Code expired"}""", " error \"invalid_grant\" (Code expired)")]
    [InlineData("""{"error":"invalid_grant","error_uri":"https://idp/e"}""", " error \"invalid_grant\" (see https://idp/e)")]
    [InlineData("""{"error":"invalid_grant","error_description":"Code expired","error_uri":"https://idp/e"}""", " error \"invalid_grant\" (Code expired; see https://idp/e)")]
    [InlineData("""{"error_description":"no code"}""", "")]
    [InlineData("""{"error":42}""", "")]
    [InlineData("""["error"]""", "")]
    [InlineData("<html>error</html>", "")]
    public void An_error_document_is_written_as_code_description_and_uri(string body, string expected)
    {
        var message = new StringBuilder();

        ProviderError.Read(Answer(body, "application/json"), secrets: null).AppendTo(message);

        Assert.Equal(expected, message.ToString());
    }

    [Theory]
    [InlineData("error=invalid_grant&error_description=Code+expired%21", " error \"invalid_grant\" (Code expired!)")]
    [InlineData("error=invalid_grant&error=invalid_client", "")]
    [InlineData("""{"error":"invalid_grant"}""", "")]
    public void A_form_encoded_error_document_is_read_as_a_form(string body, string expected)
    {
        var message = new StringBuilder();

        ProviderError.Read(Answer(body, "application/x-www-form-urlencoded"), secrets: null).AppendTo(message);

        Assert.Equal(expected, message.ToString());
    }

    [Fact]
    public void Echoed_secrets_are_redacted_control_characters_dropped_and_length_bounded()
    {
        var body = $$"""{"error":"invalid_client","error_description":"secret s3cret\r\nFAKE LOG LINE {{new string('x', 400)}}"}""";

        var secrets = new SentSecrets();
        secrets.Add("s3cret");

        var error = ProviderError.Read(Answer(body, "application/json"), secrets);

        Assert.StartsWith("secret [redacted]  FAKE LOG LINE xxx", error.Description, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Description!);
        Assert.Equal(301, error.Description!.Length);
        Assert.EndsWith("…", error.Description, StringComparison.Ordinal);
    }

    private static ProviderAnswer Answer(string body, string mediaType) =>
        new(HttpStatusCode.BadRequest, mediaType, WwwAuthenticate: null, RedirectHost: null, Encoding.UTF8.GetBytes(body));
}
