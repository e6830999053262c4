#!/usr/bin/env node
// stay.js: interop test of staying signed in, against cmd/srplocal over
// loopback HTTP, with the official clients:
//
//   node stay.js --srplocal BIN --srplogin BIN --aws BIN --tmp DIR
//
// - amazon-cognito-identity-js 6.3.21: GlobalSignOut (globalSignOut),
//   RevokeToken (signOut with a callback), ForgetDevice (forgetDevice), its
//   retry without DEVICE_KEY after "Device does not exist." (the device
//   forgotten by AdminForgetDevice), tokenTTL and an expired refresh token
//   (refreshSession), REFRESH_TOKEN_AUTH refused when the client rotates;
// - Amplify v6 (aws-amplify 6.22.1): fetchAuthSession({forceRefresh}) rotates
//   the refresh token through GetTokensFromRefreshToken, signOut() revokes it
//   (RevokeToken), signOut({global: true}) signs out (GlobalSignOut);
// - the AWS SDK for JavaScript v3 (@aws-sdk/credential-providers 3.1178.0):
//   fromCognitoIdentityPool gets credentials from srplocal's identity pool;
// - the AWS CLI v2 (BIN, Debian's awscli): a profile whose credential_process
//   is srplogin (aws configure export-credentials), cognito-identity get-id
//   and get-credentials-for-identity, cognito-idp global-sign-out (the next
//   cached srplogin run then fails) and admin-forget-device (the next
//   -device-file run falls back and succeeds).
//
// Every check also looks at what went over the wire (the operations, their
// parameters, Cognito's error types), not only at the outcome. Prints one
// line per check and then "N passed, M failed"; exit status 1 if any check
// failed. stay.sh builds the binaries and runs this.
'use strict';

const assert = require('assert/strict');
const fs = require('fs');
const path = require('path');
const { CognitoUser } = require('amazon-cognito-identity-js');
const { Amplify } = require('aws-amplify');
const amplifyAuth = require('aws-amplify/auth');
const { fromCognitoIdentityPool } = require('@aws-sdk/credential-providers');
const { Harness, MemoryStorage, SIGNIN_TIMEOUT_MS, makePool, parseArgs, quietAmplify, recordFetch, rejection, run, signIn, withTimeout } = require('./harness.js');

const version = pkg => JSON.parse(fs.readFileSync(path.join(__dirname, 'node_modules', pkg, 'package.json'), 'utf8')).version;

const args = parseArgs(['srplocal', 'srplogin', 'aws', 'tmp'], 'usage: node stay.js --srplocal BIN --srplogin BIN --aws BIN --tmp DIR');
const h = new Harness({ srplocal: args.srplocal, tmp: args.tmp, watchdogMs: 150000 });
const check = (name, fn) => h.check(name, fn);

const ALICE = { username: 'alice', password: 'Correct horse 1!' };
const BOB = { username: 'bob', password: 'Bob-pw-0123', userIdForSrp: '5e0c2b9e-5d1a-4c7e-9b8f-1a2b3c4d5e6f' };
const IDENTITY_POOL = 'us-east-1:7f3c9a2e-4b1d-4e8f-9a6b-2c5d8e1f0a3b';

// ---- the JS client, recording every call -----------------------------------

function newUser(server, username) {
	const storage = new MemoryStorage();
	const pool = makePool(server, storage);
	return { pool, storage, user: new CognitoUser({ Username: username, Pool: pool, Storage: storage }) };
}

// callback turns a (err, value) callback API into a promise.
const callback = fn => withTimeout(new Promise((resolve, reject) => fn((err, v) => (err ? reject(err) : resolve(v)))), SIGNIN_TIMEOUT_MS, 'call');
const callbacks = fn => withTimeout(new Promise((resolve, reject) => fn({ onSuccess: resolve, onFailure: reject })), SIGNIN_TIMEOUT_MS, 'call');
const refresh = (user, session) => callback(cb => user.refreshSession(session.getRefreshToken(), cb));

function assertError(err, code, message) {
	assert.equal(err.code || err.name, code, `error ${err.stack || err}`);
	if (message) assert.match(err.message, message);
}

