using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OAuth2Generic;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>What every token-attaching <c>HttpClient</c> registers, whichever token it attaches.</summary>
internal static class TokenHandlerServiceCollectionExtensions
{
    /// <summary>The handler's options under the <c>HttpClient</c>'s name, validated at start-up.</summary>
    public static IServiceCollection AddTokenHandlerOptions<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        this IServiceCollection services, string name, Action<TOptions>? configure)
        where TOptions : TokenHandlerOptions
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TokenHandlerOptionsValidator<TOptions>>());
        services.AddOptions<TOptions>(name).Configure(options => configure?.Invoke(options)).ValidateOnStart();
        return services;
    }
}
