using System.Diagnostics;
using System.Globalization;
using OAuth2Generic.Benchmarks.Load;

namespace OAuth2Generic.Benchmarks.Paired;

/// <summary>
/// The in-memory challenge, callback and whole sign-in of the BenchmarkDotNet suites, measured in one process for
/// <c>AddOAuth</c> and OAuth2Generic in alternating short rounds, so that a virtual machine whose speed drifts during a
/// run slows both alike. Reports the ratio of the median round times with a bootstrap 95% interval, and the bytes
/// allocated per operation.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project benchmarks/OAuth2Generic.Benchmarks -- paired [--rounds 1000] [--per-round 20] [--bearer | --many-pools | --telemetry | --refresh | --id-token]</c>;
/// <c>--id-token</c> runs the id_token-only callback, <c>AddOpenIdConnect</c> against <c>AddOAuth2Generic</c> with an
/// <c>Authority</c> in <c>IdToken</c> mode (<see cref="CallbackBenchmarks"/>);
/// <c>--bearer</c> runs the API's bearer handlers alone (<see cref="BearerBenchmarks"/>), which follow the sign-in otherwise;
/// <c>--telemetry</c> runs OAuth2Generic alone with nobody listening against the OpenTelemetry SDK recording, in memory
/// and against a provider over HTTP at 127.0.0.1;
/// <c>--refresh</c> runs a cookie-authenticated request with <c>RefreshSavedTokens</c> on, the token not due, against
/// off (<see cref="RefreshBenchmarks"/>).
/// BenchmarkDotNet runs one benchmark after the other, each in its own process; on a noisy machine their ratio
/// carries the drift between the two runs. Alternating rounds trade BenchmarkDotNet's statistics for that robustness.
/// </remarks>
internal static class PairedRun
{
    private const int RoundsPerAttachment = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = Option(args, "--rounds", 1000);
        var perRound = Option(args, "--per-round", 20);
        if (args.Contains("--bearer"))
        {
            // The API's bearer handlers only.
            await ReportBearerAsync(rounds, perRound);
            return 0;
        }

        if (args.Contains("--many-pools"))
        {
            // The API's bearer handler trusting one pool against trusting 1,000.
            await ReportManyPoolsAsync(rounds, perRound);
            return 0;
        }

        if (args.Contains("--refresh"))
        {
            // A signed-in request, RefreshSavedTokens off against on with a token that is not due.
            await ReportRefreshAsync(rounds, perRound);
            return 0;
        }

        if (args.Contains("--id-token"))
        {
            // The callback of an OpenID Connect sign-in with the claims from the validated id_token alone.
            var (openIdConnect, genericIdToken) = await CallbackBenchmarks.PrepareIdTokenPairAsync();
            await using (openIdConnect)
            await using (genericIdToken)
            {
                Console.WriteLine("| operation | AddOpenIdConnect median | AddOAuth2Generic median | time ratio (95% interval) | AddOpenIdConnect bytes | AddOAuth2Generic bytes | allocation ratio |");
                Console.WriteLine("|---|---:|---:|---|---:|---:|---:|");
                await ReportAsync("callback, id_token only", () => openIdConnect.CallbackAsync(), () => genericIdToken.CallbackAsync(), rounds, perRound);

                // For comparison, AddCognito in IdToken mode on the same id_token (its own claims besides).
                await using var cognito = await CallbackBenchmarks.PrepareCognitoIdTokenAsync();
                await ReportAsync("callback, id_token only, AddCognito", () => openIdConnect.CallbackAsync(), () => cognito.CallbackAsync(), rounds, perRound);
            }

            return 0;
        }

