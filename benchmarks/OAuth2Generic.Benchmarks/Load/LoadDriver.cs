using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;

namespace OAuth2Generic.Benchmarks.Load;

/// <summary>
/// Complete sign-ins (challenge, callback, an authenticated request) over Kestrel on 127.0.0.1 against a provider on
/// Kestrel, at a fixed concurrency, for a fixed count, for OAuth2Generic and for <c>AddOAuth</c> in the same run.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project benchmarks/OAuth2Generic.Benchmarks -- load [--count 10000] [--concurrency 32] [--warmup 1000]</c>.
/// Allocations and the managed heap are the whole process's (app, provider and client alike, the same for both
/// handlers); the heap is measured after a full collection, before and after the measured sign-ins.
/// </remarks>
internal static class LoadDriver
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = Option(args, "--count", 10_000);
        var concurrency = Option(args, "--concurrency", 32);
        var warmup = Option(args, "--warmup", 1_000);

        await using var provider = await LoadProvider.StartAsync();
        (string Name, Action<AuthenticationBuilder> AddScheme)[] handlers =
        [
            ("AddOAuth + OnCreatingTicket", builder => Schemes.AddOAuthRecipe(builder, Backchannel(), provider.Url)),
            ("AddOAuth2Generic", builder => Schemes.AddGeneric(builder, Backchannel(), provider.Url)),
        ];

        var rounds = Option(args, "--rounds", 3);
        Console.WriteLine(
            $"{count} sign-ins per handler and round, {rounds} rounds alternating the handlers, concurrency {concurrency}, after {warmup} to warm up; .NET {Environment.Version}, {Environment.ProcessorCount} cores.");

        var targets = new List<(string Name, LoadTarget Target, HttpClient Client)>();
        try
        {
            foreach (var (name, addScheme) in handlers)
            {
                var target = await LoadTarget.StartAsync(addScheme);
                var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, MaxConnectionsPerServer = concurrency })
                {
                    BaseAddress = new Uri(target.Url),
                };
                targets.Add((name, target, client));
                await RunSignInsAsync(client, warmup, concurrency, latencies: null);
            }

            // Rounds alternate the handlers, so that neither has the machine warmer or quieter than the other.
            var measured = targets.ToDictionary(target => target.Name, _ => new List<LoadResult>());
            for (var round = 0; round < rounds; round++)
            {
                foreach (var (name, _, client) in targets)
                {
                    measured[name].Add(await MeasureAsync(name, client, count, concurrency));
                }
            }

            var results = targets.Select(target => Combine(measured[target.Name])).ToList();
            Print(results);
            return results.Any(result => result.Failures > 0) ? 1 : 0;
        }
        finally
        {
            foreach (var (_, target, client) in targets)
            {
                client.Dispose();
                await target.DisposeAsync();
            }
        }
    }

    // Throughput and latencies averaged over the rounds; the heap from before the first round to after the last.
    private static LoadResult Combine(List<LoadResult> rounds) => new(
        rounds[0].Handler,
        rounds.Sum(round => round.SignIns),
        rounds.Sum(round => round.Failures),
        rounds.Average(round => round.SignInsPerSecond),
        rounds.Average(round => round.P50Milliseconds),
        rounds.Average(round => round.P99Milliseconds),
        (long)rounds.Average(round => round.BytesAllocatedPerSignIn),
        rounds[0].HeapBeforeBytes,
        rounds[^1].HeapAfterBytes);

    // The same backchannel for both: no redirects, no cookies, pooled connections.
    private static SocketsHttpHandler Backchannel() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    private static async Task<LoadResult> MeasureAsync(string name, HttpClient client, int count, int concurrency)
    {
        var heapBefore = CollectedHeap();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var latencies = new double[count];
        var started = Stopwatch.GetTimestamp();

        var failures = await RunSignInsAsync(client, count, concurrency, latencies);

        var elapsed = Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var heapAfter = CollectedHeap();
        Array.Sort(latencies);
        return new LoadResult(
            name,
            count,
            failures,
            count / elapsed.TotalSeconds,
            latencies[count / 2],
            latencies[Math.Min(count - 1, (int)Math.Ceiling(count * 0.99) - 1)],
            allocated / count,
            heapBefore,
            heapAfter);
    }

    private static async Task<int> RunSignInsAsync(HttpClient client, int count, int concurrency, double[]? latencies)
    {
        var next = -1;
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                if (!await SignInAsync(client, $"user-{index}"))
                {
                    Interlocked.Increment(ref failures);
                }

                if (latencies is not null)
                {
                    latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            }
        }));
        return failures;
    }

    // One browser: the challenge's cookies go back with the callback, the callback's with the authenticated request.
    private static async Task<bool> SignInAsync(HttpClient client, string user)
    {
        using var challenge = await client.GetAsync("/login");
        if (challenge.StatusCode != HttpStatusCode.Redirect)
        {
            return false;
        }

        var parameters = QueryHelpers.ParseQuery(challenge.Headers.Location!.Query);
        var callbackPath = new Uri(parameters["redirect_uri"].ToString()).AbsolutePath;
        using var callbackRequest = new HttpRequestMessage(
            HttpMethod.Get, QueryHelpers.AddQueryString(callbackPath, new Dictionary<string, string?> { ["code"] = user, ["state"] = parameters["state"] }));
        callbackRequest.Headers.Add("Cookie", Cookies(challenge));
        using var callback = await client.SendAsync(callbackRequest);
        if (callback.StatusCode != HttpStatusCode.Redirect)
        {
            return false;
        }

        using var meRequest = new HttpRequestMessage(HttpMethod.Get, "/me");
        meRequest.Headers.Add("Cookie", Cookies(callback));
        using var me = await client.SendAsync(meRequest);
        return me.StatusCode == HttpStatusCode.OK && await me.Content.ReadAsStringAsync() == user;
    }

    private static string Cookies(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.GetValues("Set-Cookie")
            .Select(cookie => cookie[..cookie.IndexOf(';', StringComparison.Ordinal)])
            .Where(cookie => !cookie.EndsWith('=')));

    private static long CollectedHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static void Print(List<LoadResult> results)
    {
        var baseline = results[0];
        Console.WriteLine();
        Console.WriteLine("| Handler | Sign-ins | Failures | Sign-ins/s | Ratio | p50 ms | p99 ms | Allocated/sign-in | Heap before → after |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var result in results)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {result.Handler} | {result.SignIns} | {result.Failures} | {result.SignInsPerSecond:F0} | {result.SignInsPerSecond / baseline.SignInsPerSecond:F2} | {result.P50Milliseconds:F2} | {result.P99Milliseconds:F2} | {result.BytesAllocatedPerSignIn / 1024.0:F1} KB | {result.HeapBeforeBytes / 1048576.0:F1} → {result.HeapAfterBytes / 1048576.0:F1} MB |"));
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
