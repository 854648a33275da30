using System.Net;
using System.Runtime.InteropServices;
using OAuth2Generic.Testing;

namespace OAuth2Generic.CognitoEmulator;

/// <summary>Runs the tool: reads the command line and the config file, starts the emulator, prints where it is, waits for a signal.</summary>
internal static class EmulatorCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors)
    {
        CommandLine command;
        IReadOnlyList<CognitoEmulatorOptions> pools;
        try
        {
            command = CommandLine.Parse(args);
            if (command.Help)
            {
                await output.WriteLineAsync(CommandLine.Usage).ConfigureAwait(false);
                return 0;
            }

            pools = CognitoEmulatorConfig.Parse(await ReadConfigAsync(command.ConfigFile!).ConfigureAwait(false));
        }
        catch (Exception exception) when (exception is FormatException or CognitoEmulatorConfigException or IOException or UnauthorizedAccessException)
        {
            var where = exception is CognitoEmulatorConfigException ? $"{args.SkipWhile(arg => arg != "--config").Skip(1).FirstOrDefault()}: " : "";
            await errors.WriteLineAsync($"cognito-emulator: {where}{exception.Message}").ConfigureAwait(false);
            return 1;
        }

        var first = pools[0];
        first.AdminApi = true;
        first.Port = command.Port ?? first.Port;
        if (command.ListenAny)
        {
            first.ListenAddress = IPAddress.Any;
            await errors.WriteLineAsync("cognito-emulator: warning: --listen-any serves every network interface; anyone who reaches this machine can sign in as any configured user and use the admin API.").ConfigureAwait(false);
        }

        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        Testing.CognitoEmulator emulator;
        try
        {
            emulator = await StartAsync(pools).ConfigureAwait(false);
        }
        catch (ArgumentException exception)
        {
            // The options the config file gave were refused (two users of one name, an unknown scope…).
            await errors.WriteLineAsync($"cognito-emulator: {command.ConfigFile}: {exception.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (IOException exception)
        {
            await errors.WriteLineAsync($"cognito-emulator: could not listen on port {first.Port}: {exception.Message}").ConfigureAwait(false);
            return 2;
        }

        await using (emulator.ConfigureAwait(false))
        {
            await output.WriteAsync(StartupReport.Write(emulator)).ConfigureAwait(false);
            await output.WriteLineAsync("ready").ConfigureAwait(false);
            await output.FlushAsync().ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await output.WriteLineAsync("cognito-emulator: stopping").ConfigureAwait(false);
            }
        }

        await output.WriteLineAsync("cognito-emulator: stopped").ConfigureAwait(false);
        return 0;

        void Stop(PosixSignalContext context)
        {
            // Handled here: the process ends through the normal path, after the emulator has stopped listening.
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static async Task<string> ReadConfigAsync(string path)
    {
        try
        {
            return await File.ReadAllTextAsync(path).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new IOException($"--config: there is no file '{path}'.", exception);
        }
    }

    private static async Task<Testing.CognitoEmulator> StartAsync(IReadOnlyList<CognitoEmulatorOptions> pools)
    {
        var emulator = await Testing.CognitoEmulator.StartAsync(pools[0]).ConfigureAwait(false);
        try
        {
            foreach (var pool in pools.Skip(1))
            {
                await emulator.AddUserPoolAsync(pool).ConfigureAwait(false);
            }

            return emulator;
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
