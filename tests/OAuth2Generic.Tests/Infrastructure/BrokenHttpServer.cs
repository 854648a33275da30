using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OAuth2Generic.Tests;

/// <summary>
/// A one-purpose HTTP server on 127.0.0.1 that answers 200 with its headers at once and then misbehaves with the body,
/// as a crashing or overloaded provider does. (WireMock.Net delays whole answers and cannot break a body off.)
/// </summary>
internal sealed class BrokenHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _stall;
    private readonly Task _serving;

    /// <param name="stall">
    /// Zero: promise 1000 bytes by Content-Length, send a few and close the connection. Otherwise: wait this long after
    /// the headers before sending the whole body.
    /// </param>
    public BrokenHttpServer(TimeSpan stall = default)
    {
        _stall = stall;
        _listener.Start();
        _serving = ServeAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _serving.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var stream = client.GetStream();
            var buffer = new byte[8192];
            var received = new StringBuilder();
            while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            var body = _stall == TimeSpan.Zero ? "{\"id\":"u8.ToArray() : Encoding.ASCII.GetBytes(FakeProvider.TokenBody());
            var length = _stall == TimeSpan.Zero ? 1000 : body.Length;
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"), _stop.Token);
            await stream.FlushAsync(_stop.Token);
            if (_stall != TimeSpan.Zero)
            {
                await Task.Delay(_stall, _stop.Token);
            }

            await stream.WriteAsync(body, _stop.Token);
            await stream.FlushAsync(_stop.Token);
        }
    }
}
