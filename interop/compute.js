#!/usr/bin/env node
// compute.js: computes Cognito SRP test-vector cases with the official AWS
// JavaScript client, amazon-cognito-identity-js (version pinned in
// package-lock.json), so that the Go library can be checked against it.
//
//   node compute.js FILE|- [--shard I/N] > out.json
//
// FILE is a vector file in the case schema of vectors/README.md ({"meta",
// "cases"}); only each case's id, kind and inputs are read. The output is the
// same schema with "outputs" as the AWS client computes them.
//
// How each kind is computed (the real library code paths, never a
// re-implementation):
//
//   password    CognitoUser.authenticateUser (USER_SRP_AUTH) with the
//               transport mocked: InitiateAuth answers PASSWORD_VERIFIER with
//               the case's SALT/SRP_B/SECRET_BLOCK/USER_ID_FOR_SRP, and the
//               ChallengeResponses of the RespondToAuthChallenge call are
//               captured.
//   device      the same sign-in with a remembered device (kept in the
//               CognitoUser's storage): PASSWORD_VERIFIER is answered with
//               DEVICE_SRP_AUTH, the library then runs getDeviceResponse
//               (DEVICE_SRP_AUTH -> DEVICE_PASSWORD_VERIFIER) against the
//               case's challenge, and its ChallengeResponses are captured.
//   devicehash  AuthenticationHelper.generateHashDevice (what CognitoUser
//               calls for ConfirmDevice) with the case's 40 password bytes and
//               16 salt bytes injected as its random draws.
//   secrethash  node crypto.createHmac (the JS client has no SECRET_HASH;
//               the formula of docs/protocol.md §10).
//   timestamp   DateHelper.getNowString with the clock injected.
//
// Randomness: the library draws its secret a as 128 bytes through 32 calls of
// crypto.getRandomValues(new Uint32Array(1)), each word emitted big-endian;
// the stub below answers those calls from a queue holding the case's a
// (left-padded with zero bytes to 128). Only for an a longer than 128 bytes
// (after dropping leading zero bytes), which the library can never draw, is
// AuthenticationHelper.generateRandomSmallA replaced for that one helper;
// such cases get "injectedA": "generateRandomSmallA" in their outputs note.
// Every draw must come from the queue: a draw from an empty queue, or an
// unconsumed queue at the end of a case, is an error.
//
// Clock: the global Date is replaced by a subclass whose no-argument
// constructor returns the case's instant; a literal string timestamp input is
// returned by DateHelper.getNowString for that case instead.
//
// Intermediate values (k, A_pad, u, x, S_pad, hkdf, ...) are read from the
// AuthenticationHelper instance the flow used, through wrappers around its
// getPasswordAuthenticationKey and calculateS methods, and recomputed only
// with that helper's own hash/padHex methods.
'use strict';

const fs = require('fs');
const nodeCrypto = require('crypto');

// ---- randomness injection (must precede loading the library) -------------
const rng = { words: [], unexpected: 0 };
globalThis.crypto.getRandomValues = function getRandomValues(arr) {
	if (!(arr instanceof Uint32Array) || arr.length !== 1) {
		rng.unexpected++;
		throw new Error('compute.js: unexpected getRandomValues call shape');
	}
	if (rng.words.length === 0) {
		rng.unexpected++;
		throw new Error('compute.js: random draw with an empty queue');
	}
	arr[0] = rng.words.shift();
	return arr;
};

function queueBytes(buf) {
	if (buf.length % 4 !== 0) throw new Error('queueBytes: length not a multiple of 4');
	for (let i = 0; i < buf.length; i += 4) rng.words.push(buf.readUInt32BE(i));
}

