namespace OAuth2Generic.CognitoEmulator;

/// <summary>The tool's command line: <c>--config &lt;file&gt; [--port &lt;n&gt;] [--listen-any]</c>, or <c>--help</c>.</summary>
internal sealed record CommandLine(string? ConfigFile, int? Port, bool ListenAny, bool Help)
{
    public const string Usage = """
        cognito-emulator: an AWS Cognito user pool's hosted sign-in on 127.0.0.1, for tests in any language.

        Usage:
          cognito-emulator --config <file> [--port <n>] [--listen-any]

        Options:
          --config <file>  The JSON config file: user pools, app clients, resource servers, users, identity providers,
                           token lifetimes, refresh-token rotation, a pre-token-generation trigger URL. Its JSON Schema is
                           schemas/cognito-emulator.schema.json in the repository and in the package; a config file
                           names it with "$schema" so that editors complete and check it.
          --port <n>       The port on 127.0.0.1; overrides the file's "port". 0 takes a free one. Default: the file's,
                           else 0.
          --listen-any     Listen on every network interface, not only 127.0.0.1 (a container's port mapping). The
                           emulator signs anyone in who reaches it: use it only on a network you trust.
          -h, --help       Show this text.

        On start it prints, for each user pool, its domain URL (the base of /oauth2/authorize, /oauth2/token,
        /oauth2/userInfo, /oauth2/revoke and /logout), its issuer and its JWKS URL; then a GitLab omniauth_providers
        entry and an appsettings.json section for AddCognito() of the first app client; then "ready".
        The first user pool's domain is http://127.0.0.1:<port>; each further pool's domain is a port of its own (the
        pool's "port" in the file, else a free one). Every pool's issuer is http://127.0.0.1:<port>/<user pool id>.

        Admin HTTP API, under http://127.0.0.1:<port>/_emulator/ (JSON bodies and answers):
          GET  /_emulator/pools                                      the user pools
          POST /_emulator/pools                                      add a user pool (an item of the file's userPools)
          POST /_emulator/pools/<id>/users                           add a user (as in the file's users)
          GET  /_emulator/pools/<id>/users/<username>                a user (federated ones too), without the password
          PUT  /_emulator/pools/<id>/users/<username>/password       {"password": "..."}
          POST /_emulator/pools/<id>/users/<username>/attributes     {"name": "value", "custom:x": null (removes)}
          POST /_emulator/pools/<id>/users/<username>/groups         {"group": "admins"}
          POST /_emulator/pools/<id>/users/<username>/global-sign-out
          POST /_emulator/pools/<id>/revoke                          {"token": "<refresh token>"}
          POST /_emulator/pools/<id>/clients/<client id>/callback-urls   {"url": "..."}
          POST /_emulator/pools/<id>/clients/<client id>/sign-out-urls   {"url": "..."}
          POST /_emulator/pools/<id>/signing-keys/rotate             answers {"kid": "..."}
          POST /_emulator/pools/<id>/signing-keys/retire-previous
          GET  /_emulator/pools/<id>/requests                        {"token": n, "refresh": n, "jwks": n}
          GET  /_emulator/clock, POST /_emulator/clock               {"advanceSeconds": 3600} moves the clock forward

        Stops on Ctrl+C or SIGTERM. Exit codes: 0 stopped cleanly, 1 a bad command line or config file (one error,
        naming the field), 2 the emulator could not start (the port is taken).
        """;

    /// <exception cref="FormatException">An unknown option, or an option without its value.</exception>
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        string? config = null;
        int? port = null;
        bool listenAny = false, help = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help" or "-?":
                    help = true;
                    break;
                case "--config":
                    config = Value(args, ref i);
                    break;
                case "--port":
                    var text = Value(args, ref i);
                    port = int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value <= 65535
                        ? value
                        : throw new FormatException($"--port: '{text}' is not a port number, 0 to 65535.");
                    break;
                case "--listen-any":
                    listenAny = true;
                    break;
                default:
                    throw new FormatException($"'{args[i]}' is not an option of cognito-emulator (see --help).");
            }
        }

        if (!help && config is null)
        {
            throw new FormatException("--config <file> is required (see --help).");
        }

        return new CommandLine(config, port, listenAny, help);
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
        => ++i < args.Count ? args[i] : throw new FormatException($"{args[i - 1]} needs a value (see --help).");
}