// raw posts one JSON request to srplocal (service 'idp' or 'identity').
async function raw(server, op, body, service = 'idp') {
	const prefix = service === 'idp' ? 'AWSCognitoIdentityProviderService' : 'AWSCognitoIdentityService';
	const res = await fetch(server.url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `${prefix}.${op}` },
		body: JSON.stringify(body),
	});
	return { status: res.status, body: await res.json() };
}

const claims = jwt => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
const provider = server => `cognito-idp.us-east-1.amazonaws.com/${server.config.userPoolId}`;

// ---- the checks -------------------------------------------------------------

async function main() {
	const t0 = Date.now();
	console.log(`stay.js: amazon-cognito-identity-js ${version('amazon-cognito-identity-js')}, aws-amplify ${version('aws-amplify')}, @aws-sdk/credential-providers ${version('@aws-sdk/credential-providers')}, node ${process.version}`);
	await check('the clients are the pinned ones, and the AWS CLI is v2', async () => {
		assert.equal(version('amazon-cognito-identity-js'), '6.3.21');
		assert.equal(version('aws-amplify'), '6.22.1');
		assert.equal(version('@aws-sdk/credential-providers'), '3.1178.0');
		const { code, stdout } = await run(args.aws, ['--version']);
		assert.equal(code, 0);
		assert.match(stdout, /^aws-cli\/2\.\d+\.\d+ /);
		console.log(`     ${stdout.trim()}`);
	});

	let session, short, rotating;
	await check('srplocal starts with an identity pool, with 2 s tokens, and with refresh token rotation', async () => {
		session = await h.startServer('session', {
			userPoolId: 'us-east-1_InteropStay', clientId: 'interopstayclient', deviceTracking: 'always',
			identityPoolId: IDENTITY_POOL, users: [ALICE, BOB],
		});
		short = await h.startServer('short', {
			userPoolId: 'us-east-1_InteropShort', clientId: 'interopshortclient', tokenTTL: '2s', refreshTokenTTL: '3s', users: [ALICE],
		});
		rotating = await h.startServer('rotation', {
			userPoolId: 'us-east-1_InteropRotate', clientId: 'interoprotateclient', refreshTokenRotation: true, users: [ALICE, BOB],
		});
	});
	if (!session || !short || !rotating) return h.finish(t0);

	await jsClientChecks(session, short, rotating);
	await amplifyChecks(rotating);
	const identityId = await credentialProviderChecks(session);
	await awsCLIChecks(session, identityId);
	return h.finish(t0);
}

