// AWS's own verifier of Cognito tokens, aws-jwt-verify, giving its verdict on each token of a set, for the differential
// test (AwsJwtVerifyDifferentialTests.cs) that compares them with AddCognitoJwtBearer's.
//
// Usage: node verify.mjs <input.json>
//   input:  {"now": <Unix time in ms>, "userPoolId": "...", "clientIds": ["..."], "jwks": {"keys": [...]},
//            "tokens": [{"name": "...", "tokenUse": "access" | "id", "token": "..."}]}
//   stdout: [{"name": "...", "accepted": true | false, "reason": "<the error's name and message>"}], one JSON array.
//
// No network: the key set is given with cacheJwks, and a JWKS fetch (an unknown kid) fails at once instead of reaching
// AWS. One clock: aws-jwt-verify reads the time only through Date.now() (exp and nbf in validateJwtFields), which is
// fixed to the input's now before any token is verified.
import { readFileSync } from 'node:fs';

import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
Date.now = () => input.now;

const offline = {
  fetch: async (uri) => {
    throw new Error(`no network in the differential test (a fetch of ${uri})`);
  },
};

const verifiers = Object.fromEntries(['access', 'id'].map((tokenUse) => {
  const verifier = CognitoJwtVerifier.create(
    { userPoolId: input.userPoolId, tokenUse, clientId: input.clientIds },
    { jwksCache: new SimpleJwksCache({ fetcher: offline }) },
  );
  // For both issuer forms of the pool (cognito-idp and issuer-cognito-idp): CognitoJwtVerifier.cacheJwks does both.
  verifier.cacheJwks(input.jwks);
  return [tokenUse, verifier];
}));

const verdicts = [];
for (const { name, tokenUse, token } of input.tokens) {
  try {
    await verifiers[tokenUse].verify(token);
    verdicts.push({ name, accepted: true, reason: '' });
  } catch (error) {
    verdicts.push({ name, accepted: false, reason: `${error.name}: ${error.message}` });
  }
}

process.stdout.write(JSON.stringify(verdicts));