// ---- clock injection ------------------------------------------------------
const RealDate = Date;
let fakeNow = null;
class FakeDate extends RealDate {
	constructor(...args) {
		if (args.length === 0) {
			if (fakeNow === null) throw new Error('compute.js: clock read outside a case');
			super(fakeNow);
		} else {
			super(...args);
		}
	}
	static now() {
		if (fakeNow === null) return RealDate.now();
		return fakeNow;
	}
}
globalThis.Date = FakeDate;

// ---- the library ----------------------------------------------------------
const {
	CognitoUserPool,
	CognitoUser,
	AuthenticationDetails,
} = require('amazon-cognito-identity-js');
const AuthenticationHelper = require('amazon-cognito-identity-js/lib/AuthenticationHelper').default;
const DateHelper = require('amazon-cognito-identity-js/lib/DateHelper').default;
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger').default;
const LIB_VERSION = require('amazon-cognito-identity-js/package.json').version;

// Records of getPasswordAuthenticationKey calls of the current case.
let gpakRecords = [];
const origGPAK = AuthenticationHelper.prototype.getPasswordAuthenticationKey;
AuthenticationHelper.prototype.getPasswordAuthenticationKey = function (username, password, B, salt, cb) {
	const rec = { helper: this, username, password, B, salt };
	gpakRecords.push(rec);
	return origGPAK.call(this, username, password, B, salt, (err, hkdf) => {
		rec.err = err;
		rec.hkdf = hkdf;
		return cb(err, hkdf);
	});
};
const origCalcS = AuthenticationHelper.prototype.calculateS;
AuthenticationHelper.prototype.calculateS = function (x, B, cb) {
	const rec = gpakRecords[gpakRecords.length - 1];
	if (rec) rec.x = x;
	return origCalcS.call(this, x, B, (err, S) => {
		if (rec) rec.S = S;
		return cb(err, S);
	});
};

// Replacement of a for a > 128 bytes: {index: which helper (0-based), value}.
let smallAOverride = null;
let helperCount = 0;
let lastHelper = null;
const origGenA = AuthenticationHelper.prototype.generateRandomSmallA;
AuthenticationHelper.prototype.generateRandomSmallA = function () {
	lastHelper = this;
	const i = helperCount++;
	if (smallAOverride && smallAOverride.index === i) return smallAOverride.value;
	return origGenA.call(this);
};

// Literal TIMESTAMP strings.
let literalTimestamp = null;
const origNowString = DateHelper.prototype.getNowString;
DateHelper.prototype.getNowString = function () {
	if (literalTimestamp !== null) return literalTimestamp;
	return origNowString.call(this);
};

// ---- helpers --------------------------------------------------------------
class CaseError extends Error {}

function need(inputs, name, type) {
	const v = inputs[name];
	if (typeof v !== type) throw new CaseError(`inputs.${name} missing or not a ${type}`);
	return v;
}

function memoryStorage() {
	const m = new Map();
	return {
		getItem: k => (m.has(k) ? m.get(k) : null),
		setItem: (k, v) => m.set(k, String(v)),
		removeItem: k => m.delete(k),
		clear: () => m.clear(),
	};
}

// Prepares the random queue / override for a secret a given as hex, for the
// helper with the given index (earlier helpers get a fixed dummy a).
function injectA(aHex, helperIndex) {
	if (!/^[0-9a-fA-F]+$/.test(aHex)) throw new CaseError('inputs.smallAHex is not hex');
	const dummy = Buffer.alloc(128, 0x5a);
	for (let i = 0; i < helperIndex; i++) queueBytes(dummy);
	const stripped = aHex.replace(/^0+/, '');
	if (stripped.length <= 256) {
		queueBytes(Buffer.from(stripped.padStart(256, '0'), 'hex'));
		return null;
	}
	smallAOverride = { index: helperIndex, value: new BigInteger(stripped, 16) };
	return 'generateRandomSmallA';
}