async function jsClientChecks(session, short, rotating) {
	await check('(h) amazon-cognito-identity-js: globalSignOut (GlobalSignOut) revokes the refresh token: refreshSession gets NotAuthorizedException', async () => {
		const { pool, user } = newUser(session, 'bob');
		const { session: s } = await signIn(user, 'bob', BOB.password);
		await refresh(user, s);
		pool.calls.length = 0;
		assert.equal(await callbacks(cb => user.globalSignOut(cb)), 'SUCCESS');
		assert.deepEqual(pool.calls, ['GlobalSignOut → ok']);
		assertError(await rejection(refresh(user, s)), 'NotAuthorizedException', /^Refresh Token has been revoked$/);
	});
	await check('(h) amazon-cognito-identity-js: signOut with a callback revokes the refresh token (RevokeToken); another sign-in is not affected', async () => {
		const a = newUser(session, 'bob');
		const b = newUser(session, 'bob');
		const { session: sa } = await signIn(a.user, 'bob', BOB.password);
		const { session: sb } = await signIn(b.user, 'bob', BOB.password);
		assert.ok(claims(sa.getAccessToken().getJwtToken()).origin_jti, 'origin_jti claim (what makes the client revoke)');
		a.pool.calls.length = 0;
		await callback(cb => a.user.signOut(err => cb(err)));
		assert.deepEqual(a.pool.calls, ['RevokeToken → ok']);
		// (refreshSession would retry the refusal for 6 s: ask directly.)
		const params = { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: session.config.clientId };
		const revoked = await raw(session, 'InitiateAuth', { ...params, AuthParameters: { REFRESH_TOKEN: sa.getRefreshToken().getToken() } });
		assert.equal(revoked.body.__type, 'NotAuthorizedException');
		assert.equal(revoked.body.message, 'Refresh Token has been revoked');
		await refresh(b.user, sb);
	});
	await check('(h) amazon-cognito-identity-js: forgetDevice (ForgetDevice); a device forgotten by AdminForgetDevice is retried without DEVICE_KEY, and a new device is confirmed', async () => {
		const { pool, storage, user } = newUser(session, 'alice');
		await signIn(user, 'alice', ALICE.password);
		const key = storage.getItem(`CognitoIdentityServiceProvider.${session.config.clientId}.alice.deviceKey`);
		assert.ok(key, 'a device was remembered');
		const admin = await raw(session, 'AdminForgetDevice', { UserPoolId: session.config.userPoolId, Username: 'alice', DeviceKey: key });
		assert.equal(admin.status, 200, JSON.stringify(admin.body));
		pool.calls.length = 0;
		await signIn(user, 'alice', ALICE.password);
		assert.deepEqual(pool.calls, [
			'InitiateAuth+DEVICE_KEY → PASSWORD_VERIFIER',
			'RespondToAuthChallenge(PASSWORD_VERIFIER)+DEVICE_KEY → ResourceNotFoundException',
			'RespondToAuthChallenge(PASSWORD_VERIFIER) → tokens+NewDeviceMetadata',
			'ConfirmDevice → ok',
		]);
		const next = storage.getItem(`CognitoIdentityServiceProvider.${session.config.clientId}.alice.deviceKey`);
		assert.ok(next && next !== key, 'the new device is stored');
		pool.calls.length = 0;
		await callbacks(cb => user.forgetDevice(cb));
		assert.deepEqual(pool.calls, ['ForgetDevice → ok']);
		const again = await raw(session, 'AdminForgetDevice', { UserPoolId: session.config.userPoolId, Username: 'alice', DeviceKey: next });
		assert.equal(again.body.__type, 'ResourceNotFoundException', 'the device is gone');
	});
	await check('(h) amazon-cognito-identity-js: tokenTTL "2s" makes 2 s tokens; refreshTokenTTL "3s": refreshSession works, then gets "Refresh Token has expired"', async () => {
		const { user } = newUser(short, 'alice');
		const { session: s } = await signIn(user, 'alice', ALICE.password);
		const c = s.getAccessToken().decodePayload();
		assert.equal(c.exp - c.iat, 2);
		const r = await refresh(user, s);
		assert.notEqual(r.getAccessToken().getJwtToken(), s.getAccessToken().getJwtToken());
		await new Promise(resolve => setTimeout(resolve, 3200));
		assertError(await rejection(refresh(user, s)), 'NotAuthorizedException', /^Refresh Token has expired$/);
	});
	await check('(h) amazon-cognito-identity-js: REFRESH_TOKEN_AUTH against an app client that rotates refresh tokens is InvalidParameterException', async () => {
		const { pool, user } = newUser(rotating, 'alice');
		const { session: s } = await signIn(user, 'alice', ALICE.password);
		pool.calls.length = 0;
		assertError(await rejection(refresh(user, s)), 'InvalidParameterException', /REFRESH_TOKEN_AUTH flow not enabled for this client/);
		// The client retries every error of refreshSession with backoff.
		assert.ok(pool.calls.length >= 1 && pool.calls.every(c => c === 'InitiateAuth → InvalidParameterException'), pool.calls.join(', '));
	});
}

