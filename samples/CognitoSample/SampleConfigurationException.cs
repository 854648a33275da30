namespace CognitoSample;

/// <summary>
/// A setting of the sample itself is missing or wrong; its message says which and what to do. <c>Program.cs</c> prints it
/// and exits with code 1, as it does for the package's own start-up checks.
/// </summary>
public sealed class SampleConfigurationException(string message) : Exception(message);
