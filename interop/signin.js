#!/usr/bin/env node
// signin.js: end-to-end interop test of the local Cognito server
// (cmd/srplocal, which runs srp's server half) with the official AWS
// JavaScript client, amazon-cognito-identity-js (pinned in package-lock.json),
// over real HTTP on loopback, and of a device registered by that client with
// the Go client (interop/godevice: srp.NewDeviceSession through aws-sdk-go-v2).
//
//   node signin.js --srplocal BIN --godevice BIN --tmp DIR
//
// BIN are built binaries of ./cmd/srplocal and ./interop/godevice; DIR is a
// scratch directory for the server configurations and srplocal.*.pid (the
// process ids, for the caller's clean-up trap). signin.sh does all that.
// Prints one line per check and then "N passed, M failed"; exit status 1 if
// any check failed.
//
// Every sign-in goes through CognitoUser.authenticateUser (USER_SRP_AUTH, the
// default flow) with the pool's `endpoint` set to srplocal. The client's
// request function is wrapped to record each call (operation, ChallengeName,
// whether DEVICE_KEY was sent) and its answer (next ChallengeName, tokens,
// NewDeviceMetadata, error code), so that each check asserts the exact
// protocol sequence, not only the outcome. The access token's claims (issued
// by the server: username, client_id, device_key after a device sign-in) are
// checked as a second, server-side witness.
//
// (f) and (g) take a user through the follow-up challenges: NEW_PASSWORD_REQUIRED
// (the newPasswordRequired callback, completeNewPasswordChallenge) and
// SOFTWARE_TOKEN_MFA (totpRequired, sendMFACode) with amazon-cognito-identity-js,
// and the same with Amplify v6 (aws-amplify, pinned: signIn and confirmSignIn
// with userPoolEndpoint set to srplocal; global fetch is wrapped to record the
// calls). TOTP codes are computed by harness.js from RFC 6238, checked
// against its test vectors first.
'use strict';

const { execFile } = require('child_process');
const assert = require('assert/strict');
const fs = require('fs');
const path = require('path');
const { AuthenticationDetails, CognitoUser } = require('amazon-cognito-identity-js');
const LIB_VERSION = require('amazon-cognito-identity-js/package.json').version;
const { Amplify } = require('aws-amplify');
const amplifyAuth = require('aws-amplify/auth');
const AMPLIFY_VERSION = require('aws-amplify/package.json').version;
const { Harness, MemoryStorage, SIGNIN_TIMEOUT_MS, makePool, parseArgs, quietAmplify, recordFetch, signIn, totp, withTimeout, wrongCode } = require('./harness.js');
// jose (pinned) verifies the tokens as an application would; it is ESM-only,
// so it is imported in main().
const JOSE_VERSION = JSON.parse(fs.readFileSync(path.join(__dirname, 'node_modules', 'jose', 'package.json'), 'utf8')).version;
let jose;

const args = parseArgs(['srplocal', 'godevice', 'tmp'], 'usage: node signin.js --srplocal BIN --godevice BIN --tmp DIR');
const h = new Harness({ srplocal: args.srplocal, tmp: args.tmp, watchdogMs: 120000 });
const check = (name, fn) => h.check(name, fn);

// ---- the official client -----------------------------------------------------

// expectFailure resolves with the error a sign-in failed with.
async function expectFailure(promise) {
	let result;
	try {
		result = await promise;
	} catch (err) {
		return err;
	}
	throw new Error(`sign-in succeeded, want a failure (access token claims ${JSON.stringify(result.session.getAccessToken().decodePayload())})`);
}

function assertNotAuthorized(err) {
	assert.equal(err.code, 'NotAuthorizedException', `error code (error: ${err.stack || err})`);
	assert.equal(err.name, 'NotAuthorizedException', 'error name');
	assert.equal(err.message, 'Incorrect username or password.');
}

// assertSession checks a session's tokens and returns the access token claims.
function assertSession(session, server, internalName) {
	assert.ok(session.isValid(), 'session.isValid()');
	const access = session.getAccessToken().getJwtToken();
	const id = session.getIdToken().getJwtToken();
	const refresh = session.getRefreshToken().getToken();
	for (const [k, t] of Object.entries({ access, id, refresh })) {
		assert.ok(typeof t === 'string' && t.length > 0, `${k} token is empty`);
	}
	const claims = session.getAccessToken().decodePayload();
	assert.equal(claims.username, internalName, 'access token username');
	assert.equal(claims.client_id, server.config.clientId, 'access token client_id');
	assert.equal(claims.token_use, 'access', 'access token token_use');
	assert.equal(session.getIdToken().decodePayload()['cognito:username'], internalName, 'ID token cognito:username');
	return claims;
}