function setClock(ts) {
	if (typeof ts === 'number') {
		if (!Number.isSafeInteger(ts)) throw new CaseError('inputs.timestamp is not an integer');
		fakeNow = ts;
	} else if (typeof ts === 'string') {
		fakeNow = 0; // unused: the literal is signed verbatim
		literalTimestamp = ts;
	} else {
		throw new CaseError('inputs.timestamp missing (number or string)');
	}
}

function secretHash(username, clientId, clientSecret) {
	return nodeCrypto.createHmac('sha256', Buffer.from(clientSecret, 'utf8'))
		.update(Buffer.from(username + clientId, 'utf8'))
		.digest('base64');
}

function hex64(h) {
	return h.padStart(64, '0');
}

// Collects the intermediates of the last getPasswordAuthenticationKey call.
function intermediates(rec, srpA) {
	const h = rec.helper;
	const out = {};
	out.k = hex64(h.k.toString(16));
	out.SRP_A = srpA;
	out.A_pad = h.padHex(h.largeAValue);
	out.B_pad = h.padHex(rec.B);
	out.salt_pad = h.padHex(rec.salt);
	if (h.UHexHash !== undefined && rec.x !== undefined) {
		out.u = h.UHexHash;
		out.u_pad = h.padHex(h.UValue);
	}
	out.usernamePasswordHash = h.hash(`${h.poolName}${rec.username}:${rec.password}`);
	if (rec.x !== undefined) {
		out.x = h.hexHash(h.padHex(rec.salt) + out.usernamePasswordHash);
		if (hex64(rec.x.toString(16)) !== out.x) throw new Error('internal: x mismatch');
	}
	if (rec.S !== undefined) out.S_pad = h.padHex(rec.S);
	if (rec.hkdf !== undefined && rec.hkdf !== null) out.hkdf = Buffer.from(rec.hkdf).toString('hex');
	return out;
}