        if (args.Contains("--telemetry"))
        {
            // OAuth2Generic alone, nobody listening against the OpenTelemetry SDK recording.
            await ReportTelemetryAsync(rounds, perRound);
            return 0;
        }

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
            await ReportAsync(name, () => operation(oauth), () => operation(generic), rounds, perRound);
        }

        await ReportBearerAsync(rounds, perRound);
        return 0;
    }

    // An API request with a Cognito access token: AddJwtBearer with the hand-written client_id validator (the baseline)
    // against AddCognitoJwtBearer with its validation cache off (every request verifies) and on (the same token again).
    private static async Task ReportBearerAsync(int rounds, int perRound)
    {
        var benchmarks = new BearerBenchmarks();
        await benchmarks.Setup();
        try
        {
            Console.WriteLine();
            Console.WriteLine("| API request | AddJwtBearer median | AddCognitoJwtBearer median | time ratio (95% interval) | AddJwtBearer bytes | AddCognitoJwtBearer bytes | allocation ratio |");
            Console.WriteLine("|---|---:|---:|---|---:|---:|---:|");
            await ReportAsync("fresh token, through the host", benchmarks.AddJwtBearer, benchmarks.AddCognitoJwtBearerFresh, rounds, perRound);
            await ReportAsync("token again, through the host", benchmarks.AddJwtBearer, benchmarks.AddCognitoJwtBearerAgain, rounds, perRound);
            await ReportAsync("fresh token, authentication alone", benchmarks.AuthenticateJwtBearer, benchmarks.AuthenticateCognitoFresh, rounds, perRound);
            await ReportAsync("token again, authentication alone", benchmarks.AuthenticateJwtBearer, benchmarks.AuthenticateCognitoAgain, rounds, perRound);
        }
        finally
        {
            await benchmarks.Cleanup();
        }
    }

    // The same token through AddCognitoJwtBearer trusting one pool (the baseline) and trusting 1,000 (a resolver, a list).
    private static async Task ReportManyPoolsAsync(int rounds, int perRound)
    {
        var benchmarks = new ManyPoolsBearerBenchmarks();
        await benchmarks.Setup();
        try
        {
            Console.WriteLine(
                $"{rounds} rounds of {perRound} operations per scheme, alternating; .NET {Environment.Version}, {Environment.ProcessorCount} cores.");
            Console.WriteLine("| authentication alone, fresh token | one pool median | 1,000 pools median | time ratio (95% interval) | one pool bytes | 1,000 pools bytes | allocation ratio |");
            Console.WriteLine("|---|---:|---:|---|---:|---:|---:|");
            await ReportAsync("1,000 pools in Issuers", benchmarks.OneUserPool, benchmarks.IssuerList, rounds, perRound);
            await ReportAsync("1,000 pools by PoolResolver", benchmarks.OneUserPool, benchmarks.PoolResolver, rounds, perRound);
        }
        finally
        {
            await benchmarks.Cleanup();
        }
    }

    // A request with the authentication cookie of a sign-in with SaveTokens: RefreshSavedTokens off (the baseline)
    // against on, the saved access token an hour from its expiry, so that only the check whether it is due is measured.
    private static async Task ReportRefreshAsync(int rounds, int perRound)
    {
        var (off, on) = await RefreshBenchmarks.StartAsync();
        await using (off)
        await using (on)
        {
            Console.WriteLine(
                $"{rounds} rounds of {perRound} operations per setting, alternating; .NET {Environment.Version}, {Environment.ProcessorCount} cores.");
            Console.WriteLine("| cookie request | RefreshSavedTokens = false median | RefreshSavedTokens = true median | time ratio (95% interval) | false bytes | true bytes | allocation ratio |");
            Console.WriteLine("|---|---:|---:|---|---:|---:|---:|");
            await ReportAsync("/me, token not due", () => off.MeAsync(), () => on.MeAsync(), rounds, perRound);
        }
    }

    // The same operations with nobody listening and with the OpenTelemetry SDK recording every span and measurement of
    // the package; then, in an application that traces its requests (the SDK listening to ASP.NET Core), without and
    // with the package's source and meter added. The SDK is attached for a block of rounds and disposed after it,
    // outside the timed loop, so that the rounds with nobody listening really have no listener (the package then skips
    // its spans and tags altogether).
    private static async Task ReportTelemetryAsync(int rounds, int perRound)
    {
        await using var signIn = await SignInHost.StartAsync(builder => Schemes.AddGeneric(builder, new InMemoryProvider()));
        await using var callback = await CallbackBenchmarks.PrepareCognitoIdTokenAsync();

        // The same sign-in against a provider reached over HTTP, on Kestrel at 127.0.0.1 in this process: the
        // backchannel's sockets and System.Net's own work, the least a deployment's provider calls cost.
        await using var provider = await LoadProvider.StartAsync();
        using var sockets = new SocketsHttpHandler { AllowAutoRedirect = false };
        await using var overHttp = await SignInHost.StartAsync(builder => Schemes.AddGeneric(builder, sockets, provider.Url.TrimEnd('/')));
        if (await overHttp.SignInAsync() != System.Net.HttpStatusCode.OK)
        {
            throw new InvalidOperationException("The sign-in against the provider over HTTP did not sign the user in.");
        }

        (string Name, Func<Task> Operation)[] operations =
        [
            ("whole sign-in, AddOAuth2Generic", () => signIn.SignInAsync()),
            ("callback, AddCognito (IdToken)", () => callback.CallbackAsync()),
            ("whole sign-in, AddOAuth2Generic, provider over HTTP (127.0.0.1)", () => overHttp.SignInAsync()),
        ];
        Console.WriteLine(
            $"{rounds} rounds of {perRound} operations per setting, alternating; .NET {Environment.Version}, {Environment.ProcessorCount} cores.");
        Console.WriteLine("| operation | nobody listening median | SDK recording the package median | time ratio (95% interval) | nobody listening bytes | SDK recording bytes | allocation ratio |");
        Console.WriteLine("|---|---:|---:|---|---:|---:|---:|");
        foreach (var (name, operation) in operations)
        {
            await ReportListeningAsync(name, operation, () => null, () => new TelemetrySdk(), rounds, perRound);
        }

        Console.WriteLine();
        Console.WriteLine("| operation | SDK recording ASP.NET Core median | SDK recording ASP.NET Core and the package median | time ratio (95% interval) | ASP.NET Core bytes | with the package bytes | allocation ratio |");
        Console.WriteLine("|---|---:|---:|---|---:|---:|---:|");
        foreach (var (name, operation) in operations)
        {
            await ReportListeningAsync(name, operation, () => new TelemetrySdk(package: false, requests: true), () => new TelemetrySdk(requests: true), rounds, perRound);
        }
    }

    // One operation under two listening settings, each attached for a block of rounds, the blocks alternating.
    private static async Task ReportListeningAsync(
        string name, Func<Task> operation, Func<IDisposable?> baseline, Func<IDisposable?> measured, int rounds, int perRound)
    {
        foreach (var setting in (Func<IDisposable?>[])[baseline, measured])
        {
            using (setting())
            {
                for (var warmup = 0; warmup < 2000; warmup++)
                {
                    await operation();
                }
            }
        }

        var baselineTimes = new List<double>(rounds);
        var measuredTimes = new List<double>(rounds);
        for (var block = 0; block * RoundsPerAttachment < rounds; block++)
        {
            // Each goes first every other block, so neither always runs on a freshly collected heap.
            var order = block % 2 == 0 ? new[] { (baseline, baselineTimes), (measured, measuredTimes) } : [(measured, measuredTimes), (baseline, baselineTimes)];
            foreach (var (setting, times) in order)
            {
                using (setting())
                {
                    await RoundsAsync(times, operation, perRound);
                }
            }
        }

        long baselineBytes;
        long measuredBytes;
        using (baseline())
        {
            baselineBytes = await BytesAsync(operation);
        }

        using (measured())
        {
            measuredBytes = await BytesAsync(operation);
        }

        var (low, high) = Interval(baselineTimes, measuredTimes, RoundsPerAttachment);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {name} | {Median(baselineTimes):F1} µs | {Median(measuredTimes):F1} µs | {Median(measuredTimes) / Median(baselineTimes):F3} ({low:F3}–{high:F3}) | {baselineBytes} | {measuredBytes} | {(double)measuredBytes / baselineBytes:F3} |"));
    }

    // An application attaches the SDK once for its lifetime. Attached anew, the SDK allocates its buffers and metric
    // points and starts its export thread, and the collections this brings land in the next rounds; attaching it for a
    // block of rounds, after an untimed round, keeps that start-up out of the steady state being measured, while blocks
    // of tens of milliseconds still alternate faster than this machine's speed drifts. The other setting runs the same
    // untimed round, so that both see the same heap.
    private static async Task RoundsAsync(List<double> times, Func<Task> operation, int perRound)
    {
        await RoundAsync(operation, perRound);
        for (var round = 0; round < RoundsPerAttachment; round++)
        {
            times.Add(await RoundAsync(operation, perRound));
        }
    }

    private static async Task<double> RoundAsync(Func<Task> operation, int perRound)
    {
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < perRound; i++)
        {
            await operation();
        }

        return Stopwatch.GetElapsedTime(started).TotalMicroseconds / perRound;
    }

    private static async Task ReportAsync(string name, Func<Task> baseline, Func<Task> measured, int rounds, int perRound)
    {
        for (var warmup = 0; warmup < 2000; warmup++)
        {
            await baseline();
            await measured();
        }

        var (baselineTimes, measuredTimes) = await TimeAsync(baseline, measured, rounds, perRound);
        var baselineBytes = await BytesAsync(baseline);
        var measuredBytes = await BytesAsync(measured);
        var (low, high) = Interval(baselineTimes, measuredTimes);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {name} | {Median(baselineTimes):F1} µs | {Median(measuredTimes):F1} µs | {Median(measuredTimes) / Median(baselineTimes):F3} ({low:F3}–{high:F3}) | {baselineBytes} | {measuredBytes} | {(double)measuredBytes / baselineBytes:F3} |"));
    }

    private static async Task<(List<double> First, List<double> Second)> TimeAsync(
        Func<Task> first, Func<Task> second, int rounds, int perRound)
    {
        var firstTimes = new List<double>(rounds);
        var secondTimes = new List<double>(rounds);
        for (var round = 0; round < rounds; round++)
        {
            // Each goes first every other round, so neither always runs on a freshly collected heap.
            var order = round % 2 == 0 ? new[] { (first, firstTimes), (second, secondTimes) } : [(second, secondTimes), (first, firstTimes)];
            foreach (var (operation, times) in order)
            {
                var started = Stopwatch.GetTimestamp();
                for (var i = 0; i < perRound; i++)
                {
                    await operation();
                }

                times.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds / perRound);
            }
        }

        return (firstTimes, secondTimes);
    }

    private static async Task<long> BytesAsync(Func<Task> operation)
    {
        const int Count = 3000;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < Count; i++)
        {
            await operation();
        }

        return (GC.GetTotalAllocatedBytes(precise: true) - before) / Count;
    }

    // The ratio of medians over resampled rounds: its 2.5th and 97.5th percentiles. Rounds measured in blocks (one
    // attachment of a listener) are resampled a block at a time, since the rounds of one block share its conditions.
    private static (double Low, double High) Interval(List<double> first, List<double> second, int block = 1)
    {
        var random = new Random(20261201);
        var ratios = new List<double>(2000);
        for (var sample = 0; sample < 2000; sample++)
        {
            var a = Resample(first, block, random);
            var b = Resample(second, block, random);
            ratios.Add(Median(b) / Median(a));
        }

        ratios.Sort();
        return (ratios[(int)(ratios.Count * 0.025)], ratios[(int)(ratios.Count * 0.975)]);
    }

    private static List<double> Resample(List<double> values, int block, Random random)
    {
        var blocks = (values.Count + block - 1) / block;
        var sample = new List<double>(values.Count);
        for (var i = 0; i < blocks; i++)
        {
            var start = random.Next(blocks) * block;
            sample.AddRange(values.GetRange(start, Math.Min(block, values.Count - start)));
        }

        return sample;
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
