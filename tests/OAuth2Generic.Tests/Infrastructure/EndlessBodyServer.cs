using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OAuth2Generic.Tests;

/// <summary>
/// An HTTP server on 127.0.0.1 that answers 200 with a JSON body that never ends (no Content-Length, the connection
/// closed only by the client), and counts the bytes it managed to write: a client that reads no further than its cap
/// fails with that cap, one that does not is never done.
/// </summary>
internal sealed class EndlessBodyServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private long _written;

    public EndlessBodyServer()
    {
        _listener.Start();
        _serving = ServeAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>The body's bytes written so far, over every connection.</summary>
    public long BodyBytesWritten => Interlocked.Read(ref _written);

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
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = AnswerAsync(client);
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var buffer = new byte[8192];
                var received = new StringBuilder();
                while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"padding\":\""u8.ToArray(), _stop.Token);
                var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
                while (true)
                {
                    await stream.WriteAsync(chunk, _stop.Token);
                    Interlocked.Add(ref _written, chunk.Length);
                }
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
            {
                // The client hung up, or the test is over.
            }
        }
    }
}