// Runs one sign-in with the mocked transport. Resolves with
// {responses, srpA, error} once the final challenge response is captured,
// the flow reports a failure, or the flow stalls (nothing left to run).
function runFlow(c, device) {
	const inp = c.inputs;
	const username = need(inp, 'username', 'string');
	const password = need(inp, 'password', 'string');
	const saltHex = need(inp, 'saltHex', 'string');
	const BHex = need(inp, 'BHex', 'string');
	const secretBlock = need(inp, 'secretBlockB64', 'string');
	let userPoolId;
	if (device) {
		userPoolId = 'us-east-1_interop';
	} else if (typeof inp.poolName === 'string') {
		userPoolId = `us-east-1_${inp.poolName}`;
		if (userPoolId.length > 55) userPoolId = `r_${inp.poolName}`;
	} else {
		userPoolId = need(inp, 'userPoolId', 'string');
	}
	const clientId = typeof inp.clientId === 'string' && inp.clientId !== '' ? inp.clientId : 'interopclient';
	const storage = memoryStorage();
	let pool;
	try {
		pool = new CognitoUserPool({ UserPoolId: userPoolId, ClientId: clientId, Storage: storage });
	} catch (e) {
		throw new CaseError(`cannot build a CognitoUserPool for this pool name: ${e.message}`);
	}
	if (!device && pool.getUserPoolName() !== (inp.poolName ?? userPoolId.split('_')[1])) {
		throw new CaseError('pool name cannot be expressed as a UserPoolId');
	}
	const loginName = device ? username : (typeof inp.loginUsername === 'string' && inp.loginUsername !== '' ? inp.loginUsername : username);

	if (device) {
		const dgk = need(inp, 'deviceGroupKey', 'string');
		const dk = need(inp, 'deviceKey', 'string');
		const prefix = `CognitoIdentityServiceProvider.${clientId}.${username}`;
		storage.setItem(`${prefix}.deviceKey`, dk);
		storage.setItem(`${prefix}.randomPasswordKey`, password);
		storage.setItem(`${prefix}.deviceGroupKey`, dgk);
	}

	return new Promise(resolve => {
		const state = { done: false, srpA: undefined };
		const finish = r => {
			if (!state.done) {
				state.done = true;
				resolve(Object.assign({ srpA: state.srpA }, r));
			}
		};
		const reply = (cb, data) => {
			// Like Client.request: the callback runs in a promise chain, and a
			// throw inside it reaches the callback again as an error.
			Promise.resolve()
				.then(() => cb(null, data))
				.catch(err => cb(err));
		};
		const request = (op, params, cb) => {
			if (state.done) return;
			if (op === 'InitiateAuth') {
				if (!device) state.srpA = params.AuthParameters.SRP_A;
				const cp = device
					// the password phase before the device phase: any valid challenge
					? { SALT: '01', SRP_B: '02', SECRET_BLOCK: 'AA==', USER_ID_FOR_SRP: username, USERNAME: username }
					: { SALT: saltHex, SRP_B: BHex, SECRET_BLOCK: secretBlock, USER_ID_FOR_SRP: username, USERNAME: username };
				return reply(cb, { ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: cp, Session: 'session-1' });
			}
			if (op === 'RespondToAuthChallenge') {
				const name = params.ChallengeName;
				if (name === 'PASSWORD_VERIFIER' && !device) {
					return finish({ responses: params.ChallengeResponses });
				}
				if (name === 'PASSWORD_VERIFIER' && device) {
					return reply(cb, { ChallengeName: 'DEVICE_SRP_AUTH', ChallengeParameters: {}, Session: 'session-2' });
				}
				if (name === 'DEVICE_SRP_AUTH') {
					state.srpA = params.ChallengeResponses.SRP_A;
					return reply(cb, {
						ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
						ChallengeParameters: { SALT: saltHex, SRP_B: BHex, SECRET_BLOCK: secretBlock, USERNAME: username },
						Session: 'session-3',
					});
				}
				if (name === 'DEVICE_PASSWORD_VERIFIER') {
					return finish({ responses: params.ChallengeResponses });
				}
			}
			finish({ fatal: `unexpected request ${op} ${params.ChallengeName || ''}` });
		};
		pool.client.request = request;
		pool.client.makeUnauthenticatedRequest = () => finish({ fatal: 'unexpected makeUnauthenticatedRequest' });

		const user = new CognitoUser({ Username: loginName, Pool: pool, Storage: storage });
		user.setAuthenticationFlowType('USER_SRP_AUTH');
		const details = new AuthenticationDetails({ Username: loginName, Password: device ? 'unused-password-phase' : password });
		const callbacks = {
			onSuccess: () => finish({ fatal: 'unexpected onSuccess' }),
			onFailure: err => finish({ error: err && err.message ? err.message : String(err) }),
			newPasswordRequired: () => finish({ fatal: 'unexpected newPasswordRequired' }),
			mfaRequired: () => finish({ fatal: 'unexpected mfaRequired' }),
			totpRequired: () => finish({ fatal: 'unexpected totpRequired' }),
			customChallenge: () => finish({ fatal: 'unexpected customChallenge' }),
			mfaSetup: () => finish({ fatal: 'unexpected mfaSetup' }),
			selectMFAType: () => finish({ fatal: 'unexpected selectMFAType' }),
		};
		try {
			user.authenticateUser(details, callbacks);
		} catch (e) {
			finish({ error: e.message });
		}
		// Everything above runs synchronously or on microtasks; once a
		// macrotask runs, a flow that has not finished has stalled (jsbn's
		// modPow never calls back for a = 0).
		setImmediate(() => finish({ stalled: true }));
	});
}

