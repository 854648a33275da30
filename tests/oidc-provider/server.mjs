// An OpenID Certified authorization server (oidc-provider) for the end-to-end tests of the generic handler.
//
// Protocol with the test fixture (OidcProviderServer.cs), one JSON object per line:
//   1. This script listens on a free port of 127.0.0.1 chosen by the system (no race for the port) and writes
//      {"issuer":"http://127.0.0.1:<port>"} to stdout. The app under test can now be configured and started.
//   2. The fixture writes {"clients":[{"client_id","client_secret","token_endpoint_auth_method","redirect_uris",
//      "post_logout_redirect_uris"}]}
//      to stdin, once the app's callback URL is known; this script builds the provider and writes {"ready":true}.
// Until then every request is answered 503. The script exits when stdin closes, so a test run that dies leaves no
// server behind.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';

import Provider from 'oidc-provider';

// The one account. Its user-info body is nested on purpose: the handler needs UserResponseStructure's root path,
// id path and attribute paths (relative and absolute) to map it. devInteractions' login page accepts any password.
const accounts = {
  alice: {
    account: {
      id: 4711,
      login: 'alice',
      name: { given: 'Alice', family: 'Liddell' },
      emails: ['alice@example.test', 'a.liddell@example.test'],
      groups: ['readers', 'writers'],
    },
  },
};

function write(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

let handle = (req, res) => {
  res.statusCode = 503;
  res.end('clients not configured yet');
};
const server = createServer((req, res) => handle(req, res));
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const issuer = `http://127.0.0.1:${server.address().port}`;

const input = createInterface({ input: process.stdin });
input.on('close', () => process.exit(0));
write({ issuer });
const [line] = await once(input, 'line');
const { clients } = JSON.parse(line);

// Keys of this run only: no development keys from the package (it warns about them), nothing written to disk.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: 'e2e' };

const provider = new Provider(issuer, {
  clients: clients.map((client) => ({
    ...client,
    // refresh_token: a sign-in whose scope has offline_access (with prompt=consent) gets a refresh token.
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  })),
  // A scope whose one claim is an object: {"sub": "...", "account": {...}} is what /me returns.
  claims: {
    openid: ['sub'],
    account: ['account'],
  },
  async findAccount(ctx, sub) {
    const account = accounts[sub];
    if (!account) {
      return undefined;
    }

    return {
      accountId: sub,
      async claims() {
        return { sub, ...account };
      },
    };
  },
  features: {
    devInteractions: { enabled: true },
    // RFC 7009, for the sign-out that revokes the saved refresh token (RP-initiated logout is on by default).
    revocation: { enabled: true },
  },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  jwks: { keys: [signingKey] },
});

// oidc-provider accepts client_secret_basic and client_secret_post alike for a client registered with either (it
// checks the family, not the method). These tests must see which one the handler sent, so a token answer to a
// client that authenticated by the other method is replaced by the error a strict server gives. Koa sends the
// response only after every middleware has returned, so the issued tokens never leave.
provider.use(async (ctx, next) => {
  await next();
  const client = ctx.oidc?.route === 'token' ? ctx.oidc.entities.Client : undefined;
  if (client && ['client_secret_basic', 'client_secret_post'].includes(client.clientAuthMethod)) {
    const used = ctx.headers.authorization === undefined ? 'client_secret_post' : 'client_secret_basic';
    if (used !== client.clientAuthMethod) {
      ctx.status = 401;
      ctx.body = {
        error: 'invalid_client',
        error_description: `the client is registered for ${client.clientAuthMethod}, not ${used}`,
      };
    }
  }
});

// The provider's own warnings (development interactions on) go to stderr, which the fixture shows on failure.
provider.on('server_error', (ctx, error) => process.stderr.write(`server_error: ${error.stack}\n`));

handle = provider.callback();
write({ ready: true });
