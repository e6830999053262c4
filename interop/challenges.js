#!/usr/bin/env node
// challenges.js: the official clients answer every challenge cmd/srplocal
// asks, over real HTTP on loopback (issue 21):
//
//   node challenges.js --srplocal BIN --srplogin BIN --aws AWS_CLI_V2 --tmp DIR
//
// - Amplify v6 (aws-amplify, pinned): SMS MFA and email MFA with the codes
//   read from srplocal's "CODE <SMS|EMAIL> <username> <code>" lines, a wrong
//   code refused first; SELECT_MFA_TYPE answered with TOTP; a reused TOTP
//   code refused; MFA_SETUP through TOTP enrolment; TOTP enrolment of a
//   signed-in user (setUpTOTP, verifyTOTPSetup, updateMFAPreference);
//   CUSTOM_WITH_SRP; passwordless USER_AUTH with EMAIL_OTP; USER_PASSWORD_AUTH,
//   and its refusal by a client that does not allow it.
// - amazon-cognito-identity-js (pinned): CUSTOM_AUTH with SRP
//   (customChallenge, sendCustomChallengeAnswer) and SMS MFA (mfaRequired,
//   sendMFACode).
// - The AWS CLI v2: admin-set-user-mfa-preference, after which Amplify is
//   asked for an SMS code.
// - srplogin (cmd/srplogin): every -flow (srp with SMS MFA, password,
//   custom-srp, user-auth with an emailed code and with PASSWORD_SRP, and
//   MFA_SETUP), each line of standard input written when srplogin asks.
//
// Every check asserts the protocol sequence the client sent (global fetch,
// or the JS client's request function, is wrapped to record it), not only
// the outcome. TOTP codes are RFC 6238, computed by harness.js, checked
// against the RFC's vectors first. Prints one line per check, then
// "N passed, M failed".
'use strict';

const { execFile } = require('child_process');
const assert = require('assert/strict');
const { AuthenticationDetails, CognitoUser, CognitoUserPool } = require('amazon-cognito-identity-js');
const LIB_VERSION = require('amazon-cognito-identity-js/package.json').version;
const { Amplify } = require('aws-amplify');
const auth = require('aws-amplify/auth');
const AMPLIFY_VERSION = require('aws-amplify/package.json').version;
const { Harness, MemoryStorage, hotp, parseArgs, quietAmplify, recordFetch, rejection, totp, withTimeout, wrongCode } = require('./harness.js');

const args = parseArgs(['srplocal', 'srplogin', 'aws', 'tmp'], 'usage: node challenges.js --srplocal BIN --srplogin BIN --aws AWS_CLI_V2 --tmp DIR');
const h = new Harness({ srplocal: args.srplocal, tmp: args.tmp, watchdogMs: 120000 });
const check = (name, fn) => h.check(name, fn);

// ---- srplocal's CODE lines ---------------------------------------------------
// mark returns the number of stdout lines so far; nextCode resolves with the
// first CODE line for username after it: {medium, code}.
function mark(server) {
	return server.lines.length;
}
async function nextCode(server, from, username) {
	for (;;) {
		for (const line of server.lines.slice(from)) {
			const m = /^CODE (SMS|EMAIL) (\S+) ([0-9]{6})$/.exec(line);
			if (m && m[2] === username) return { medium: m[1], code: m[3] };
		}
		await withTimeout(new Promise(resolve => server.waiters.push(resolve)), 5000, `a CODE line for ${username}`);
	}
}

function otherCode(code) {
	return code === '000000' ? '111111' : '000000';
}

// ---- Amplify ----------------------------------------------------------------
const { calls } = recordFetch();
const ops = () =>
	calls.map(c => {
		const b = c.body || {};
		const what = b.ChallengeName || b.AuthFlow || '';
		return `${c.target}${what ? `(${what})` : ''} → ${c.status}${c.type ? ' ' + c.type : ''}`;
	});
