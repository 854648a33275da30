using System.Text;
using System.Text.Json;

namespace OAuth2Generic.Tests.Backchannel;

/// <summary>
/// A token answer or error document read as JSON, or as a form when its Content-Type says so: the same object of
/// members either way, and a form that could be read two ways is not read at all.
/// </summary>
public sealed class ProviderDocumentTests
{
    private const string Form = "application/x-www-form-urlencoded";

    [Theory]
    [InlineData("access_token=abc&token_type=bearer", """{"access_token":"abc","token_type":"bearer"}""")]
    [InlineData("expires_in=3600&scope=read_user+openid", """{"expires_in":"3600","scope":"read_user openid"}""")]
    [InlineData("error_description=Bad%20code%3A%20%22x%22%2B1%26%3D", """{"error_description":"Bad code: \"x\"+1&="}""")]
    [InlineData("name=Ad%C3%A1&%E2%82%AC=%F0%9F%98%80", """{"name":"Adá","€":"😀"}""")]
    [InlineData("flag&empty=&a=b=c", """{"flag":"","empty":"","a":"b=c"}""")]
    [InlineData("&&a=1&&", """{"a":"1"}""")]
    [InlineData("", "{}")]
    [InlineData("%41=%6a%6A", """{"A":"jj"}""")]
    public void A_form_is_an_object_of_strings_in_the_fields_order(string body, string expected)
    {
        using var document = ProviderDocument.TryParse(Encoding.UTF8.GetBytes(body), Form);

        Assert.NotNull(document);
        Assert.Equal(Members(expected), Members(document.RootElement));
    }

    [Theory]
    [InlineData("access_token=a&access_token=b")]
    [InlineData("a=1&b=2&a=1")]
    [InlineData("a=%")]
    [InlineData("a=%4")]
    [InlineData("a=%4G")]
    [InlineData("%zz=1")]
    [InlineData("a=%C3%28")]
    [InlineData("a=%ED%A0%80")]
    public void A_form_with_a_repeated_name_a_broken_escape_or_bytes_that_are_not_UTF8_is_not_read(string body)
    {
        Assert.Null(ProviderDocument.TryParse(Encoding.UTF8.GetBytes(body), Form));
    }

    [Fact]
    public void A_repeated_name_differing_only_in_case_is_two_fields_as_in_JSON()
    {
        using var document = ProviderDocument.TryParse("access_token=a&Access_Token=b"u8.ToArray(), Form);

        Assert.NotNull(document);
        Assert.Equal("a", document.RootElement.GetProperty("access_token").GetString());
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("Application/X-WWW-Form-URLEncoded")]
    public void The_form_media_type_is_compared_without_regard_to_case(string mediaType)
    {
        Assert.True(ProviderDocument.IsForm(mediaType));
        Assert.Equal("a valid form", ProviderDocument.Expected(mediaType));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("text/html")]
    [InlineData("application/vnd.api+json")]
    [InlineData(null)]
    public void Any_other_body_is_read_as_JSON_whatever_its_Content_Type(string? mediaType)
    {
        using var json = ProviderDocument.TryParse("""{"access_token":"abc","expires_in":3600}"""u8.ToArray(), mediaType);
        var form = ProviderDocument.TryParse("access_token=abc&token_type=bearer"u8.ToArray(), mediaType);

        Assert.NotNull(json);
        Assert.Equal(3600, json.RootElement.GetProperty("expires_in").GetInt32());
        Assert.Null(form);
        Assert.Equal("JSON", ProviderDocument.Expected(mediaType));
    }

    [Fact]
    public void JSON_labelled_as_a_form_is_read_as_a_form_and_gives_no_access_token()
    {
        using var document = ProviderDocument.TryParse("""{"access_token":"abc"}"""u8.ToArray(), Form);

        Assert.NotNull(document);
        Assert.False(document.RootElement.TryGetProperty("access_token", out _));
    }

    private static List<(string Name, string? Value)> Members(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Members(document.RootElement);
    }

    private static List<(string Name, string? Value)> Members(JsonElement element)
    {
        Assert.Equal(JsonValueKind.Object, element.ValueKind);
        return [.. element.EnumerateObject().Select(member => (member.Name, member.Value.GetString()))];
    }
}
