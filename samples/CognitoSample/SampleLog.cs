namespace CognitoSample;

/// <summary>The sample's own log messages.</summary>
internal static partial class SampleLog
{
    /// <summary>The sample's log category, the same wherever it runs (app.Logger's is the entry assembly's name).</summary>
    public const string Category = "CognitoSample";

    public static ILogger For(IServiceProvider services) => services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);

    [LoggerMessage(1, LogLevel.Information, "Signing in against the Cognito emulator at {EmulatorUrl}, because {Reason}. Demo users (passwords on the home page): {DemoUsers}.")]
    public static partial void UsingEmulator(this ILogger logger, string emulatorUrl, string reason, string demoUsers);
}
