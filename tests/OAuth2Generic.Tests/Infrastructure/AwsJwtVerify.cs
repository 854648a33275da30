using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace OAuth2Generic.Tests;

/// <summary>
/// AWS's own verifier of Cognito tokens, npm's <c>aws-jwt-verify</c> (pinned in <c>tests/aws-jwt-verify</c>), giving
/// its verdict on a whole set of tokens in one run of <c>tests/aws-jwt-verify/verify.mjs</c>: the tokens and the key set
/// go in a temporary JSON file, the verdicts come back as JSON on its stdout. The key set is given to the verifier with
/// <c>cacheJwks</c> and any fetch fails (no network), and <c>Date.now</c> is fixed to the given clock.
/// </summary>
internal static class AwsJwtVerify
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(1);

    /// <summary>The verdict on each token, by its name.</summary>
    public static async Task<IReadOnlyDictionary<string, TokenVerdict>> VerifyAsync(
        DateTimeOffset now, string userPoolId, IReadOnlyList<string> clientIds, string jwks, IReadOnlyList<DifferentialToken> tokens)
    {
        var directory = await NpmFolder.AwsJwtVerify.InstallAsync();
        var input = Path.Combine(Path.GetTempPath(), $"aws-jwt-verify-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(
            input,
            JsonSerializer.Serialize(new
            {
                now = now.ToUnixTimeMilliseconds(),
                userPoolId,
                clientIds,
                jwks = JsonDocument.Parse(jwks).RootElement,
                tokens = tokens.Select(token => new { name = token.Name, tokenUse = token.TokenUse, token = token.Token }),
            }),
            TestContext.Current.CancellationToken);
        try
        {
            var start = new ProcessStartInfo(NpmFolder.NodeExecutable())
            {
                ArgumentList = { "verify.mjs", input },
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            Process node;
            try
            {
                node = Process.Start(start)!;
            }
            catch (Win32Exception)
            {
                throw TestPrerequisite.Node.Missing($"There is no Node.js to run aws-jwt-verify: none inside Microsoft.Playwright's package next to the tests, and no {start.FileName} on the PATH.");
            }

            using (node)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
                timeout.CancelAfter(RunTimeout);
                var output = node.StandardOutput.ReadToEndAsync(timeout.Token);
                var errors = node.StandardError.ReadToEndAsync(timeout.Token);
                try
                {
                    await node.WaitForExitAsync(timeout.Token);
                    await Task.WhenAll(output, errors);
                }
                catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
                {
                    node.Kill(entireProcessTree: true);
                    throw new InvalidOperationException($"aws-jwt-verify did not give its verdicts within {RunTimeout.TotalSeconds} s.");
                }

                if (node.ExitCode != 0)
                {
                    throw new InvalidOperationException($"aws-jwt-verify's script exited with code {node.ExitCode}: {await errors}");
                }

                var verdicts = JsonSerializer.Deserialize<List<TokenVerdict>>(await output, JsonSerializerOptions.Web)!;
                return verdicts.ToDictionary(verdict => verdict.Name, StringComparer.Ordinal);
            }
        }
        finally
        {
            File.Delete(input);
        }
    }
}
