using System.Diagnostics;
using System.Text;
using CognitoSample;

namespace OAuth2Generic.Tests.Sample;

/// <summary>
/// The sample's program as a user starts it: its built <c>CognitoSample.dll</c> in a process of its own, with the
/// environment and settings of a deployment or of <c>dotnet run</c>'s launch profile. The emulator, with its public demo
/// passwords and client secret, runs in Development only; anywhere else a missing or wrong configuration stops the
/// program with one message and exit code 1.
/// </summary>
public sealed class CognitoSampleProgramTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task In_Production_with_no_user_pool_the_sample_exits_with_code_1_and_one_message()
    {
        var (exitCode, output) = await RunToExitAsync("Production");

        Assert.Equal(1, exitCode);
        var line = Assert.Single(Lines(output));
        Assert.StartsWith("No user pool to sign in with: Authentication:Schemes:Cognito:Domain is not set (environment Production).", line, StringComparison.Ordinal);
        Assert.Contains("Sample:UseEmulator=true", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misconfigured_user_pool_stops_the_sample_with_its_message_once_and_exit_code_1()
    {
        // A whole user pool but for its ClientSecret (with its UserPoolId, so that no warning about id_tokens joins the message).
        var (exitCode, output) = await RunToExitAsync(
            "Production",
            "--Authentication:Schemes:Cognito:Domain=https://myapp.auth.eu-west-1.amazoncognito.com",
            "--Authentication:Schemes:Cognito:Region=eu-west-1",
            "--Authentication:Schemes:Cognito:UserPoolId=eu-west-1_AbC123xyz",
            "--Authentication:Schemes:Cognito:ClientId=abc");

        Assert.Equal(1, exitCode);
        var line = Assert.Single(Lines(output));
        Assert.StartsWith("Authentication scheme 'Cognito' (configuration section 'Authentication:Schemes:Cognito'): ClientSecret is required", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_emulator_switch_stops_the_sample_with_its_message_and_exit_code_1()
    {
        var (exitCode, output) = await RunToExitAsync("Production", "--Sample:UseEmulator=yes");

        Assert.Equal(1, exitCode);
        Assert.Equal("Sample:UseEmulator is 'yes': it takes true or false.", Assert.Single(Lines(output)));
    }

    [Theory]
    [InlineData("Development", new string[0], "because no Cognito settings were found and the environment is Development")]
    [InlineData("Production", new[] { "--Sample:UseEmulator=true" }, "because Sample:UseEmulator is true")]
    public async Task In_Development_or_with_the_switch_the_sample_starts_the_emulator_and_says_why(string environment, string[] args, string reason)
    {
        using var sample = Start(environment, args);
        var deadline = DateTime.UtcNow + Deadline;
        string? line;
        while ((line = await sample.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(Deadline, TestContext.Current.CancellationToken)) is not null
            && !line.Contains("Now listening on:", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            if (line.Contains("Cognito emulator", StringComparison.Ordinal))
            {
                Assert.Contains(reason, line, StringComparison.Ordinal);
            }
        }

        Assert.NotNull(line);
        var url = line[(line.IndexOf("http", StringComparison.Ordinal))..].Trim();
        using var http = new HttpClient();
        var home = await http.GetStringAsync(url + "/", TestContext.Current.CancellationToken);
        Assert.Contains("started the <strong>Cognito emulator</strong>", home, StringComparison.Ordinal);
        Assert.Contains(reason, home, StringComparison.Ordinal);
        sample.Kill(entireProcessTree: true);
    }

    private static string[] Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<(int ExitCode, string Output)> RunToExitAsync(string environment, params string[] args)
    {
        using var sample = Start(environment, args);
        var output = new StringBuilder();
        var reading = Task.WhenAll(
            Task.Run(async () => output.Append(await sample.StandardOutput.ReadToEndAsync())),
            Task.Run(async () => output.Append(await sample.StandardError.ReadToEndAsync())));
        try
        {
            await sample.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(Deadline, TestContext.Current.CancellationToken);
        }
        finally
        {
            if (!sample.HasExited)
            {
                sample.Kill(entireProcessTree: true);
            }
        }

        await reading;
        return (sample.ExitCode, output.ToString());
    }

    /// <summary>
    /// The sample's built program, in <paramref name="environment"/>, on a free port of 127.0.0.1, with no settings but
    /// <paramref name="args"/>: none from this process's environment, and no user secrets (its home is an empty folder).
    /// </summary>
    private static Process Start(string environment, string[] args)
    {
        var home = Directory.CreateTempSubdirectory("sample-home-").FullName;
        // Nothing is written there; the folder goes when the process does.
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = home,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(typeof(SampleApp).Assembly.Location);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) || name.Equals("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("Cognito", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Authentication", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Sample", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["HOME"] = home;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        var process = Process.Start(start)!;
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => Directory.Delete(home, recursive: true);
        return process;
    }
}
