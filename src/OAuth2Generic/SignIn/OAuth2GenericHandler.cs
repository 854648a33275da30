using System.Text.Encodings.Web;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OAuth2Generic;

/// <summary>
/// The generic OAuth 2.0 handler for <see cref="OAuth2GenericOptions"/>, registered by <c>AddOAuth2Generic</c>.
/// </summary>
public class OAuth2GenericHandler : OAuth2GenericHandler<OAuth2GenericOptions>
{
    /// <summary>Creates the handler.</summary>
    /// <param name="options">The options monitor.</param>
    /// <param name="logger">The logger factory.</param>
    /// <param name="encoder">The URL encoder.</param>
    public OAuth2GenericHandler(IOptionsMonitor<OAuth2GenericOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : base(options, logger, encoder)
    {
    }
}
