using Microsoft.Extensions.Options;

namespace OAuth2Generic;

/// <summary>
/// Records the backchannel the framework made from the scheme's handler. Registered after the framework's own
/// post-configuration, so it runs right after it; the provider client sends through the handler directly only while the
/// scheme's backchannel is still this one (see <see cref="ProviderHttpClient"/>).
/// </summary>
/// <typeparam name="TOptions">The options type.</typeparam>
internal sealed class FrameworkBackchannelPostConfigure<TOptions> : IPostConfigureOptions<TOptions>
    where TOptions : OAuth2GenericOptions
{
    public void PostConfigure(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.FrameworkBackchannel = options.BackchannelFromHandler ? options.Backchannel : null;
    }
}
