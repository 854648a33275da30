using System.Diagnostics;
using System.Globalization;

namespace OAuth2Generic.Benchmarks.Paired;

/// <summary>
/// The in-memory challenge, callback and whole sign-in of the BenchmarkDotNet suites, measured in one process for
/// <c>AddOAuth</c> and OAuth2Generic in alternating short rounds, so that a virtual machine whose speed drifts during a
/// run slows both alike. Reports the ratio of the median round times with a bootstrap 95% interval, and the bytes
/// allocated per operation.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project benchmarks/OAuth2Generic.Benchmarks -- paired [--rounds 1000] [--per-round 20]</c>.
/// BenchmarkDotNet runs one benchmark after the other, each in its own process; on a noisy machine their ratio
/// carries the drift between the two runs. Alternating rounds trade BenchmarkDotNet's statistics for that robustness.
/// </remarks>
internal static class PairedRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = Option(args, "--rounds", 1000);
        var perRound = Option(args, "--per-round", 20);
        await using var oauth = await SignInHost.StartAsync(builder => Schemes.AddOAuthRecipe(builder, new InMemoryProvider()));
        await using var generic = await SignInHost.StartAsync(builder => Schemes.AddGeneric(builder, new InMemoryProvider()));
        await oauth.PrepareCallbackAsync();
        await generic.PrepareCallbackAsync();

        Console.WriteLine(
            $"{rounds} rounds of {perRound} operations per handler, alternating; .NET {Environment.Version}, {Environment.ProcessorCount} cores.");
        Console.WriteLine("| operation | AddOAuth median | AddOAuth2Generic median | time ratio (95% interval) | AddOAuth bytes | AddOAuth2Generic bytes | allocation ratio |");
        Console.WriteLine("|---|---:|---:|---|---:|---:|---:|");
        (string Name, Func<SignInHost, Task> Operation)[] operations =
        [
            ("challenge", host => host.ChallengeAsync()),
            ("callback with user info", host => host.CallbackAsync()),
            ("whole sign-in", host => host.SignInAsync()),
        ];
        foreach (var (name, operation) in operations)
        {
            for (var warmup = 0; warmup < 2000; warmup++)
            {
                await operation(oauth);
                await operation(generic);
            }

            var (oauthTimes, genericTimes) = await TimeAsync(oauth, generic, operation, rounds, perRound);
            var oauthBytes = await BytesAsync(oauth, operation);
            var genericBytes = await BytesAsync(generic, operation);
            var (low, high) = Interval(oauthTimes, genericTimes);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {name} | {Median(oauthTimes):F1} µs | {Median(genericTimes):F1} µs | {Median(genericTimes) / Median(oauthTimes):F3} ({low:F3}–{high:F3}) | {oauthBytes} | {genericBytes} | {(double)genericBytes / oauthBytes:F3} |"));
        }

        return 0;
    }

    private static async Task<(List<double> First, List<double> Second)> TimeAsync(
        SignInHost first, SignInHost second, Func<SignInHost, Task> operation, int rounds, int perRound)
    {
        var firstTimes = new List<double>(rounds);
        var secondTimes = new List<double>(rounds);
        for (var round = 0; round < rounds; round++)
        {
            // Each goes first every other round, so neither always runs on a freshly collected heap.
            var order = round % 2 == 0 ? new[] { (first, firstTimes), (second, secondTimes) } : [(second, secondTimes), (first, firstTimes)];
            foreach (var (host, times) in order)
            {
                var started = Stopwatch.GetTimestamp();
                for (var i = 0; i < perRound; i++)
                {
                    await operation(host);
                }

                times.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds / perRound);
            }
        }

        return (firstTimes, secondTimes);
    }

    private static async Task<long> BytesAsync(SignInHost host, Func<SignInHost, Task> operation)
    {
        const int Count = 3000;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < Count; i++)
        {
            await operation(host);
        }

        return (GC.GetTotalAllocatedBytes(precise: true) - before) / Count;
    }

    // The ratio of medians over resampled rounds: its 2.5th and 97.5th percentiles.
    private static (double Low, double High) Interval(List<double> first, List<double> second)
    {
        var random = new Random(20261201);
        var ratios = new List<double>(2000);
        for (var sample = 0; sample < 2000; sample++)
        {
            var a = Enumerable.Range(0, first.Count).Select(_ => first[random.Next(first.Count)]).ToList();
            var b = Enumerable.Range(0, second.Count).Select(_ => second[random.Next(second.Count)]).ToList();
            ratios.Add(Median(b) / Median(a));
        }

        ratios.Sort();
        return (ratios[(int)(ratios.Count * 0.025)], ratios[(int)(ratios.Count * 0.975)]);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
