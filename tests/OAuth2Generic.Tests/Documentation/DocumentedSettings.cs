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
/// <remarks>
/// Values such as <c>&lt;app client id&gt;</c> are the reader's to fill in: the example must validate once each is
/// filled in, and as written it must fail naming each of them, so that a copied placeholder never starts an app.
/// </remarks>
internal static partial class DocumentedSettings
{
    public const string OAuth2GenericHandler = "oauth2generic";
    public const string CognitoHandler = "cognito";
    public const string CognitoJwtBearerHandler = "cognito-jwt-bearer";

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

        var section = Load(PlaceholderPattern().Replace(block.Text, "example")).GetSection(sectionPath);
        if (!section.Exists())
        {
            return [$"{block.Location}: the JSON has no section '{sectionPath}'"];
        }

        if (handlers.Length == 0)
        {
            return [$"{block.Location}: section= without handler= ({OAuth2GenericHandler}, {CognitoHandler})"];
        }

        var problems = new List<string>();
        var placeholders = PlaceholderPattern().Matches(block.Text).Select(match => match.Value).Distinct().ToList();
        foreach (var handler in handlers)
        {
            var optionsType = handler switch
            {
                CognitoHandler => typeof(CognitoOptions),
                CognitoJwtBearerHandler => typeof(CognitoJwtBearerOptions),
                _ => typeof(OAuth2GenericOptions),
            };
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

            if (placeholders.Count > 0)
            {
                problems.AddRange(PlaceholdersNotRefused(block, sectionPath, handler, placeholders));
            }
        }

        return problems;
    }

    // The example as written: validation must fail, and name each placeholder (a secret's without quoting it).
    private static IEnumerable<string> PlaceholdersNotRefused(MarkdownCodeBlock block, string sectionPath, string handler, List<string> placeholders)
    {
        try
        {
            Validate(handler, Load(block.Text).GetSection(sectionPath));
        }
        catch (OptionsValidationException exception)
        {
            var named = placeholders.Where(placeholder => exception.Message.Contains(placeholder, StringComparison.Ordinal)).ToList();
            var secrets = exception.Message.Split('\n').Count(line => line.Contains("is a placeholder in angle brackets", StringComparison.Ordinal));
            return named.Count + secrets >= placeholders.Count
                ? []
                : [$"{block.Location}: '{sectionPath}' as written is refused, but not for each of its placeholders ({string.Join(", ", placeholders)}): {exception.Message}"];
        }

        return [$"{block.Location}: '{sectionPath}' as written starts an app with its placeholders ({string.Join(", ", placeholders)}) in it"];
    }

    [System.Text.RegularExpressions.GeneratedRegex("<[^<>\"]+>")]
    private static partial System.Text.RegularExpressions.Regex PlaceholderPattern();

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
            case CognitoJwtBearerHandler:
                authentication.AddCognitoJwtBearer(scheme, section);
                break;
            default:
                throw new InvalidOperationException($"unknown handler '{handler}' (use {OAuth2GenericHandler}, {CognitoHandler} or {CognitoJwtBearerHandler})");
        }

        using var provider = services.BuildServiceProvider();
        _ = handler switch
        {
            CognitoHandler => (object)provider.GetRequiredService<IOptionsMonitor<CognitoOptions>>().Get(scheme),
            CognitoJwtBearerHandler => provider.GetRequiredService<IOptionsMonitor<CognitoJwtBearerOptions>>().Get(scheme),
            _ => provider.GetRequiredService<IOptionsMonitor<OAuth2GenericOptions>>().Get(scheme),
        };
    }
}