quietAmplify(); // for the whole script
function useServer(server) {
	Amplify.configure({ Auth: { Cognito: { userPoolId: server.config.userPoolId, userPoolClientId: server.config.clientId, userPoolEndpoint: server.url } } });
}
async function signOut() {
	await auth.signOut({ global: false });
}

// ---- amazon-cognito-identity-js ----------------------------------------------
function jsUser(server, username) {
	const storage = new MemoryStorage();
	const pool = new CognitoUserPool({ UserPoolId: server.config.userPoolId, ClientId: server.config.clientId, endpoint: server.url, Storage: storage });
	const user = new CognitoUser({ Username: username, Pool: pool, Storage: storage });
	user.calls = [];
	user.requests = [];
	const request = pool.client.request.bind(pool.client);
	pool.client.request = (operation, params, callback) => {
		const i = user.calls.push(`${operation}${params.ChallengeName ? `(${params.ChallengeName})` : ''} → (no answer)`) - 1;
		user.requests.push({ operation, params });
		request(operation, params, (err, data) => {
			const answer = err ? err.code : data.ChallengeName || (data.AuthenticationResult ? 'tokens' : 'ok');
			user.calls[i] = user.calls[i].replace('(no answer)', answer);
			callback(err, data);
		});
	};
	return user;
}

// ---- the tests ---------------------------------------------------------------
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const PW = 'Challenge-pw-1';
const user = (username, extra) => ({ username, password: PW, ...extra });

