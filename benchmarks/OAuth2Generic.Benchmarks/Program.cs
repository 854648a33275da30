using BenchmarkDotNet.Running;
using OAuth2Generic.Benchmarks.Load;

// dotnet run -c Release --project benchmarks/OAuth2Generic.Benchmarks -- --filter '*' [--job short]   the BenchmarkDotNet suites
// dotnet run -c Release --project benchmarks/OAuth2Generic.Benchmarks -- load [--count 10000]        the load run
// dotnet run -c Release --project benchmarks/OAuth2Generic.Benchmarks -- paired [--rounds 1000]      alternating rounds in one process
//   (--bearer, --telemetry, --refresh: one comparison alone; see Paired/PairedRun.cs)
if (args.Length > 0 && args[0] == "paired")
{
    return await OAuth2Generic.Benchmarks.Paired.PairedRun.RunAsync(args);
}

if (args.Length > 0 && args[0] == "load")
{
    return await LoadDriver.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