async function computeLogin(c, device) {
	const inp = c.inputs;
	const aHex = need(inp, 'smallAHex', 'string');
	const injected = injectA(aHex, device ? 1 : 0);
	setClock(inp.timestamp);
	const r = await runFlow(c, device);
	if (r.fatal) throw new Error(r.fatal);
	const rec = gpakRecords[gpakRecords.length - 1];
	let out;
	if (r.stalled) {
		if (r.srpA === undefined) {
			let msg = 'no SRP_A produced: getLargeAValue callback never invoked (jsbn modPow returns early without calling back for a zero exponent)';
			// What the stalled helper does when used directly.
			try {
				lastHelper.getPasswordAuthenticationKey(device ? inp.deviceKey : inp.username, inp.password,
					new BigInteger(inp.BHex, 16), new BigInteger(inp.saltHex, 16), () => {});
			} catch (e) {
				msg += `; direct AuthenticationHelper use then throws ${JSON.stringify(e.message)}`;
			}
			out = { error: msg };
		} else {
			throw new Error('flow stalled after SRP_A was sent');
		}
	} else if (r.error !== undefined) {
		out = { error: r.error };
		if (rec && (!device || gpakRecords.length === 2)) out.partial = intermediates(rec, r.srpA);
	} else {
		out = intermediates(rec, r.srpA);
		out.timestamp = r.responses.TIMESTAMP;
		out.signature = r.responses.PASSWORD_CLAIM_SIGNATURE;
		out.challengeResponses = r.responses;
		if (typeof inp.clientSecret === 'string' && typeof inp.clientId === 'string') {
			out.secretHash = secretHash(r.responses.USERNAME, inp.clientId, inp.clientSecret);
			if (!device) {
				const login = typeof inp.loginUsername === 'string' && inp.loginUsername !== '' ? inp.loginUsername : inp.username;
				out.secretHashInitiateAuth = secretHash(login, inp.clientId, inp.clientSecret);
			}
		}
	}
	if (injected) out.injectedA = injected;
	return out;
}

function computeDeviceHash(c) {
	const inp = c.inputs;
	const dgk = need(inp, 'deviceGroupKey', 'string');
	const dk = need(inp, 'deviceKey', 'string');
	const pw = need(inp, 'randomPasswordBytesHex', 'string');
	const salt = need(inp, 'saltBytesHex', 'string');
	if (!/^([0-9a-fA-F]{2}){40}$/.test(pw)) throw new CaseError('inputs.randomPasswordBytesHex must be 40 bytes of hex');
	if (!/^([0-9a-fA-F]{2}){16}$/.test(salt)) throw new CaseError('inputs.saltBytesHex must be 16 bytes of hex');
	queueBytes(Buffer.alloc(128, 0x5a)); // the helper's own a, unused here
	const h = new AuthenticationHelper(dgk);
	queueBytes(Buffer.from(pw, 'hex'));
	queueBytes(Buffer.from(salt, 'hex'));
	let called = false;
	let error = null;
	h.generateHashDevice(dgk, dk, err => {
		called = true;
		error = err;
	});
	if (!called) throw new Error('generateHashDevice did not call back');
	if (error) return { error: error.message };
	const randomPassword = h.getRandomPassword();
	const hashedString = h.hash(`${dgk}${dk}:${randomPassword}`);
	const saltHex = h.getSaltDevices();
	const verifierHex = h.getVerifierDevices();
	return {
		randomPassword,
		hashedString,
		saltHex,
		x: h.hexHash(saltHex + hashedString),
		verifierHex,
		Salt: Buffer.from(saltHex, 'hex').toString('base64'),
		PasswordVerifier: Buffer.from(verifierHex, 'hex').toString('base64'),
	};
}

function computeTimestamp(c) {
	const ts = c.inputs.timestamp;
	if (typeof ts !== 'number' || !Number.isSafeInteger(ts)) throw new CaseError('inputs.timestamp must be an integer (epoch ms)');
	fakeNow = ts;
	return { timestamp: new DateHelper().getNowString() };
}

function computeSecretHash(c) {
	const inp = c.inputs;
	return {
		secretHash: secretHash(need(inp, 'username', 'string'), need(inp, 'clientId', 'string'), need(inp, 'clientSecret', 'string')),
	};
}

