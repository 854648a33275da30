namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// The emulator's clock: the configured <see cref="TimeProvider"/> moved forward by whatever <see cref="Advance"/> added,
/// so that a test (or the admin API) can expire codes, tokens and sessions without waiting.
/// </summary>
internal sealed class EmulatorClock(TimeProvider source) : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => source.GetUtcNow() + Offset;

    public override TimeZoneInfo LocalTimeZone => source.LocalTimeZone;

    /// <exception cref="ArgumentOutOfRangeException">The time is negative: the emulator's clock only moves forward.</exception>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}
