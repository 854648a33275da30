using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests.Documentation;

/// <summary>
/// A JSON example of the documentation read as an <c>appsettings.json</c>: parsed strictly, and, when its info string
/// names a <c>section=</c> and the <c>handler=</c>s it is for, bound with the package's own registration and validated
/// as the app's start-up would (<see cref="IOptionsMonitor{TOptions}.Get(string)"/> runs the validators).
/// </summary>
internal static class DocumentedSettings
{
    public const string OAuth2GenericHandler = "oauth2generic";
    public const string CognitoHandler = "cognito";

    /// <summary>The problems of the block: JSON syntax, an unknown handler, a missing section, a key no option reads, or failed validation.</summary>
    public static IReadOnlyList<string> Diagnose(MarkdownCodeBlock block)
    {
        try
        {
            // Comments and trailing commas as appsettings.json allows them; duplicate keys would silently lose one.
            using var _ = JsonDocument.Parse(
                block.Text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, AllowDuplicateProperties = false });
        }
        catch (JsonException exception)
        {
            return [$"{block.Location}: not JSON: {exception.Message}"];
        }

        var sectionPath = block.Attribute("section");
        var handlers = block.Attribute("handler")?.Split(',') ?? [];
        if (sectionPath is null)
        {
            return handlers.Length == 0 ? [] : [$"{block.Location}: handler= without section="];
        }

        var section = Load(block.Text).GetSection(sectionPath);
        if (!section.Exists())
        {
            return [$"{block.Location}: the JSON has no section '{sectionPath}'"];
        }

        if (handlers.Length == 0)
        {
            return [$"{block.Location}: section= without handler= ({OAuth2GenericHandler}, {CognitoHandler})"];
        }

        var problems = new List<string>();
        foreach (var handler in handlers)
        {
            var optionsType = handler == CognitoHandler ? typeof(CognitoOptions) : typeof(OAuth2GenericOptions);
            foreach (var unknown in KnownConfigurationKeys.Unknown(section, optionsType))
            {
                problems.Add($"{block.Location}: '{sectionPath}:{unknown}' is not a key that {handler} reads (configuration binding would ignore it)");
            }

            try
            {
                Validate(handler, section);
            }
            catch (Exception exception) when (exception is OptionsValidationException or InvalidOperationException)
            {
                problems.Add($"{block.Location}: '{sectionPath}' does not bind with {handler}: {exception.Message}");
            }
        }

        return problems;
    }

    /// <summary>The JSON text as configuration.</summary>
    public static IConfigurationRoot Load(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

    private static void Validate(string handler, IConfigurationSection section)
    {
        var services = new ServiceCollection();
        services.AddLogging();

        // Keys in memory: the check writes nothing to the user's key ring.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        var authentication = services.AddAuthentication();
        var scheme = section.Key;
        switch (handler)
        {
            case OAuth2GenericHandler:
                authentication.AddOAuth2Generic(scheme, section);
                break;
            case CognitoHandler:
                authentication.AddCognito(scheme, section);
                break;
            default:
                throw new InvalidOperationException($"unknown handler '{handler}' (use {OAuth2GenericHandler} or {CognitoHandler})");
        }

        using var provider = services.BuildServiceProvider();
        _ = handler == CognitoHandler
            ? provider.GetRequiredService<IOptionsMonitor<CognitoOptions>>().Get(scheme)
            : provider.GetRequiredService<IOptionsMonitor<OAuth2GenericOptions>>().Get(scheme);
    }
}