async function amplifyChecks(rotating) {
	Amplify.configure({
		Auth: { Cognito: { userPoolId: rotating.config.userPoolId, userPoolClientId: rotating.config.clientId, userPoolEndpoint: rotating.url } },
	});
	const warnAgain = quietAmplify();
	const rec = recordFetch();
	const ops = () => rec.calls.map(c => `${c.target} → ${c.status}${c.type ? ' ' + c.type : ''}`);
	const refreshTokenOf = c => c.response && c.response.AuthenticationResult && c.response.AuthenticationResult.RefreshToken;
	let current;
	await check('(i) Amplify v6: fetchAuthSession({forceRefresh}) rotates the refresh token with GetTokensFromRefreshToken; the rotated-out token gets RefreshTokenReuseException', async () => {
		rec.calls.length = 0;
		const r = await amplifyAuth.signIn({ username: 'alice', password: ALICE.password, options: { authFlowType: 'USER_SRP_AUTH' } });
		assert.deepEqual(r.nextStep, { signInStep: 'DONE' });
		const first = refreshTokenOf(rec.calls[rec.calls.length - 1]);
		assert.ok(first, 'a refresh token from the sign-in');
		rec.calls.length = 0;
		const s1 = await amplifyAuth.fetchAuthSession({ forceRefresh: true });
		const s2 = await amplifyAuth.fetchAuthSession({ forceRefresh: true });
		assert.deepEqual(ops(), ['GetTokensFromRefreshToken → 200', 'GetTokensFromRefreshToken → 200']);
		const [g1, g2] = rec.calls;
		assert.equal(g1.body.RefreshToken, first);
		const second = refreshTokenOf(g1);
		assert.ok(second && second !== first, 'a new refresh token');
		assert.equal(g2.body.RefreshToken, second, 'Amplify stored the rotated token and used it');
		current = refreshTokenOf(g2);
		assert.ok(current && current !== second);
		assert.notEqual(s1.tokens.accessToken.toString(), s2.tokens.accessToken.toString());
		const reuse = await raw(rotating, 'GetTokensFromRefreshToken', { ClientId: rotating.config.clientId, RefreshToken: first });
		assert.equal(reuse.body.__type, 'RefreshTokenReuseException', JSON.stringify(reuse.body));
	});
	await check('(i) Amplify v6: signOut() revokes the refresh token (RevokeToken)', async () => {
		assert.ok(current, 'no session from the previous check');
		rec.calls.length = 0;
		await amplifyAuth.signOut();
		assert.deepEqual(ops(), ['RevokeToken → 200']);
		assert.equal(rec.calls[0].body.Token, current);
		const after = await raw(rotating, 'GetTokensFromRefreshToken', { ClientId: rotating.config.clientId, RefreshToken: current });
		assert.equal(after.body.__type, 'NotAuthorizedException');
		assert.equal(after.body.message, 'Refresh Token has been revoked');
	});
	await check('(i) Amplify v6: signOut({global: true}) signs out everywhere (GlobalSignOut)', async () => {
		rec.calls.length = 0;
		await amplifyAuth.signIn({ username: 'bob', password: BOB.password, options: { authFlowType: 'USER_SRP_AUTH' } });
		const rt = refreshTokenOf(rec.calls[rec.calls.length - 1]);
		rec.calls.length = 0;
		await amplifyAuth.signOut({ global: true });
		assert.deepEqual(ops(), ['GlobalSignOut → 200']);
		const after = await raw(rotating, 'GetTokensFromRefreshToken', { ClientId: rotating.config.clientId, RefreshToken: rt });
		assert.equal(after.body.message, 'Refresh Token has been revoked');
	});
	rec.restore();
	warnAgain();
}

