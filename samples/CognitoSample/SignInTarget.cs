using OAuth2Generic.Testing;

namespace CognitoSample;

/// <summary>Where users sign in: a real user pool from the <c>Cognito</c> settings, or the emulator this sample started.</summary>
/// <param name="Domain">The user pool's domain.</param>
/// <param name="Emulator">The in-process emulator, or <see langword="null"/> for a real user pool.</param>
/// <param name="DemoUsers">The emulator's users, shown on the home page.</param>
/// <param name="EmulatorReason">Why the emulator runs (the environment, or the switch), shown on the home page.</param>
public sealed record SignInTarget(string Domain, CognitoEmulator? Emulator, IReadOnlyList<CognitoEmulatorUser> DemoUsers, string? EmulatorReason = null);