async function computeCase(c) {
	rng.words = [];
	rng.unexpected = 0;
	fakeNow = null;
	literalTimestamp = null;
	smallAOverride = null;
	helperCount = 0;
	lastHelper = null;
	gpakRecords = [];
	let out;
	switch (c.kind) {
		case 'password': out = await computeLogin(c, false); break;
		case 'device': out = await computeLogin(c, true); break;
		case 'devicehash': out = computeDeviceHash(c); break;
		case 'secrethash': out = computeSecretHash(c); break;
		case 'timestamp': out = computeTimestamp(c); break;
		default: throw new CaseError(`unknown kind ${JSON.stringify(c.kind)}`);
	}
	const stalledA = out.error && out.error.startsWith('no SRP_A produced');
	if (rng.unexpected !== 0) throw new Error('unexpected random draws');
	if (rng.words.length !== 0 && !stalledA) throw new Error(`${rng.words.length} injected random words were not drawn`);
	fakeNow = null;
	literalTimestamp = null;
	return out;
}

function usage(msg) {
	process.stderr.write(`compute.js: ${msg}\nusage: node compute.js FILE|- [--shard I/N]\n`);
	process.exit(2);
}

async function main() {
	const args = process.argv.slice(2);
	let file = null;
	let shard = null;
	for (let i = 0; i < args.length; i++) {
		if (args[i] === '--shard') {
			const m = /^(\d+)\/(\d+)$/.exec(args[++i] || '');
			if (!m || +m[1] >= +m[2]) usage('--shard wants I/N with 0 <= I < N');
			shard = { i: +m[1], n: +m[2] };
		} else if (file === null) {
			file = args[i];
		} else {
			usage(`unexpected argument ${args[i]}`);
		}
	}
	if (file === null) usage('missing FILE');
	let doc;
	try {
		doc = JSON.parse(fs.readFileSync(file === '-' ? 0 : file, 'utf8'));
	} catch (e) {
		usage(`cannot read ${file}: ${e.message}`);
	}
	if (!doc || !Array.isArray(doc.cases)) usage(`${file}: not a vector file (no "cases" array)`);
	const cases = [];
	for (let idx = 0; idx < doc.cases.length; idx++) {
		if (shard && idx % shard.n !== shard.i) continue;
		const c = doc.cases[idx];
		const id = c && typeof c.id === 'string' ? c.id : `#${idx}`;
		if (!c || typeof c.inputs !== 'object' || c.inputs === null) usage(`case ${id}: no inputs`);
		let outputs;
		try {
			outputs = await computeCase(c);
		} catch (e) {
			process.stderr.write(`compute.js: case ${id}: ${e.message}\n`);
			process.exit(e instanceof CaseError ? 2 : 1);
		}
		const res = { id: c.id, kind: c.kind };
		if (c.category !== undefined) res.category = c.category;
		if (c.note !== undefined) res.note = c.note;
		res.inputs = c.inputs;
		if (outputs.injectedA) {
			res.interopNote = `a injected by replacing AuthenticationHelper.${outputs.injectedA} (longer than the 128 bytes the library draws)`;
			delete outputs.injectedA;
		}
		res.outputs = outputs;
		cases.push(res);
	}
	const meta = {
		title: 'Outputs computed by the official AWS JavaScript client',
		oracle: `amazon-cognito-identity-js@${LIB_VERSION} (interop/compute.js: CognitoUser flows with mocked transport, injected getRandomValues and Date)`,
		inputsFrom: doc.meta !== undefined ? doc.meta : null,
	};
	if (shard) meta.shard = `${shard.i}/${shard.n}`;
	process.stdout.write(JSON.stringify({ meta, cases }, null, 1) + '\n');
}

main().catch(e => {
	process.stderr.write(`compute.js: ${e.stack || e}\n`);
	process.exit(1);
});
