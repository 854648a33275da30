using OAuth2Generic.CognitoEmulator;

return await EmulatorCommand.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
