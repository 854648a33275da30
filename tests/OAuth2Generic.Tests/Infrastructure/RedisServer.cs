using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OAuth2Generic.Tests;

/// <summary>
/// A real <c>redis-server</c> (Debian's package) on a free loopback port, with nothing persisted, for the tests of
/// several app servers sharing one Data Protection key ring. Without it on the PATH the test is skipped, or failed under
/// CI (<see cref="TestPrerequisite"/>).
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    /// <param name="executable">The program to start; only the tests of the missing-prerequisite rule name another.</param>
    public static async Task<RedisServer> StartAsync(string executable = "redis-server")
    {
        // A free port can be taken between finding it and redis binding it: then redis exits, and another port is tried.
        var errors = new System.Text.StringBuilder();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = FakeProvider.FreePort();
            var process = Start(executable, port, errors);
            if (await ListeningAsync(process, port))
            {
                return new RedisServer(process, port);
            }

            await new RedisServer(process, port).DisposeAsync();
        }

        throw new InvalidOperationException($"redis-server did not start listening on 127.0.0.1: {errors}");
    }

    private static Process Start(string executable, int port, System.Text.StringBuilder errors)
    {
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList = { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception)
        {
            throw TestPrerequisite.RedisServer.Missing($"{executable} is not on the PATH.");
        }

        // Drain its output so that a full pipe never blocks it; keep what it says about failing to start.
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("Could not create server", StringComparison.OrdinalIgnoreCase) == true)
            {
                lock (errors)
                {
                    errors.AppendLine(line.Data);
                }
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            lock (errors)
            {
                errors.AppendLine(line.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<bool> ListeningAsync(Process process, int port)
    {
        for (var attempt = 0; attempt < 100 && !process.HasExited; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, TestContext.Current.CancellationToken);
                return !process.HasExited;
            }
            catch (SocketException)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