async function main() {
	const t0 = Date.now();
	console.log(`challenges.js: amazon-cognito-identity-js ${LIB_VERSION}, aws-amplify ${AMPLIFY_VERSION}, node ${process.version}`);
	await check('the clients are the pinned amazon-cognito-identity-js 6.3.21 and aws-amplify 6.22.1', () => {
		assert.equal(LIB_VERSION, '6.3.21');
		assert.equal(AMPLIFY_VERSION, '6.22.1');
	});
	await check('the RFC 6238 test vectors (SHA-1 rows, last 6 digits) hold for the TOTP used here', () => {
		const key = Buffer.from('12345678901234567890');
		for (const [t, code8] of [[59, '94287082'], [1111111109, '07081804'], [1234567890, '89005924'], [2000000000, '69279037']]) {
			assert.equal(hotp(key, Math.floor(t / 30)), code8.slice(2), `T=${t}`);
		}
	});

	let srv;
	let on;
	await check('srplocal starts with every challenge configured, and with mfaConfiguration ON', async () => {
		srv = await h.startServer('challenges', {
			userPoolId: 'us-east-1_InteropCh',
			clientId: 'interopchallenges',
			explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
			signInFirstFactors: ['PASSWORD', 'EMAIL_OTP'],
			customChallenge: { parameters: { question: 'Favourite colour?' }, answer: 'blue' },
			users: [
				user('sally', { phoneNumber: '+15555550100', mfa: ['SMS_MFA'] }),
				user('ellen', { email: 'ellen@example.com', mfa: ['EMAIL_OTP'] }),
				user('tom', { phoneNumber: '+15555550101', totpSecret: TOTP_SECRET, mfa: ['SMS_MFA'] }),
				user('rita', { totpSecret: TOTP_SECRET }),
				user('zoe'),
				user('carl'),
				user('pat', { email: 'pat@example.com' }),
				user('ursula'),
				user('cody'),
				user('sid', { phoneNumber: '+15555550102', mfa: ['SMS_MFA'] }),
				user('adam', { phoneNumber: '+15555550103' }),
			],
		});
		on = await h.startServer('mfa-on', {
			userPoolId: 'us-east-1_InteropOn',
			clientId: 'interopmfaon',
			mfaConfiguration: 'ON',
			users: [user('mona'), user('mel')],
		});
	});
	if (!srv || !on) return h.finish(t0);
	useServer(srv);

	await check('Amplify: SMS MFA, a wrong code refused, then the code from the CODE line → DONE', async () => {
		calls.length = 0;
		const from = mark(srv);
		let r = await auth.signIn({ username: 'sally', password: PW, options: { authFlowType: 'USER_SRP_AUTH' } });
		assert.equal(r.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_SMS_CODE');
		assert.deepEqual(r.nextStep.codeDeliveryDetails, { deliveryMedium: 'SMS', destination: '+*******0100' });
		const { medium, code } = await nextCode(srv, from, 'sally');
		assert.equal(medium, 'SMS');
		const err = await rejection(auth.confirmSignIn({ challengeResponse: otherCode(code) }));
		assert.equal(err.name, 'CodeMismatchException');
		assert.equal(err.message, 'Invalid code or auth state for the user.');
		r = await auth.confirmSignIn({ challengeResponse: code });
		assert.deepEqual(r, { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
		assert.deepEqual(ops(), [
			'InitiateAuth(USER_SRP_AUTH) → 200',
			'RespondToAuthChallenge(PASSWORD_VERIFIER) → 200',
			'RespondToAuthChallenge(SMS_MFA) → 400 CodeMismatchException',
			'RespondToAuthChallenge(SMS_MFA) → 200',
		]);
		assert.equal(calls[3].body.ChallengeResponses.SMS_MFA_CODE, code);
		await signOut();
	});
	await check('Amplify: email MFA (EMAIL_OTP) with the code from the CODE line → DONE', async () => {
		calls.length = 0;
		const from = mark(srv);
		let r = await auth.signIn({ username: 'ellen', password: PW, options: { authFlowType: 'USER_SRP_AUTH' } });
		assert.equal(r.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
		assert.deepEqual(r.nextStep.codeDeliveryDetails, { deliveryMedium: 'EMAIL', destination: 'e***@e***' });
		const { medium, code } = await nextCode(srv, from, 'ellen');
		assert.equal(medium, 'EMAIL');
		r = await auth.confirmSignIn({ challengeResponse: code });
		assert.equal(r.nextStep.signInStep, 'DONE');
		assert.deepEqual(ops().slice(2), ['RespondToAuthChallenge(EMAIL_OTP) → 200']);
		assert.equal(calls[2].body.ChallengeResponses.EMAIL_OTP_CODE, code);
		await signOut();
	});
	await check('Amplify: SELECT_MFA_TYPE (SMS or TOTP) answered with TOTP, then the TOTP code → DONE', async () => {
		calls.length = 0;
		let r = await auth.signIn({ username: 'tom', password: PW, options: { authFlowType: 'USER_SRP_AUTH' } });
		assert.equal(r.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION');
		assert.deepEqual(r.nextStep.allowedMFATypes, ['SMS', 'TOTP']);
		r = await auth.confirmSignIn({ challengeResponse: 'TOTP' });
		assert.equal(r.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE');
		r = await auth.confirmSignIn({ challengeResponse: totp(TOTP_SECRET, Date.now()) });
		assert.equal(r.nextStep.signInStep, 'DONE');
		assert.deepEqual(ops().slice(2), ['RespondToAuthChallenge(SELECT_MFA_TYPE) → 200', 'RespondToAuthChallenge(SOFTWARE_TOKEN_MFA) → 200']);
		assert.equal(calls[2].body.ChallengeResponses.ANSWER, 'SOFTWARE_TOKEN_MFA');
		await signOut();
	});
	await check('Amplify: a TOTP code used once is refused (ExpiredCodeException), the next step\'s code → DONE', async () => {
		const code = totp(TOTP_SECRET, Date.now());
		let r = await auth.signIn({ username: 'rita', password: PW, options: { authFlowType: 'USER_SRP_AUTH' } });
		r = await auth.confirmSignIn({ challengeResponse: code });
		assert.equal(r.nextStep.signInStep, 'DONE');
		await signOut();
		calls.length = 0;
		r = await auth.signIn({ username: 'rita', password: PW, options: { authFlowType: 'USER_SRP_AUTH' } });
		assert.equal(r.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE');
		const err = await rejection(auth.confirmSignIn({ challengeResponse: code }));
		assert.equal(err.name, 'ExpiredCodeException');
		assert.equal(err.message, 'Your software token has already been used once.');
		r = await auth.confirmSignIn({ challengeResponse: totp(TOTP_SECRET, Date.now() + 30000) });
		assert.equal(r.nextStep.signInStep, 'DONE');
		assert.deepEqual(ops().slice(2), ['RespondToAuthChallenge(SOFTWARE_TOKEN_MFA) → 400 ExpiredCodeException', 'RespondToAuthChallenge(SOFTWARE_TOKEN_MFA) → 200']);
		await signOut();
	});
	await check('Amplify: a wrong TOTP code is CodeMismatchException', async () => {
		await auth.signIn({ username: 'rita', password: PW, options: { authFlowType: 'USER_SRP_AUTH' } });
		const err = await rejection(auth.confirmSignIn({ challengeResponse: wrongCode(TOTP_SECRET) }));
		assert.equal(err.name, 'CodeMismatchException');
		assert.equal(err.message, 'Invalid code received for user');
	});
	await check('Amplify: a signed-in user enrols TOTP (setUpTOTP, verifyTOTPSetup, updateMFAPreference) and is then asked for it', async () => {
		let r = await auth.signIn({ username: 'zoe', password: PW, options: { authFlowType: 'USER_SRP_AUTH' } });
		assert.equal(r.nextStep.signInStep, 'DONE');
		calls.length = 0;
		const setup = await auth.setUpTOTP();
		const secret = setup.sharedSecret;
		assert.match(secret, /^[A-Z2-7]{52}$/);
		const wrong = await rejection(auth.verifyTOTPSetup({ code: wrongCode(secret) }));
		assert.equal(wrong.name, 'EnableSoftwareTokenMFAException');
		const code = totp(secret, Date.now());
		await auth.verifyTOTPSetup({ code });
		await auth.updateMFAPreference({ totp: 'PREFERRED' });
		assert.deepEqual(ops(), [
			'AssociateSoftwareToken → 200',
			'VerifySoftwareToken → 400 EnableSoftwareTokenMFAException',
			'VerifySoftwareToken → 200',
			'SetUserMFAPreference → 200',
		]);
		assert.ok(calls[0].body.AccessToken && !calls[0].body.Session, 'AssociateSoftwareToken with the access token');
		assert.deepEqual(calls[3].body.SoftwareTokenMfaSettings, { Enabled: true, PreferredMfa: true });
		await signOut();
		r = await auth.signIn({ username: 'zoe', password: PW, options: { authFlowType: 'USER_SRP_AUTH' } });
		assert.equal(r.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE');
		const reused = await rejection(auth.confirmSignIn({ challengeResponse: code }));
		assert.equal(reused.name, 'ExpiredCodeException');
		r = await auth.confirmSignIn({ challengeResponse: totp(secret, Date.now() + 30000) });
		assert.equal(r.nextStep.signInStep, 'DONE');
		await signOut();
	});
	await check('Amplify: CUSTOM_WITH_SRP: SRP_A, PASSWORD_VERIFIER, then CUSTOM_CHALLENGE answered → DONE', async () => {
		calls.length = 0;
		let r = await auth.signIn({ username: 'carl', password: PW, options: { authFlowType: 'CUSTOM_WITH_SRP' } });
		assert.equal(r.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
		assert.deepEqual(r.nextStep.additionalInfo, { question: 'Favourite colour?', USERNAME: 'carl' });
		r = await auth.confirmSignIn({ challengeResponse: 'blue' });
		assert.equal(r.nextStep.signInStep, 'DONE');
		assert.deepEqual(ops(), [
			'InitiateAuth(CUSTOM_AUTH) → 200',
			'RespondToAuthChallenge(PASSWORD_VERIFIER) → 200',
			'RespondToAuthChallenge(CUSTOM_CHALLENGE) → 200',
		]);
		assert.equal(calls[0].body.AuthParameters.CHALLENGE_NAME, 'SRP_A');
		assert.match(calls[0].body.AuthParameters.SRP_A, /^[0-9a-f]+$/);
		assert.equal(calls[2].body.ChallengeResponses.ANSWER, 'blue');
		await signOut();
		await auth.signIn({ username: 'carl', password: PW, options: { authFlowType: 'CUSTOM_WITH_SRP' } });
		const err = await rejection(auth.confirmSignIn({ challengeResponse: 'red' }));
		assert.equal(err.name, 'NotAuthorizedException');
	});
	await check('Amplify: passwordless USER_AUTH with EMAIL_OTP, the code from the CODE line → DONE', async () => {
		calls.length = 0;
		const from = mark(srv);
		let r = await auth.signIn({ username: 'pat', options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } });
		assert.equal(r.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
		assert.deepEqual(r.nextStep.codeDeliveryDetails, { deliveryMedium: 'EMAIL', destination: 'p***@e***' });
		const { code } = await nextCode(srv, from, 'pat');
		r = await auth.confirmSignIn({ challengeResponse: code });
		assert.equal(r.nextStep.signInStep, 'DONE');
		assert.deepEqual(ops(), ['InitiateAuth(USER_AUTH) → 200', 'RespondToAuthChallenge(EMAIL_OTP) → 200']);
		assert.equal(calls[0].body.AuthParameters.PREFERRED_CHALLENGE, 'EMAIL_OTP');
		assert.equal(calls[0].body.AuthParameters.PASSWORD, undefined);
		const { tokens } = await auth.fetchAuthSession();
		assert.equal(tokens.accessToken.payload.username, 'pat');
		await signOut();
	});
	await check('Amplify: USER_PASSWORD_AUTH → DONE; a client without it refuses with Cognito\'s error', async () => {
		calls.length = 0;
		const r = await auth.signIn({ username: 'ursula', password: PW, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
		assert.equal(r.nextStep.signInStep, 'DONE');
		assert.deepEqual(ops(), ['InitiateAuth(USER_PASSWORD_AUTH) → 200']);
		await signOut();
		useServer(on);
		const err = await rejection(auth.signIn({ username: 'mona', password: PW, options: { authFlowType: 'USER_PASSWORD_AUTH' } }));
		assert.equal(err.name, 'InvalidParameterException');
		assert.equal(err.message, 'USER_PASSWORD_AUTH flow not enabled for this client');
		useServer(srv);
	});
	await check('Amplify: MFA_SETUP through TOTP enrolment (AssociateSoftwareToken, VerifySoftwareToken with the Session) → DONE', async () => {
		useServer(on);
		calls.length = 0;
		let r = await auth.signIn({ username: 'mona', password: PW, options: { authFlowType: 'USER_SRP_AUTH' } });
		assert.equal(r.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP');
		const secret = r.nextStep.totpSetupDetails.sharedSecret;
		assert.match(secret, /^[A-Z2-7]{52}$/);
		r = await auth.confirmSignIn({ challengeResponse: totp(secret, Date.now()) });
		assert.equal(r.nextStep.signInStep, 'DONE');
		assert.deepEqual(ops(), [
			'InitiateAuth(USER_SRP_AUTH) → 200',
			'RespondToAuthChallenge(PASSWORD_VERIFIER) → 200',
			'AssociateSoftwareToken → 200',
			'VerifySoftwareToken → 200',
			'RespondToAuthChallenge(MFA_SETUP) → 200',
		]);
		assert.ok(calls[2].body.Session && !calls[2].body.AccessToken, 'AssociateSoftwareToken with the Session');
		await signOut();
		r = await auth.signIn({ username: 'mona', password: PW, options: { authFlowType: 'USER_SRP_AUTH' } });
		assert.equal(r.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE');
		r = await auth.confirmSignIn({ challengeResponse: totp(secret, Date.now() + 30000) });
		assert.equal(r.nextStep.signInStep, 'DONE');
		await signOut();
		useServer(srv);
	});
	await check('AWS CLI v2: admin-set-user-mfa-preference turns on SMS MFA; Amplify is then asked for an SMS code', async () => {
		await new Promise((resolve, reject) =>
			execFile(
				args.aws,
				['cognito-idp', 'admin-set-user-mfa-preference', '--no-sign-request', '--region', 'us-east-1', '--endpoint-url', srv.url,
					'--user-pool-id', srv.config.userPoolId, '--username', 'adam', '--sms-mfa-settings', 'Enabled=true,PreferredMfa=true'],
				{ timeout: 20000, env: { ...process.env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' } },
				(err, stdout, stderr) => (err ? reject(new Error(`aws: ${err.message}: ${stderr}`)) : resolve(stdout))
			)
		);
		const from = mark(srv);
		let r = await auth.signIn({ username: 'adam', password: PW, options: { authFlowType: 'USER_SRP_AUTH' } });
		assert.equal(r.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_SMS_CODE');
		r = await auth.confirmSignIn({ challengeResponse: (await nextCode(srv, from, 'adam')).code });
		assert.equal(r.nextStep.signInStep, 'DONE');
		await signOut();
	});

	await check('amazon-cognito-identity-js: CUSTOM_AUTH with SRP (customChallenge, sendCustomChallengeAnswer) → tokens', async () => {
		const u = jsUser(srv, 'cody');
		u.setAuthenticationFlowType('CUSTOM_AUTH');
		let asked;
		const session = await new Promise((resolve, reject) => {
			const callbacks = {
				onSuccess: resolve,
				onFailure: reject,
				customChallenge: params => {
					asked = params;
					u.sendCustomChallengeAnswer('blue', callbacks);
				},
			};
			u.authenticateUser(new AuthenticationDetails({ Username: 'cody', Password: PW }), callbacks);
		});
		assert.deepEqual(asked, { question: 'Favourite colour?', USERNAME: 'cody' });
		assert.deepEqual(u.calls, [
			'InitiateAuth → PASSWORD_VERIFIER',
			'RespondToAuthChallenge(PASSWORD_VERIFIER) → CUSTOM_CHALLENGE',
			'RespondToAuthChallenge(CUSTOM_CHALLENGE) → tokens',
		]);
		assert.equal(u.requests[0].params.AuthFlow, 'CUSTOM_AUTH');
		assert.equal(u.requests[0].params.AuthParameters.CHALLENGE_NAME, 'SRP_A');
		assert.equal(session.getAccessToken().decodePayload().username, 'cody');
	});
	await check('amazon-cognito-identity-js: SMS MFA (mfaRequired, sendMFACode with the CODE line\'s code) → tokens', async () => {
		const u = jsUser(srv, 'sid');
		const from = mark(srv);
		let params;
		const session = await new Promise((resolve, reject) => {
			const callbacks = {
				onSuccess: resolve,
				onFailure: reject,
				mfaRequired: (name, p) => {
					params = { name, ...p };
					nextCode(srv, from, 'sid').then(({ code }) => u.sendMFACode(code, callbacks), reject);
				},
			};
			u.authenticateUser(new AuthenticationDetails({ Username: 'sid', Password: PW }), callbacks);
		});
		assert.equal(params.name, 'SMS_MFA');
		assert.equal(params.CODE_DELIVERY_DELIVERY_MEDIUM, 'SMS');
		assert.equal(params.CODE_DELIVERY_DESTINATION, '+*******0102');
		assert.deepEqual(u.calls, [
			'InitiateAuth → PASSWORD_VERIFIER',
			'RespondToAuthChallenge(PASSWORD_VERIFIER) → SMS_MFA',
			'RespondToAuthChallenge(SMS_MFA) → tokens',
		]);
		assert.equal(session.getAccessToken().decodePayload().username, 'sid');
	});
	await srploginChecks(srv, on);
	return h.finish(t0);
}

// srplogin runs cmd/srplogin against server with the flags; feed is a list
// of functions, each returning (or resolving with) the next line of
// standard input once srplogin is at it: they get srplogin's stderr so far.
// It resolves with {code, stdout, stderr}.
function srplogin(server, flags, feed) {
	return new Promise((resolve, reject) => {
		const child = execFile(
			args.srplogin,
			['-pool', server.config.userPoolId, '-client', server.config.clientId, '-endpoint', server.url, '-timeout', '20s', ...flags],
			{ timeout: 25000 },
			(err, stdout, stderr) => resolve({ code: err ? err.code : 0, stdout, stderr })
		);
		let stderr = '';
		child.stderr.on('data', d => {
			stderr += d;
		});
		(async () => {
			for (const f of feed) child.stdin.write(`${await f(() => stderr)}\n`);
			child.stdin.end();
		})().catch(reject);
	});
}

async function srploginChecks(srv, on) {
	const tokensOf = ({ code, stdout, stderr }) => {
		assert.equal(code, 0, `srplogin exit ${code}: ${stderr}`);
		const t = JSON.parse(stdout);
		assert.equal(t.TokenType, 'Bearer');
		return JSON.parse(Buffer.from(t.AccessToken.split('.')[1], 'base64url').toString());
	};
	const code = (server, username) => {
		const from = mark(server);
		return async () => (await nextCode(server, from, username)).code;
	};
	await check('srplogin -flow srp: the password, then the SMS code as srplocal prints it', async () => {
		assert.equal(tokensOf(await srplogin(srv, ['sally'], [() => PW, code(srv, 'sally')])).username, 'sally');
	});
	await check('srplogin -flow password (USER_PASSWORD_AUTH)', async () => {
		assert.equal(tokensOf(await srplogin(srv, ['-flow', 'password', 'ursula'], [() => PW])).username, 'ursula');
	});
	await check('srplogin -flow custom-srp: the challenge on stderr, the answer read', async () => {
		const r = await srplogin(srv, ['-flow', 'custom-srp', 'carl'], [() => PW, () => 'blue']);
		assert.equal(tokensOf(r).username, 'carl');
		assert.match(r.stderr, /srplogin: custom challenge question: Favourite colour\?/);
		const bad = await srplogin(srv, ['-flow', 'custom-srp', 'carl'], [() => PW, () => 'red']);
		assert.equal(bad.code, 1);
		assert.match(bad.stderr, /NotAuthorizedException: Incorrect username or password\. \(CUSTOM_CHALLENGE\)/);
	});
	await check('srplogin -flow user-auth: an emailed code, no password; and -first-factor PASSWORD_SRP', async () => {
		assert.equal(tokensOf(await srplogin(srv, ['-flow', 'user-auth', 'pat'], [code(srv, 'pat')])).username, 'pat');
		assert.equal(tokensOf(await srplogin(srv, ['-flow', 'user-auth', '-first-factor', 'PASSWORD_SRP', 'ursula'], [() => PW])).username, 'ursula');
	});
	await check('srplogin: MFA_SETUP sets up a software token, the secret on stderr, its code read', async () => {
		const r = await srplogin(on, ['mel'], [
			() => PW,
			async stderr => {
				for (let i = 0; i < 500; i++) {
					const m = /add this secret to an authenticator app: ([A-Z2-7]+)\n/.exec(stderr());
					if (m) return totp(m[1], Date.now());
					await new Promise(res => setTimeout(res, 10));
				}
				throw new Error(`no secret on stderr: ${stderr()}`);
			},
		]);
		assert.equal(tokensOf(r).username, 'mel');
	});
}

main().catch(err => {
	console.log(`FAIL challenges.js: ${(err && err.stack) || err}`);
	h.failed++;
	h.finish(Date.now());
});
