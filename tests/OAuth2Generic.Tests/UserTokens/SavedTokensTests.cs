using System.Globalization;
using Microsoft.AspNetCore.Authentication;

namespace OAuth2Generic.Tests.UserTokens;

/// <summary>
/// <see cref="SavedTokens.ExpiresAt"/> reads the saved <c>expires_at</c> directly from the properties' items, in the
/// round-trip format the framework writes, and still in another format an app's own code may have written.
/// </summary>
public sealed class SavedTokensTests
{
    private static readonly DateTimeOffset Expiry = new(2026, 12, 4, 18, 30, 15, 250, TimeSpan.Zero);

    [Fact]
    public void The_round_trip_format_the_framework_saves_is_read_back_exactly()
    {
        var properties = WithExpiresAt(Expiry.ToString("o", CultureInfo.InvariantCulture));

        Assert.Equal(Expiry, SavedTokens.ExpiresAt(properties));
    }

    [Theory]
    [InlineData("2026-12-04 18:30:15.25Z", 250)]
    [InlineData("2026-12-04T18:30:15.25Z", 250)]
    [InlineData("2026-12-04T20:30:15.2500000+02:00", 250)]
    [InlineData("Fri, 04 Dec 2026 18:30:15 GMT", 0)]
    public void Another_format_an_app_wrote_is_still_read(string value, int milliseconds)
    {
        var properties = WithExpiresAt(value);

        var expiresAt = SavedTokens.ExpiresAt(properties);

        Assert.Equal(Expiry.AddMilliseconds(milliseconds - Expiry.Millisecond), expiresAt);
    }

    [Fact]
    public void No_saved_expiry_or_one_that_is_not_a_date_is_unknown()
    {
        var properties = new AuthenticationProperties();
        properties.StoreTokens([new AuthenticationToken { Name = "access_token", Value = "an-access-token" }]);

        Assert.Null(SavedTokens.ExpiresAt(properties));
        Assert.Null(SavedTokens.ExpiresAt(WithExpiresAt("in an hour")));
    }

    [Fact]
    public void A_stored_refresh_writes_an_expiry_that_reads_back_the_same()
    {
        var properties = WithExpiresAt(Expiry.ToString("o", CultureInfo.InvariantCulture));
        var later = Expiry.AddHours(1);

        SavedTokens.Store(properties, new RefreshedTokens("the-new-access-token", RefreshToken: null, IdToken: null, TokenType: null, later));

        Assert.Equal(later, SavedTokens.ExpiresAt(properties));
        Assert.Equal("the-new-access-token", properties.GetTokenValue("access_token"));
    }

    private static AuthenticationProperties WithExpiresAt(string value)
    {
        var properties = new AuthenticationProperties();
        properties.StoreTokens([new AuthenticationToken { Name = "expires_at", Value = value }]);
        return properties;
    }
}
