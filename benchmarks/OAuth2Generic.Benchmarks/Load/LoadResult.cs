namespace OAuth2Generic.Benchmarks.Load;

/// <summary>The figures of one handler's measured sign-ins.</summary>
internal sealed record LoadResult(
    string Handler,
    int SignIns,
    int Failures,
    double SignInsPerSecond,
    double P50Milliseconds,
    double P99Milliseconds,
    long BytesAllocatedPerSignIn,
    long HeapBeforeBytes,
    long HeapAfterBytes);
