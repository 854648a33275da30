namespace CognitoSample;

/// <summary>The sample's own log messages.</summary>
internal static partial class SampleLog
{
    [LoggerMessage(1, LogLevel.Information, "No Cognito settings: signing in against the Cognito emulator at {EmulatorUrl}. Demo users (passwords on the home page): {DemoUsers}.")]
    public static partial void UsingEmulator(this ILogger logger, string emulatorUrl, string demoUsers);
}
