namespace OAuth2Generic.Tests;

/// <summary>
/// Retained memory, measured as the whole process's (<see cref="GC.GetTotalMemory(bool)"/> before and after). Leftovers
/// of the tests that ran before (the thread-pool threads they started, which come and go with their pooled buffers) move
/// it by megabytes now and then, in either direction. What a test bounds (a cache that keeps more than its budget) shows
/// at every measurement; so a measurement over the bound is made once more, from the start, and the smaller counts.
/// </summary>
public static class RetainedMemory
{
    /// <summary>The smaller of one or two measurements: the second is made only when the first is over <paramref name="bound"/>.</summary>
    /// <param name="measure">Makes a fresh app, runs the work and returns the growth; it asserts what else the test checks.</param>
    /// <param name="bound">The most the test allows.</param>
    public static async Task<long> GrowthAsync(Func<Task<long>> measure, long bound)
    {
        var growth = await measure();
        return growth <= bound ? growth : Math.Min(growth, await measure());
    }
}
