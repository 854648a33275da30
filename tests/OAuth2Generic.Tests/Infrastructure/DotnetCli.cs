using System.Diagnostics;
using System.Text;

namespace OAuth2Generic.Tests;

/// <summary>
/// Runs the <c>dotnet</c> CLI as a separate process, the way a user would, without the MSBuild and test-platform
/// variables of the test run that started it (they would point the child's build or test run back at this one).
/// </summary>
internal static class DotnetCli
{
    /// <summary>Runs <c>dotnet</c> with the arguments; on <paramref name="deadline"/> the process tree is killed and waited for.</summary>
    /// <param name="workingDirectory">Where to run.</param>
    /// <param name="unset">Further environment variables the child must not see.</param>
    /// <param name="arguments">The CLI arguments.</param>
    /// <param name="deadline">Ends the run (a <see cref="TimeoutException"/> with the output so far).</param>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, IReadOnlyCollection<string> unset, string[] arguments, CancellationToken deadline)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) || name is "DOTNET_HOST_PATH" || unset.Contains(name))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var lock_ = new Lock();
        process.OutputDataReceived += (_, line) => { lock (lock_) { output.AppendLine(line.Data); } };
        process.ErrorDataReceived += (_, line) => { lock (lock_) { output.AppendLine(line.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(deadline);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            // Wait for the tree to be gone, so that nothing holds the caller's files when it cleans up.
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"'dotnet {string.Join(' ', arguments)}' did not finish in time:\n{output}");
        }

        lock (lock_)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}
