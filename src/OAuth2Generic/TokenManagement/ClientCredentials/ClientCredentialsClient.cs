namespace OAuth2Generic;

/// <summary>
/// A client-credentials client registered under a name, with the way to its options (of the options type it was
/// registered with, generic or Cognito, which <see cref="ClientCredentialsTokenService"/> does not know).
/// </summary>
/// <param name="Name">The client's name.</param>
/// <param name="OptionsType">The options type it was registered with.</param>
/// <param name="Options">Given the application's services, the client's current options.</param>
internal sealed record ClientCredentialsClient(string Name, Type OptionsType, Func<IServiceProvider, ClientCredentialsOptions> Options);
