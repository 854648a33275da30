using CognitoSample;
using Microsoft.Extensions.Options;

// With Authentication:Schemes:Cognito:Domain and the other Cognito settings (user secrets or environment variables) the sample signs in against
// that user pool; without them, in Development (dotnet run's launch profile) or with Sample:UseEmulator=true, against the
// Cognito emulator, started in-process.
try
{
    var app = await SampleApp.BuildAsync(args);
    await app.RunAsync();
    return 0;
}
catch (Exception mistake) when (mistake is SampleConfigurationException or OptionsValidationException)
{
    // A configuration mistake: its message names the setting and what to do. Said once, without a stack trace, which
    // would only bury it.
    await Console.Error.WriteLineAsync(mistake.Message);
    return 1;
}