async function credentialProviderChecks(session) {
	let identityId;
	await check('(j) AWS SDK v3 fromCognitoIdentityPool: credentials of srplocal\'s identity pool for the ID token (GetId, GetCredentialsForIdentity); a tampered or foreign token is NotAuthorizedException', async () => {
		const { user } = newUser(session, 'alice');
		const { session: s } = await signIn(user, 'alice', ALICE.password);
		const idToken = s.getIdToken().getJwtToken();
		const creds = fromCognitoIdentityPool({
			identityPoolId: IDENTITY_POOL,
			logins: { [provider(session)]: idToken },
			clientConfig: { region: 'us-east-1', endpoint: session.url },
		});
		const c = await creds();
		assert.match(c.accessKeyId, /^ASIA[A-Z2-7]{16}$/);
		assert.equal(c.secretAccessKey.length, 40);
		assert.ok(c.sessionToken.length > 100, 'session token');
		const left = c.expiration.getTime() - Date.now();
		assert.ok(left > 59 * 60000 && left < 61 * 60000, `expiration in ${left} ms`);
		assert.match(c.identityId, /^us-east-1:[0-9a-f-]{36}$/);
		identityId = c.identityId;
		const again = await fromCognitoIdentityPool({ identityPoolId: IDENTITY_POOL, logins: { [provider(session)]: idToken }, clientConfig: { region: 'us-east-1', endpoint: session.url } })();
		assert.equal(again.identityId, identityId, 'the IdentityId is stable');
		assert.notEqual(again.accessKeyId, c.accessKeyId);
		const tampered = idToken.slice(0, -4) + (idToken.endsWith('AAAA') ? 'BBBB' : 'AAAA');
		for (const [logins, message] of [
			[{ [provider(session)]: tampered }, /Couldn't verify signed token/],
			[{ 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Other': idToken }, /not from a supported provider/],
			[{ [provider(session)]: s.getAccessToken().getJwtToken() }, /Missing a required claim: aud/],
		]) {
			const err = await rejection(fromCognitoIdentityPool({ identityPoolId: IDENTITY_POOL, logins, clientConfig: { region: 'us-east-1', endpoint: session.url } })());
			assertError(err, 'NotAuthorizedException', message);
		}
	});
	return identityId;
}

async function awsCLIChecks(session, identityId) {
	const tmp = args.tmp;
	const cache = path.join(tmp, 'srplogin-cache.json');
	const deviceFile = path.join(tmp, 'srplogin-device.json');
	const base = ['-pool', session.config.userPoolId, '-client', session.config.clientId, '-endpoint', session.url, '-cache', cache];
	const creds = ['-identity-pool', IDENTITY_POOL, '-format', 'credential-process'];
	const awsEnv = {
		PATH: process.env.PATH,
		HOME: path.join(tmp, 'home'),
		AWS_CONFIG_FILE: path.join(tmp, 'aws-config'),
		AWS_SHARED_CREDENTIALS_FILE: path.join(tmp, 'aws-credentials-none'),
		AWS_EC2_METADATA_DISABLED: 'true',
		AWS_PAGER: '',
	};
	fs.mkdirSync(awsEnv.HOME, { recursive: true });
	fs.writeFileSync(awsEnv.AWS_CONFIG_FILE, `[profile srplocal]\nregion = us-east-1\ncredential_process = ${[args.srplogin, ...base, ...creds, 'alice'].join(' ')}\n`);
	const aws = (...a) => run(args.aws, [...a, '--region', 'us-east-1', '--endpoint-url', session.url, '--no-sign-request', '--output', 'json'], { env: awsEnv });
	const exportCredentials = () => run(args.aws, ['configure', 'export-credentials', '--profile', 'srplocal'], { env: awsEnv });
	const srplogin = (extra, stdin) => run(args.srplogin, [...base, ...extra, 'alice'], { stdin });
	const json = s => JSON.parse(s);
	const checkProcessCredentials = out => {
		const c = json(out);
		assert.deepEqual(Object.keys(c).sort(), ['AccessKeyId', 'Expiration', 'SecretAccessKey', 'SessionToken', 'Version']);
		assert.equal(c.Version, 1);
		assert.match(c.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
		const left = Date.parse(c.Expiration) - Date.now();
		assert.ok(left > 59 * 60000 && left < 61 * 60000, `Expiration ${c.Expiration}`);
		return c;
	};
	let tokens;
	await check('(k) srplogin -cache -device-file -identity-pool -format credential-process: the first run reads the password, remembers the device, caches the refresh token and prints the identity pool\'s credentials', async () => {
		const r = await srplogin(['-device-file', deviceFile, ...creds], `${ALICE.password}\n`);
		assert.equal(r.code, 0, r.stderr);
		checkProcessCredentials(r.stdout);
		assert.equal((fs.statSync(cache).mode & 0o777).toString(8), '600');
		const c = json(fs.readFileSync(cache, 'utf8'));
		assert.equal(c.identityId, identityId, 'the IdentityId the JS SDK got for the same user');
		assert.equal(c.deviceKey, json(fs.readFileSync(deviceFile, 'utf8')).deviceKey);
	});
	await check('(k) AWS CLI: aws configure export-credentials --profile P, whose credential_process is srplogin, prints srplocal\'s credentials (renewed from the cache, no input)', async () => {
		const r = await exportCredentials();
		assert.equal(r.code, 0, r.stderr);
		checkProcessCredentials(r.stdout);
	});
	await check('(k) AWS CLI: cognito-identity get-id and get-credentials-for-identity answer for srplocal\'s ID token; a tampered one is NotAuthorizedException', async () => {
		const t = await srplogin(['-format', 'json'], null);
		assert.equal(t.code, 0, t.stderr);
		tokens = json(t.stdout);
		const logins = JSON.stringify({ [provider(session)]: tokens.IdToken });
		const id = await aws('cognito-identity', 'get-id', '--identity-pool-id', IDENTITY_POOL, '--logins', logins);
		assert.equal(id.code, 0, id.stderr);
		assert.equal(json(id.stdout).IdentityId, identityId);
		const cr = await aws('cognito-identity', 'get-credentials-for-identity', '--identity-id', identityId, '--logins', logins);
		assert.equal(cr.code, 0, cr.stderr);
		const out = json(cr.stdout);
		assert.equal(out.IdentityId, identityId);
		assert.match(out.Credentials.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
		assert.ok(out.Credentials.SecretKey && out.Credentials.SessionToken && out.Credentials.Expiration, JSON.stringify(out));
		const bad = JSON.stringify({ [provider(session)]: tokens.IdToken.slice(0, -4) + 'AAAA' });
		const refused = await aws('cognito-identity', 'get-credentials-for-identity', '--identity-id', identityId, '--logins', bad);
		assert.notEqual(refused.code, 0);
		assert.match(refused.stderr, /NotAuthorizedException/);
	});
	await check('(k) AWS CLI: cognito-idp global-sign-out makes the next cached srplogin run fail: export-credentials fails, srplogin with no input exits 1 saying why', async () => {
		const so = await aws('cognito-idp', 'global-sign-out', '--access-token', tokens.AccessToken);
		assert.equal(so.code, 0, so.stderr);
		const r = await exportCredentials();
		assert.notEqual(r.code, 0, 'export-credentials succeeded after the sign-out');
		assert.match(r.stderr, /Refresh Token has been revoked/);
		const direct = await srplogin(creds, null);
		assert.equal(direct.code, 1, direct.stderr);
		assert.equal(direct.stdout, '');
		assert.match(direct.stderr, /the cached sign-in was refused: NotAuthorizedException: Refresh Token has been revoked \(REFRESH_TOKEN_AUTH\)/);
		assert.match(direct.stderr, /standard input is not a terminal and has no more lines/);
	});
	await check('(k) AWS CLI: cognito-idp admin-forget-device makes the next -device-file run fall back and succeed; export-credentials works again', async () => {
		const key = json(fs.readFileSync(deviceFile, 'utf8')).deviceKey;
		const fd = await aws('cognito-idp', 'admin-forget-device', '--user-pool-id', session.config.userPoolId, '--username', 'alice', '--device-key', key);
		assert.equal(fd.code, 0, fd.stderr);
		const r = await srplogin(['-device-file', deviceFile, '-format', 'json'], `${ALICE.password}\n`);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stderr, /no longer exists at Cognito/);
		const next = json(fs.readFileSync(deviceFile, 'utf8')).deviceKey;
		assert.ok(next && next !== key, 'the device file holds the new device');
		assert.equal(claims(json(r.stdout).AccessToken).device_key, next);
		const e = await exportCredentials();
		assert.equal(e.code, 0, e.stderr);
		checkProcessCredentials(e.stdout);
	});
}

main().catch(err => {
	console.log(`FAIL stay.js: ${(err && err.stack) || err}`);
	h.failed++;
	h.finish(Date.now());
});