// verifyAccess verifies a session's access token with jose against the
// server's JWKS and resolves with its claims.
async function verifyAccess(server, session) {
	const issuer = server.url + server.config.userPoolId;
	const keys = jose.createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
	const { payload } = await jose.jwtVerify(session.getAccessToken().getJwtToken(), keys, { issuer, algorithms: ['RS256'] });
	return payload;
}

function deviceKeys(server, internalName) {
	return `CognitoIdentityServiceProvider.${server.config.clientId}.${internalName}`;
}

// storedDevice reads what the library stored for a remembered device.
function storedDevice(storage, server, internalName) {
	const p = deviceKeys(server, internalName);
	return {
		deviceKey: storage.getItem(`${p}.deviceKey`),
		deviceGroupKey: storage.getItem(`${p}.deviceGroupKey`),
		randomPassword: storage.getItem(`${p}.randomPasswordKey`),
	};
}

const PASSWORD_SIGNIN = ['InitiateAuth → PASSWORD_VERIFIER', 'RespondToAuthChallenge(PASSWORD_VERIFIER) → tokens'];
const DEVICE_SIGNIN_TAIL = [
	'RespondToAuthChallenge(PASSWORD_VERIFIER)+DEVICE_KEY → DEVICE_SRP_AUTH',
	'RespondToAuthChallenge(DEVICE_SRP_AUTH)+DEVICE_KEY → DEVICE_PASSWORD_VERIFIER',
	'RespondToAuthChallenge(DEVICE_PASSWORD_VERIFIER)+DEVICE_KEY → tokens',
];

// runGo runs interop/godevice and resolves with {status, out} (its JSON).
function runGo(server, username, password, device) {
	const argv = [
		'-endpoint', server.url,
		'-pool', server.config.userPoolId,
		'-client', server.config.clientId,
		'-username', username,
		'-device-key', device.deviceKey,
		'-device-group-key', device.deviceGroupKey,
		'-timeout', '20s',
	];
	const env = { ...process.env, INTEROP_PASSWORD: password, INTEROP_DEVICE_PASSWORD: device.randomPassword };
	return new Promise((resolve, reject) => {
		execFile(args.godevice, argv, { env, timeout: 30000 }, (err, stdout, stderr) => {
			const status = err ? err.code : 0;
			let out;
			try {
				out = JSON.parse(stdout);
			} catch (e) {
				return reject(new Error(`godevice (exit ${status}, ${err && err.signal}) printed ${JSON.stringify(stdout)}; stderr: ${stderr}`));
			}
			resolve({ status, out });
		});
	});
}

