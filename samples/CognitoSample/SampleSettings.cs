namespace CognitoSample;

/// <summary>
/// Where the sample signs users in, read from configuration here and nowhere else: a real user pool from the
/// <c>Authentication:Schemes:Cognito</c> section (the one <c>AddCognito()</c> reads by convention), or the Cognito emulator with its demo users. The emulator's users, passwords and default client
/// secret are public, so it runs only where it belongs: in the <c>Development</c> environment (the launch profile of
/// <c>dotnet run</c>) or when <c>Sample:UseEmulator</c> is <c>true</c>. Anywhere else a missing user pool stops the app.
/// </summary>
/// <param name="UserPool">The user pool's settings, or <see langword="null"/> for the emulator.</param>
/// <param name="EmulatorReason">Why the emulator runs, for the home page and the log; <see langword="null"/> for a user pool.</param>
internal sealed record SampleSettings(IConfigurationSection? UserPool, string? EmulatorReason)
{
    /// <summary>The user pool's settings: <c>Domain</c>, <c>Region</c>, <c>UserPoolId</c>, <c>ClientId</c>, <c>ClientSecret</c>.</summary>
    public const string UserPoolSection = "Authentication:Schemes:Cognito";

    /// <summary>The switch that starts the emulator in any environment (<c>Sample__UseEmulator=true</c>).</summary>
    public const string UseEmulatorKey = "Sample:UseEmulator";

    /// <summary>Reads the settings; a configuration that gives no place to sign in throws <see cref="SampleConfigurationException"/>.</summary>
    public static SampleSettings Read(IConfiguration configuration, IHostEnvironment environment)
    {
        var userPool = configuration.GetSection(UserPoolSection);
        var useEmulator = configuration[UseEmulatorKey] switch
        {
            null or "" => (bool?)null,
            var text when bool.TryParse(text, out var value) => value,
            var text => throw new SampleConfigurationException($"{UseEmulatorKey} is '{text}': it takes true or false."),
        };

        if (useEmulator == true)
        {
            return new SampleSettings(null, $"{UseEmulatorKey} is true");
        }

        if (userPool["Domain"] is { Length: > 0 })
        {
            return new SampleSettings(userPool, null);
        }

        if (useEmulator is null && environment.IsDevelopment())
        {
            return new SampleSettings(null, $"no Cognito settings were found and the environment is {environment.EnvironmentName}");
        }

        throw new SampleConfigurationException(
            $"No user pool to sign in with: {UserPoolSection}:Domain is not set (environment {environment.EnvironmentName}). "
            + $"Set {UserPoolSection}:Domain, {UserPoolSection}:Region, {UserPoolSection}:UserPoolId, {UserPoolSection}:ClientId and "
            + $"{UserPoolSection}:ClientSecret (as environment variables: {UserPoolSection.Replace(":", "__", StringComparison.Ordinal)}__Domain, …). The Cognito emulator and its demo "
            + $"users start only in the Development environment (dotnet run's launch profile) or with {UseEmulatorKey}=true.");
    }
}
