using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace OAuth2Generic.Tests.Tool;

/// <summary>A running <c>cognito-emulator</c>: its output read line by line, the first pool's URLs once it says "ready".</summary>
internal sealed partial class ToolProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();

    private ToolProcess(Process process) => _process = process;

    public string Domain { get; private set; } = "";

    public string Issuer { get; private set; } = "";

    /// <summary>Everything it wrote so far, standard output and error.</summary>
    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the command, without waiting for it to be ready.</summary>
    public static ToolProcess Start(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ROOT"] = InstalledTool.DotnetRoot;
        var tool = new ToolProcess(Process.Start(start)!);
        tool._process.OutputDataReceived += (_, line) => tool.Received(line.Data);
        tool._process.ErrorDataReceived += (_, line) => tool.Received(line.Data);
        tool._process.BeginOutputReadLine();
        tool._process.BeginErrorReadLine();
        return tool;
    }

    /// <summary>Waits for "ready" and reads the first pool's domain and issuer from the line about it.</summary>
    public async Task WaitUntilReadyAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(StartTimeout);
        try
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(timeout.Token))
            {
                if (PoolLine().Match(line) is { Success: true } pool && Domain.Length == 0)
                {
                    Domain = pool.Groups["domain"].Value;
                    Issuer = pool.Groups["issuer"].Value;
                }
                else if (line == "ready")
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
        }

        throw new InvalidOperationException($"cognito-emulator did not say ready within {StartTimeout.TotalSeconds} s:\n{Output}");
    }

    /// <summary>Waits for the process to end by itself.</summary>
    public Task WaitForExitAsync() => _process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(StartTimeout, TestContext.Current.CancellationToken);

    /// <summary>Sends SIGTERM, as a container runtime or a CI job's end does.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
        await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, kill.ExitCode);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            _lines.Writer.TryComplete();
            return;
        }

        lock (_lock)
        {
            _output.AppendLine(line);
        }

        _lines.Writer.TryWrite(line);
    }

    [GeneratedRegex("^user pool (?<id>\\S+): domain (?<domain>\\S+) issuer (?<issuer>\\S+) jwks \\S+$")]
    private static partial Regex PoolLine();
}
