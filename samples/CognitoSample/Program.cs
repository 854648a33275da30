using CognitoSample;

// With no Cognito settings, SampleApp starts the Cognito emulator in-process and signs in against it;
// with Authentication:Schemes:Cognito:Domain and …:ClientId (user secrets or environment variables) it uses that user pool.
var app = await SampleApp.BuildAsync(args);
await app.RunAsync();
