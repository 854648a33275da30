// Signs a user in through cognito-emulator with openid-client (an OpenID Certified relying party), over real HTTP:
// discovery of the user pool's issuer, the authorization-code flow with PKCE, state and nonce through the hosted UI's
// login form, the id_token's signature checked against the JWKS, userInfo, and a refresh. Prints what it found as JSON.
//
//   node sign_in.mjs <emulator URL> <issuer> <client id> <client secret> <username> <password>
//
// The callback URL is registered with the emulator's admin API first, as a test in any language would do for an app
// whose address is known only when it runs.
import * as client from 'openid-client';

const [emulatorUrl, issuer, clientId, clientSecret, username, password] = process.argv.slice(2);
if (!password) {
  console.error('usage: node sign_in.mjs <emulator URL> <issuer> <client id> <client secret> <username> <password>');
  process.exit(2);
}

const redirectUri = 'http://127.0.0.1:1/openid-client/callback';
const poolId = new URL(issuer).pathname.slice(1);
const registered = await fetch(`${emulatorUrl}/_emulator/pools/${poolId}/clients/${clientId}/callback-urls`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ url: redirectUri }),
});
if (registered.status !== 204) throw new Error(`the admin API answered ${registered.status}: ${await registered.text()}`);

// Plain http is allowed only because the emulator is on loopback.
const config = await client.discovery(new URL(issuer), clientId, clientSecret, undefined, { execute: [client.allowInsecureRequests] });
client.enableNonRepudiationChecks(config);

const codeVerifier = client.randomPKCECodeVerifier();
const state = client.randomState();
const nonce = client.randomNonce();
const authorizeUrl = client.buildAuthorizationUrl(config, {
  redirect_uri: redirectUri,
  scope: 'openid profile email',
  code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
  code_challenge_method: 'S256',
  state,
  nonce,
});

// The browser: follow redirects, fill in the login form, stop at the redirect to the callback URL.
const cookies = new Map();
let url = authorizeUrl;
let init = { redirect: 'manual' };
let callback;
for (let hop = 0; hop < 20 && !callback; hop++) {
  init.headers = { ...(init.headers ?? {}), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  const response = await fetch(url, init);
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const at = pair.indexOf('=');
    cookies.set(pair.slice(0, at), pair.slice(at + 1));
  }
  const location = response.headers.get('location');
  if (response.status >= 300 && response.status < 400 && location) {
    const next = new URL(location, url);
    if (next.href.startsWith(redirectUri)) callback = next;
    url = next;
    init = { redirect: 'manual' };
  } else if (response.status === 200) {
    const html = await response.text();
    const action = html.match(/<form method="post" action="([^"]*)"/)?.[1]?.replaceAll('&amp;', '&');
    const csrf = html.match(/name="_csrf" value="([^"]*)"/)?.[1];
    if (!action || !csrf) throw new Error(`no login form at ${url}`);
    url = new URL(action, url);
    init = { redirect: 'manual', method: 'POST', body: new URLSearchParams({ _csrf: csrf, username, password }) };
  } else {
    throw new Error(`the hosted UI answered ${response.status} at ${url}`);
  }
}
if (!callback) throw new Error('the sign-in never came back to the callback URL');

const tokens = await client.authorizationCodeGrant(config, callback, {
  pkceCodeVerifier: codeVerifier,
  expectedState: state,
  expectedNonce: nonce,
  idTokenExpected: true,
});
const claims = tokens.claims();
const userInfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
console.log(JSON.stringify({
  sub: claims.sub,
  email: claims.email,
  username: claims['cognito:username'],
  tokenUse: claims.token_use,
  userInfo,
  refreshedSub: refreshed.claims()?.sub,
  refreshedAccessTokenDiffers: refreshed.access_token !== tokens.access_token,
}));