function jwtClaims(token) {
	return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

// ---- the tests ---------------------------------------------------------------
const ALICE = { username: 'alice', password: 'Correct horse 1!', aliases: ['alice@example.com'] };
const BOB = {
	username: 'bob',
	password: 'B0b\'s p4ssword, with ünïcödé',
	aliases: ['bob@example.com'],
	userIdForSrp: '3f0c2b9e-5d1a-4c7e-9b8f-1a2b3c4d5e6f',
};
const CAROL = {
	username: 'carol',
	password: 'Carol-pw-9f8e7d6c',
	aliases: ['carol@example.com'],
	userIdForSrp: '8d7c6b5a-4f3e-4d2c-8b1a-0f9e8d7c6b5a',
};

async function main() {
	const t0 = Date.now();
	console.log(`signin.js: amazon-cognito-identity-js ${LIB_VERSION}, aws-amplify ${AMPLIFY_VERSION}, node ${process.version}`);
	await check('the official client is the pinned amazon-cognito-identity-js 6.3.21', () => {
		assert.equal(LIB_VERSION, '6.3.21');
	});
	await check('the JWT verifier is the pinned jose 6.2.17', async () => {
		assert.equal(JOSE_VERSION, '6.2.17');
		jose = await import('jose');
	});

	let plain;
	let tracking;
	await check('srplocal starts (deviceTracking off, and always) and prints LISTENING', async () => {
		const plainConfig = {
			userPoolId: 'us-east-1_Interop1',
			clientId: 'interopclientplain',
			deviceTracking: 'off',
			users: [ALICE, BOB],
		};
		const trackingConfig = {
			userPoolId: 'eu-west-1_Interop2Dev',
			clientId: 'interopclientdevices',
			deviceTracking: 'always',
			users: [ALICE, CAROL],
		};
		plain = await h.startServer('plain', plainConfig);
		tracking = await h.startServer('devices', trackingConfig);
	});
	if (!plain || !tracking) return h.finish(t0);

	// (a) correct password.
	let aliceSession;
	await check('(a) USER_SRP_AUTH with the correct password succeeds: tokens, claims, exact call sequence', async () => {
		const storage = new MemoryStorage();
		const pool = makePool(plain, storage);
		const user = new CognitoUser({ Username: 'alice', Pool: pool, Storage: storage });
		const { session, userConfirmationNecessary } = await signIn(user, 'alice', ALICE.password);
		const claims = assertSession(session, plain, 'alice');
		assert.equal(claims.device_key, undefined, 'no device_key claim without device tracking');
		assert.equal(userConfirmationNecessary, undefined);
		assert.deepEqual(pool.calls, PASSWORD_SIGNIN);
		assert.equal(pool.requests[0].params.AuthFlow, 'USER_SRP_AUTH');
		assert.equal(pool.requests[0].params.AuthParameters.USERNAME, 'alice');
		assert.match(pool.requests[0].params.AuthParameters.SRP_A, /^[0-9a-f]+$/);
		assert.match(pool.requests[1].params.ChallengeResponses.PASSWORD_CLAIM_SIGNATURE, /^[A-Za-z0-9+/]{43}=$/);
		assert.equal(user.getUsername(), 'alice');
		aliceSession = session;
	});

	// (b) wrong password.

	await check('(a) the tokens verify with jose against the JWKS srplocal publishes (found through openid-configuration); another server\'s, a tampered and an expired one do not', async () => {
		assert.ok(aliceSession, 'no session from (a)');
		const issuer = plain.url + plain.config.userPoolId;
		const oidc = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
		assert.equal(oidc.issuer, issuer, 'issuer');
		assert.equal(oidc.jwks_uri, `${issuer}/.well-known/jwks.json`, 'jwks_uri');
		assert.deepEqual(oidc.id_token_signing_alg_values_supported, ['RS256']);
		const keys = jose.createRemoteJWKSet(new URL(oidc.jwks_uri));
		const opts = { issuer, algorithms: ['RS256'] };
		const access = aliceSession.getAccessToken().getJwtToken();
		const id = aliceSession.getIdToken().getJwtToken();
		const a = await jose.jwtVerify(access, keys, opts);
		assert.equal(a.protectedHeader.alg, 'RS256');
		assert.ok(a.protectedHeader.kid, 'kid header');
		assert.equal(a.payload.token_use, 'access');
		assert.equal(a.payload.client_id, plain.config.clientId);
		assert.equal(a.payload.username, 'alice');
		const i = await jose.jwtVerify(id, keys, { ...opts, audience: plain.config.clientId });
		assert.equal(i.payload.token_use, 'id');
		assert.equal(i.payload['cognito:username'], 'alice');

		// A token of the other server (same user, its own key).
		const other = await signIn(new CognitoUser({ Username: 'alice', Pool: makePool(tracking, new MemoryStorage()), Storage: new MemoryStorage() }), 'alice', ALICE.password);
		await assert.rejects(jose.jwtVerify(other.session.getAccessToken().getJwtToken(), keys, { algorithms: ['RS256'] }), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
		// Tampered: the payload of another user under alice's signature.
		const [h, p, sig] = access.split('.');
		const claims = JSON.parse(Buffer.from(p, 'base64url'));
		claims.username = 'bob';
		const tampered = [h, Buffer.from(JSON.stringify(claims)).toString('base64url'), sig].join('.');
		await assert.rejects(jose.jwtVerify(tampered, keys, opts), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
		// Expired: the same token checked one second after its exp.
		await assert.rejects(jose.jwtVerify(access, keys, { ...opts, currentDate: new Date((a.payload.exp + 1) * 1000) }), { code: 'ERR_JWT_EXPIRED' });
	});
	await check('(b) a wrong password fails with NotAuthorizedException at PASSWORD_VERIFIER', async () => {
		const pool = makePool(plain, new MemoryStorage());
		const user = new CognitoUser({ Username: 'alice', Pool: pool, Storage: new MemoryStorage() });
		const err = await expectFailure(signIn(user, 'alice', ALICE.password + 'x'));
		assertNotAuthorized(err);
		assert.deepEqual(pool.calls, [PASSWORD_SIGNIN[0], 'RespondToAuthChallenge(PASSWORD_VERIFIER) → NotAuthorizedException']);
	});
	await check('(b) another user\'s password fails with NotAuthorizedException', async () => {
		const pool = makePool(plain, new MemoryStorage());
		const user = new CognitoUser({ Username: 'alice', Pool: pool, Storage: new MemoryStorage() });
		assertNotAuthorized(await expectFailure(signIn(user, 'alice', BOB.password)));
	});
	await check('(b) an unknown user fails with NotAuthorizedException, like a wrong password', async () => {
		const pool = makePool(plain, new MemoryStorage());
		const user = new CognitoUser({ Username: 'mallory', Pool: pool, Storage: new MemoryStorage() });
		assertNotAuthorized(await expectFailure(signIn(user, 'mallory', ALICE.password)));
		assert.deepEqual(pool.calls, [PASSWORD_SIGNIN[0], 'RespondToAuthChallenge(PASSWORD_VERIFIER) → NotAuthorizedException']);
	});

	// (c) aliases.
	await check('(c) sign-in by alias succeeds (USER_ID_FOR_SRP = username)', async () => {
		const storage = new MemoryStorage();
		const pool = makePool(plain, storage);
		const user = new CognitoUser({ Username: 'alice@example.com', Pool: pool, Storage: storage });
		const { session } = await signIn(user, 'alice@example.com', ALICE.password);
		assertSession(session, plain, 'alice');
		assert.deepEqual(pool.calls, PASSWORD_SIGNIN);
		assert.equal(pool.requests[0].params.AuthParameters.USERNAME, 'alice@example.com');
		assert.equal(pool.requests[1].params.ChallengeResponses.USERNAME, 'alice');
	});
	await check('(c) sign-in by alias succeeds (USER_ID_FOR_SRP a UUID, non-ASCII password)', async () => {
		const storage = new MemoryStorage();
		const pool = makePool(plain, storage);
		const user = new CognitoUser({ Username: 'bob@example.com', Pool: pool, Storage: storage });
		const { session } = await signIn(user, 'bob@example.com', BOB.password);
		assertSession(session, plain, BOB.userIdForSrp);
		assert.deepEqual(pool.calls, PASSWORD_SIGNIN);
		assert.equal(pool.requests[1].params.ChallengeResponses.USERNAME, BOB.userIdForSrp);
		assert.equal(user.getUsername(), BOB.userIdForSrp, 'the client continues under USER_ID_FOR_SRP');
	});
	await check('(c) sign-in by alias with a wrong password fails with NotAuthorizedException', async () => {
		const pool = makePool(plain, new MemoryStorage());
		const user = new CognitoUser({ Username: 'bob@example.com', Pool: pool, Storage: new MemoryStorage() });
		assertNotAuthorized(await expectFailure(signIn(user, 'bob@example.com', ALICE.password)));
	});

	// (d) remembered devices, with deviceTracking "always".
	const storage = new MemoryStorage();
	const pool = makePool(tracking, storage);
	const carol = new CognitoUser({ Username: 'carol@example.com', Pool: pool, Storage: storage });
	let device;
	await check('(d) first sign-in gets NewDeviceMetadata; the client confirms the device and stores it', async () => {
		const { session, userConfirmationNecessary } = await signIn(carol, 'carol@example.com', CAROL.password);
		const claims = assertSession(session, tracking, CAROL.userIdForSrp);
		// As in Cognito, the tokens of the sign-in that handed out the device belong to it.
		assert.equal(claims.device_key, pool.newDeviceMetadata.DeviceKey, 'device_key claim of the new device');
		// With UserConfirmationNecessary true the app would have to call
		// setDeviceStatusRemembered; Cognito's "always" tracking (and srplocal)
		// answer false, and the client then calls onSuccess(session) alone.
		assert.equal(userConfirmationNecessary, undefined);
		assert.deepEqual(pool.calls, [
			'InitiateAuth → PASSWORD_VERIFIER',
			'RespondToAuthChallenge(PASSWORD_VERIFIER) → tokens+NewDeviceMetadata',
			'ConfirmDevice → ok',
		]);
		device = storedDevice(storage, tracking, CAROL.userIdForSrp);
		const md = pool.newDeviceMetadata;
		assert.ok(md && md.DeviceKey && md.DeviceGroupKey, 'NewDeviceMetadata');
		assert.equal(device.deviceKey, md.DeviceKey, 'stored deviceKey');
		assert.equal(device.deviceGroupKey, md.DeviceGroupKey, 'stored deviceGroupKey');
		assert.ok(device.randomPassword && device.randomPassword.length >= 40, 'stored randomPasswordKey');
		const confirm = pool.requests[2].params;
		assert.equal(confirm.DeviceKey, md.DeviceKey);
		assert.equal(confirm.AccessToken, session.getAccessToken().getJwtToken());
		assert.ok(confirm.DeviceSecretVerifierConfig.PasswordVerifier && confirm.DeviceSecretVerifierConfig.Salt);
	});
	if (!device || !device.deviceKey) {
		console.log('skipping the device checks: no device was registered');
		return h.finish(t0);
	}

	await check('(d) second sign-in of the same CognitoUser goes through DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER', async () => {
		pool.calls.length = 0;
		pool.requests.length = 0;
		pool.newDeviceMetadata = undefined;
		const { session } = await signIn(carol, 'carol@example.com', CAROL.password);
		const claims = assertSession(session, tracking, CAROL.userIdForSrp);
		assert.equal(claims.device_key, device.deviceKey, 'access token device_key claim (server-side witness)');
		const verified = await verifyAccess(tracking, session);
		assert.equal(verified.device_key, device.deviceKey, 'device_key claim of the token jose verified');
		assert.deepEqual(pool.calls, ['InitiateAuth+DEVICE_KEY → PASSWORD_VERIFIER', ...DEVICE_SIGNIN_TAIL]);
		assert.equal(pool.requests[2].params.ChallengeResponses.DEVICE_KEY, device.deviceKey);
		assert.equal(pool.newDeviceMetadata, undefined, 'no new device');
	});

	await check('(d) a new CognitoUser by alias with the same storage finds the device after USER_ID_FOR_SRP', async () => {
		const pool2 = makePool(tracking, storage);
		const user = new CognitoUser({ Username: 'carol@example.com', Pool: pool2, Storage: storage });
		const { session } = await signIn(user, 'carol@example.com', CAROL.password);
		const claims = assertSession(session, tracking, CAROL.userIdForSrp);
		assert.equal(claims.device_key, device.deviceKey, 'access token device_key claim');
		// It only knows the device once USER_ID_FOR_SRP told it the name the
		// device is stored under: no DEVICE_KEY in InitiateAuth.
		assert.deepEqual(pool2.calls, ['InitiateAuth → PASSWORD_VERIFIER', ...DEVICE_SIGNIN_TAIL]);
	});

	await check('(d) control: without the stored device the same sign-in is a password sign-in and gets a new device', async () => {
		const fresh = new MemoryStorage();
		const pool2 = makePool(tracking, fresh);
		const user = new CognitoUser({ Username: 'carol@example.com', Pool: pool2, Storage: fresh });
		const { session } = await signIn(user, 'carol@example.com', CAROL.password);
		const claims = assertSession(session, tracking, CAROL.userIdForSrp);
		assert.equal(claims.device_key, pool2.newDeviceMetadata.DeviceKey, 'the new device');
		assert.deepEqual(pool2.calls, [
			'InitiateAuth → PASSWORD_VERIFIER',
			'RespondToAuthChallenge(PASSWORD_VERIFIER) → tokens+NewDeviceMetadata',
			'ConfirmDevice → ok',
		]);
		assert.notEqual(storedDevice(fresh, tracking, CAROL.userIdForSrp).deviceKey, device.deviceKey, 'a different device');
	});

	await check('(d) control: a stored device with a wrong random password fails at DEVICE_PASSWORD_VERIFIER', async () => {
		const forged = new MemoryStorage(storage);
		const p = deviceKeys(tracking, CAROL.userIdForSrp);
		forged.setItem(`${p}.randomPasswordKey`, flip(device.randomPassword));
		const pool2 = makePool(tracking, forged);
		const user = new CognitoUser({ Username: CAROL.userIdForSrp, Pool: pool2, Storage: forged });
		const err = await expectFailure(signIn(user, CAROL.userIdForSrp, CAROL.password));
		assert.equal(err.code, 'NotAuthorizedException', `error code (error: ${err.stack || err})`);
		assert.deepEqual(pool2.calls, [
			'InitiateAuth → PASSWORD_VERIFIER',
			...DEVICE_SIGNIN_TAIL.slice(0, 2),
			'RespondToAuthChallenge(DEVICE_PASSWORD_VERIFIER)+DEVICE_KEY → NotAuthorizedException',
		]);
	});

	// (e) the Go client with the device the official client registered.
	await check('(e) the Go client (srp.NewDeviceSession, aws-sdk-go-v2) signs in with the device the JS client registered', async () => {
		const { status, out } = await runGo(tracking, 'carol@example.com', CAROL.password, device);
		assert.equal(status, 0, `godevice failed: ${JSON.stringify(out)}`);
		assert.equal(out.ok, true);
		assert.deepEqual(out.challenges, ['PASSWORD_VERIFIER', 'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER']);
		const claims = jwtClaims(out.accessToken);
		assert.equal(claims.device_key, device.deviceKey, 'access token device_key claim');
		assert.equal(claims.username, CAROL.userIdForSrp);
		assert.equal(claims.client_id, tracking.config.clientId);
	});
	await check('(e) control: the Go client with a wrong device password fails with NotAuthorizedException', async () => {
		const { status, out } = await runGo(tracking, 'carol@example.com', CAROL.password, {
			...device,
			randomPassword: flip(device.randomPassword),
		});
		assert.equal(status, 1, `godevice: ${JSON.stringify(out)}`);
		assert.equal(out.ok, false);
		assert.equal(out.code, 'NotAuthorizedException', JSON.stringify(out));
		assert.equal(out.step, 'RespondToAuthChallenge(DEVICE_PASSWORD_VERIFIER)');
		assert.deepEqual(out.challenges, ['PASSWORD_VERIFIER', 'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER']);
	});
	await check('(e) the JS client still signs in with the device afterwards', async () => {
		pool.calls.length = 0;
		const { session } = await signIn(carol, 'carol@example.com', CAROL.password);
		assert.equal(assertSession(session, tracking, CAROL.userIdForSrp).device_key, device.deviceKey);
		assert.deepEqual(pool.calls, ['InitiateAuth+DEVICE_KEY → PASSWORD_VERIFIER', ...DEVICE_SIGNIN_TAIL]);
	});
	await check('(e) the JS client refreshes the device\'s tokens (REFRESH_TOKEN_AUTH with DEVICE_KEY)', async () => {
		pool.calls.length = 0;
		pool.requests.length = 0;
		const { session } = await signIn(carol, 'carol@example.com', CAROL.password);
		pool.calls.length = 0;
		pool.requests.length = 0;
		const refreshed = await withTimeout(
			new Promise((resolve, reject) => carol.refreshSession(session.getRefreshToken(), (err, s) => (err ? reject(err) : resolve(s)))),
			SIGNIN_TIMEOUT_MS,
			'refreshSession'
		);
		assert.deepEqual(pool.calls, ['InitiateAuth+DEVICE_KEY → tokens']);
		assert.equal(pool.requests[0].params.AuthFlow, 'REFRESH_TOKEN_AUTH');
		assert.equal(pool.requests[0].params.AuthParameters.DEVICE_KEY, device.deviceKey);
		const claims = assertSession(refreshed, tracking, CAROL.userIdForSrp);
		assert.equal(claims.device_key, device.deviceKey);
		assert.notEqual(refreshed.getAccessToken().getJwtToken(), session.getAccessToken().getJwtToken());
	});

	await challengeChecks();
	return h.finish(t0);
}

// ---- follow-up challenges: NEW_PASSWORD_REQUIRED and SOFTWARE_TOKEN_MFA ------

const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
// Users of the challenge server: each sign-in that sets a new password changes
// the user, so every check has its own.
const DAVE = {
	username: 'dave',
	password: 'Temporary-dave-1',
	aliases: ['dave@example.com'],
	userIdForSrp: 'a1b2c3d4-0000-4000-8000-00000000da7e',
	newPasswordRequired: true,
	totpSecret: TOTP_SECRET,
};
const ERIN = { username: 'erin', password: 'Erin-pw-1234', totpSecret: TOTP_SECRET };
const GINA = {
	username: 'gina',
	password: 'Temporary-gina-1',
	aliases: ['gina@example.com'],
	userIdForSrp: 'a1b2c3d4-0000-4000-8000-0000000091aa',
	newPasswordRequired: true,
	totpSecret: TOTP_SECRET,
};
const HANK = { username: 'hank', password: 'Hank-pw-1234', totpSecret: TOTP_SECRET };

// signInWithAnswers runs authenticateUser and answers newPasswordRequired
// (completeNewPasswordChallenge) and totpRequired (sendMFACode with each of
// codes in turn, retrying on CodeMismatchException). It resolves with
// {session, events, errors}.
function signInWithAnswers(user, username, password, { newPassword, codes = [] }) {
	const events = [];
	const errors = [];
	const done = new Promise((resolve, reject) => {
		const callbacks = {
			onSuccess: session => resolve({ session, events, errors }),
			onFailure: err => {
				if (err.code === 'CodeMismatchException' && codes.length > 0) {
					errors.push(err.code);
					return user.sendMFACode(codes.shift(), callbacks, 'SOFTWARE_TOKEN_MFA');
				}
				reject(err);
			},
			newPasswordRequired: (userAttributes, requiredAttributes) => {
				events.push({ newPasswordRequired: { userAttributes, requiredAttributes } });
				if (!newPassword) return reject(new Error('unexpected newPasswordRequired'));
				user.completeNewPasswordChallenge(newPassword, {}, callbacks);
			},
			totpRequired: (challengeName, challengeParameters) => {
				events.push({ totpRequired: challengeName });
				if (codes.length === 0) return reject(new Error('unexpected totpRequired'));
				user.sendMFACode(codes.shift(), callbacks, 'SOFTWARE_TOKEN_MFA');
			},
		};
		for (const name of ['mfaRequired', 'customChallenge', 'mfaSetup', 'selectMFAType']) {
			callbacks[name] = () => reject(new Error(`unexpected callback ${name}`));
		}
		user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), callbacks);
	});
	return withTimeout(done, SIGNIN_TIMEOUT_MS, `sign-in of ${username}`);
}

async function challengeChecks() {
	await check('(f) the RFC 6238 test vectors (SHA-1 rows, last 6 digits) hold for the JS TOTP used below', () => {
		const seed = Buffer.from('12345678901234567890');
		let secret = '';
		const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
		let bits = [...seed].map(b => b.toString(2).padStart(8, '0')).join('');
		for (let i = 0; i < bits.length; i += 5) secret += alphabet[parseInt(bits.slice(i, i + 5).padEnd(5, '0'), 2)];
		for (const [t, code8] of [[59, '94287082'], [1111111109, '07081804'], [1111111111, '14050471'], [1234567890, '89005924'], [2000000000, '69279037'], [20000000000, '65353130']]) {
			assert.equal(totp(secret, t * 1000), code8.slice(2), `T=${t}`);
		}
	});

	let mfa;
	await check('srplocal starts with users that need a new password and a TOTP code', async () => {
		const config = {
			userPoolId: 'us-west-2_Interop3Mfa',
			clientId: 'interopclientmfa',
			users: [DAVE, ERIN, GINA, HANK],
		};
		mfa = await h.startServer('challenges', config);
	});
	if (!mfa) return;

	await check('(f) amazon-cognito-identity-js: NEW_PASSWORD_REQUIRED then SOFTWARE_TOKEN_MFA, by alias (newPasswordRequired, totpRequired)', async () => {
		const storage = new MemoryStorage();
		const pool = makePool(mfa, storage);
		const user = new CognitoUser({ Username: 'dave@example.com', Pool: pool, Storage: storage });
		const { session, events } = await signInWithAnswers(user, 'dave@example.com', DAVE.password, {
			newPassword: 'Brand-new-dave-1',
			codes: [totp(TOTP_SECRET, Date.now())],
		});
		assertSession(session, mfa, DAVE.userIdForSrp);
		assert.deepEqual(pool.calls, [
			'InitiateAuth → PASSWORD_VERIFIER',
			'RespondToAuthChallenge(PASSWORD_VERIFIER) → NEW_PASSWORD_REQUIRED',
			'RespondToAuthChallenge(NEW_PASSWORD_REQUIRED) → SOFTWARE_TOKEN_MFA',
			'RespondToAuthChallenge(SOFTWARE_TOKEN_MFA) → tokens',
		]);
		assert.deepEqual(events[0].newPasswordRequired.requiredAttributes, []);
		assert.equal(typeof events[0].newPasswordRequired.userAttributes, 'object');
		assert.deepEqual(events[1], { totpRequired: 'SOFTWARE_TOKEN_MFA' });
		const np = pool.requests[2].params.ChallengeResponses;
		assert.equal(np.NEW_PASSWORD, 'Brand-new-dave-1');
		assert.equal(np.USERNAME, DAVE.userIdForSrp, 'NEW_PASSWORD_REQUIRED answered with USER_ID_FOR_SRP');
		const code = pool.requests[3].params.ChallengeResponses;
		assert.match(code.SOFTWARE_TOKEN_MFA_CODE, /^[0-9]{6}$/);
		assert.equal(code.USERNAME, DAVE.userIdForSrp);
	});
	await check('(f) amazon-cognito-identity-js: the new password then signs in, straight to SOFTWARE_TOKEN_MFA; the old one fails', async () => {
		const storage = new MemoryStorage();
		const pool = makePool(mfa, storage);
		const user = new CognitoUser({ Username: 'dave', Pool: pool, Storage: storage });
		// The code of the step just used is refused, as Cognito refuses a used
		// code: the next step's, which the server's skew allows.
		const { session } = await signInWithAnswers(user, 'dave', 'Brand-new-dave-1', { codes: [totp(TOTP_SECRET, Date.now() + 30000)] });
		assertSession(session, mfa, DAVE.userIdForSrp);
		assert.deepEqual(pool.calls.map(c => c.split(' → ')[1]), ['PASSWORD_VERIFIER', 'SOFTWARE_TOKEN_MFA', 'tokens']);
		const old = new CognitoUser({ Username: 'dave', Pool: makePool(mfa, new MemoryStorage()), Storage: new MemoryStorage() });
		assertNotAuthorized(await expectFailure(signIn(old, 'dave', DAVE.password)));
	});
	await check('(f) amazon-cognito-identity-js: a wrong TOTP code is CodeMismatchException; the right one then signs in on the same session', async () => {
		const storage = new MemoryStorage();
		const pool = makePool(mfa, storage);
		const user = new CognitoUser({ Username: 'erin', Pool: pool, Storage: storage });
		const { session, errors } = await signInWithAnswers(user, 'erin', ERIN.password, {
			codes: [wrongCode(TOTP_SECRET), totp(TOTP_SECRET, Date.now())],
		});
		assertSession(session, mfa, 'erin');
		assert.deepEqual(errors, ['CodeMismatchException']);
		assert.deepEqual(pool.calls, [
			'InitiateAuth → PASSWORD_VERIFIER',
			'RespondToAuthChallenge(PASSWORD_VERIFIER) → SOFTWARE_TOKEN_MFA',
			'RespondToAuthChallenge(SOFTWARE_TOKEN_MFA) → CodeMismatchException',
			'RespondToAuthChallenge(SOFTWARE_TOKEN_MFA) → tokens',
		]);
	});

	// Amplify v6 (aws-amplify, pinned), with userPoolEndpoint pointing at
	// srplocal. It runs in node 20 as it is: global fetch and WebCrypto, and an
	// in-memory token store when there is no localStorage.
	await check('Amplify is the pinned aws-amplify 6.22.1', () => assert.equal(AMPLIFY_VERSION, '6.22.1'));
	const { calls } = recordFetch();
	const warnAgain = quietAmplify();
	Amplify.configure({
		Auth: { Cognito: { userPoolId: mfa.config.userPoolId, userPoolClientId: mfa.config.clientId, userPoolEndpoint: mfa.url } },
	});
	const amplifyOps = () => calls.map(c => `${c.target}${c.body.ChallengeName ? `(${c.body.ChallengeName})` : ''} → ${c.status}${c.type ? ' ' + c.type : ''}`);
	await check('(g) Amplify v6: signIn → CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED → CONFIRM_SIGN_IN_WITH_TOTP_CODE → DONE, by alias', async () => {
		calls.length = 0;
		let r = await amplifyAuth.signIn({ username: 'gina@example.com', password: GINA.password, options: { authFlowType: 'USER_SRP_AUTH' } });
		assert.equal(r.isSignedIn, false);
		assert.equal(r.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED');
		r = await amplifyAuth.confirmSignIn({ challengeResponse: 'Brand-new-gina-1' });
		assert.equal(r.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE');
		r = await amplifyAuth.confirmSignIn({ challengeResponse: totp(TOTP_SECRET, Date.now()) });
		assert.deepEqual(r, { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
		assert.deepEqual(amplifyOps(), [
			'InitiateAuth → 200',
			'RespondToAuthChallenge(PASSWORD_VERIFIER) → 200',
			'RespondToAuthChallenge(NEW_PASSWORD_REQUIRED) → 200',
			'RespondToAuthChallenge(SOFTWARE_TOKEN_MFA) → 200',
		]);
		assert.equal(calls[2].body.ChallengeResponses.USERNAME, GINA.userIdForSrp);
		assert.equal(calls[2].body.ChallengeResponses.NEW_PASSWORD, 'Brand-new-gina-1');
		assert.equal(calls[3].body.ChallengeResponses.USERNAME, GINA.userIdForSrp);
		const { tokens } = await amplifyAuth.fetchAuthSession();
		assert.equal(tokens.accessToken.payload.username, GINA.userIdForSrp);
		assert.equal(tokens.idToken.payload['cognito:username'], GINA.userIdForSrp);
		await amplifyAuth.signOut({ global: false });
	});
	await check('(g) Amplify v6: a wrong TOTP code throws CodeMismatchException; confirmSignIn with the right one → DONE', async () => {
		calls.length = 0;
		let r = await amplifyAuth.signIn({ username: 'hank', password: HANK.password, options: { authFlowType: 'USER_SRP_AUTH' } });
		assert.equal(r.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE');
		let err;
		try {
			await amplifyAuth.confirmSignIn({ challengeResponse: wrongCode(TOTP_SECRET) });
		} catch (e) {
			err = e;
		}
		assert.ok(err, 'a wrong code was accepted');
		assert.equal(err.name, 'CodeMismatchException');
		r = await amplifyAuth.confirmSignIn({ challengeResponse: totp(TOTP_SECRET, Date.now()) });
		assert.equal(r.nextStep.signInStep, 'DONE');
		assert.deepEqual(amplifyOps(), [
			'InitiateAuth → 200',
			'RespondToAuthChallenge(PASSWORD_VERIFIER) → 200',
			'RespondToAuthChallenge(SOFTWARE_TOKEN_MFA) → 400 CodeMismatchException',
			'RespondToAuthChallenge(SOFTWARE_TOKEN_MFA) → 200',
		]);
		await amplifyAuth.signOut({ global: false });
	});
	await check('(g) Amplify v6: a wrong password is NotAuthorizedException', async () => {
		let err;
		try {
			await amplifyAuth.signIn({ username: 'hank', password: 'not-the-password', options: { authFlowType: 'USER_SRP_AUTH' } });
		} catch (e) {
			err = e;
		}
		assert.ok(err && err.name === 'NotAuthorizedException', `error: ${err}`);
	});
	warnAgain();
}

// flip changes the first character of a string (a valid base64 character
// stays a valid base64 character).
function flip(s) {
	return (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
}

main().catch(err => {
	console.log(`FAIL signin.js: ${(err && err.stack) || err}`);
	h.failed++;
	h.finish(Date.now());
});
