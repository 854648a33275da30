namespace OAuth2Generic;

/// <summary>
/// A scheme of <c>AddOAuth2Generic</c> or <c>AddCognito</c> whose saved tokens the refresher may keep fresh, with the
/// way to its options (of the scheme's own options type, which the refresher does not know).
/// </summary>
/// <param name="Name">The scheme's name, as the cookie's <c>.AuthScheme</c> item records it.</param>
/// <param name="Options">Given the application's services, the way to the scheme's current options.</param>
internal sealed record RefreshableScheme(string Name, Func<IServiceProvider, Func<OAuth2GenericOptions>> Options);
