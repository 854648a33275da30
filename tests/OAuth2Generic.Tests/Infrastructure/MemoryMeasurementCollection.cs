namespace OAuth2Generic.Tests;

/// <summary>
/// Tests that measure the process's retained memory (<see cref="GC.GetTotalMemory(bool)"/>): they run alone, after the
/// tests that run in parallel, since whatever another test keeps meanwhile would be counted as theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    /// <summary>The collection's name, for <c>[Collection]</c>.</summary>
    public const string Name = "Memory measurement";
}
