// harness.js: what the interop scripts (signin.js, stay.js, challenges.js)
// share: their command line, srplocal processes started and always stopped,
// checks with a time limit and a summary line, child programs run with a
// given standard input, an in-memory Storage and a user pool that records
// its calls for amazon-cognito-identity-js and its sign-in, a rejection's
// error, Amplify's warning about srplocal hidden and its calls recorded, and
// TOTP codes.
'use strict';

const { spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { AuthenticationDetails, CognitoUserPool } = require('amazon-cognito-identity-js');

const CHECK_TIMEOUT_MS = 30000; // per check
const SIGNIN_TIMEOUT_MS = 10000; // per sign-in (srplocal answers in milliseconds)

// parseArgs reads the command line: "--NAME VALUE" for each of names, all
// required. Anything else prints usage and exits with status 2.
function parseArgs(names, usage) {
	const args = {};
	const flag = new RegExp(`^--(${names.join('|')})$`);
	for (let i = 2; i < process.argv.length; i += 2) {
		const m = flag.exec(process.argv[i]);
		if (!m || i + 1 >= process.argv.length) {
			console.error(usage);
			process.exit(2);
		}
		args[m[1]] = process.argv[i + 1];
	}
	if (names.some(name => !args[name])) {
		console.error(usage);
		process.exit(2);
	}
	return args;
}

function withTimeout(promise, ms, what) {
	let timer;
	return Promise.race([
		promise,
		new Promise((_, reject) => {
			timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
		}),
	]).finally(() => clearTimeout(timer));
}

// A Harness runs the checks of one script: new Harness({srplocal, tmp,
// watchdogMs}); it kills the servers it started on exit, whatever happens.
// The watchdog keeps the process alive: a script whose event loop runs dry
// before finish still ends with a summary line.
class Harness {
	constructor({ srplocal, tmp, watchdogMs }) {
		this.srplocal = srplocal;
		this.tmp = tmp;
		this.servers = [];
		this.passed = 0;
		this.failed = 0;
		const script = path.basename(process.argv[1]);
		process.on('exit', () => this.killAll('SIGKILL'));
		for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
			process.on(sig, () => {
				console.log(`${script}: ${sig}, stopping`);
				this.killAll('SIGKILL');
				process.exit(1);
			});
		}
		setTimeout(() => {
			console.log(`FAIL ${script}: watchdog: not finished after ${watchdogMs / 1000} s`);
			this.killAll('SIGKILL');
			console.log(`${this.passed} passed, ${this.failed + 1} failed`);
			process.exit(1);
		}, watchdogMs);
	}

	killAll(signal) {
		for (const s of this.servers) {
			if (s.child.exitCode === null && s.child.signalCode === null) {
				try {
					s.child.kill(signal);
				} catch (e) {
					// already gone
				}
			}
		}
	}

	// startServer writes config to TMP/NAME.json, starts srplocal on
	// 127.0.0.1:0 and resolves with the server ({name, url, config, child})
	// once it printed its LISTENING line. Its later stdout lines (the CODE
	// lines) are kept in server.lines; each of server.waiters is called
	// (once) when the next one comes. Its pid goes to TMP/srplocal.NAME.pid
	// for the caller's clean-up trap.
	startServer(name, config) {
		const cfgPath = path.join(this.tmp, `${name}.json`);
		fs.writeFileSync(cfgPath, JSON.stringify(config, null, 2));
		const child = spawn(this.srplocal, ['-addr', '127.0.0.1:0', '-config', cfgPath], { stdio: ['ignore', 'pipe', 'pipe'] });
		const server = { name, child, config, stderr: '', lines: [], waiters: [] };
		this.servers.push(server);
		if (child.pid) fs.writeFileSync(path.join(this.tmp, `srplocal.${name}.pid`), `${child.pid}\n`);
		child.stderr.on('data', d => {
			server.stderr += d;
		});
		server.exited = new Promise(resolve => {
			child.on('exit', (code, signal) => resolve({ code, signal }));
			child.on('error', err => resolve({ code: null, signal: null, err }));
		});
		let buf = '';
		const listening = new Promise((resolve, reject) => {
			child.stdout.on('data', d => {
				buf += d;
				let nl;
				while ((nl = buf.indexOf('\n')) >= 0) {
					const line = buf.slice(0, nl);
					buf = buf.slice(nl + 1);
					if (!server.url) {
						const m = /^LISTENING (http:\/\/127\.0\.0\.1:[1-9][0-9]*\/)$/.exec(line);
						if (!m) return reject(new Error(`srplocal ${name}: first line is ${JSON.stringify(line)}`));
						server.url = m[1];
						resolve(server);
						continue;
					}
					server.lines.push(line);
					for (const w of server.waiters.splice(0)) w();
				}
			});
			server.exited.then(({ code, signal, err }) =>
				reject(new Error(`srplocal ${name} ended before LISTENING (${err || code || signal}): ${server.stderr.trim()}`))
			);
		});
		return withTimeout(listening, 15000, `srplocal ${name} start`);
	}

	// check runs one check, printing "ok" or "FAIL" with its time.
	async check(name, fn) {
		const t0 = Date.now();
		try {
			await withTimeout(Promise.resolve().then(fn), CHECK_TIMEOUT_MS, name);
			this.passed++;
			console.log(`ok   ${name} (${Date.now() - t0} ms)`);
		} catch (e) {
			this.failed++;
			const detail = (e && e.stack) || String(e);
			console.log(`FAIL ${name}: ${detail.replace(/\n/g, '\n     ')}`);
		}
	}

	// finish stops the servers (each a check: SIGTERM, exit status 0),
	// prints the summary line and exits.
	async finish(t0) {
		for (const server of this.servers) {
			await this.check(`srplocal ${server.name} stops on SIGTERM with exit status 0`, async () => {
				server.child.kill('SIGTERM');
				let r;
				try {
					r = await withTimeout(server.exited, 5000, `srplocal ${server.name} stop`);
				} catch (e) {
					server.child.kill('SIGKILL');
					throw e;
				}
				if (r.code !== 0) throw new Error(`exit code ${r.code} (signal ${r.signal}); stderr: ${server.stderr.trim()}`);
			});
		}
		console.log(`${path.basename(process.argv[1])}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
		console.log(`${this.passed} passed, ${this.failed} failed`);
		process.exit(this.failed === 0 ? 0 : 1);
	}
}

// run runs a program and resolves with {code, stdout, stderr}. stdin is the
// input to write (then closed), or null for no input at all (/dev/null).
function run(cmd, args, { stdin = null, env = process.env, timeoutMs = 60000 } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { env, stdio: [stdin === null ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', d => (stdout += d));
		child.stderr.on('data', d => (stderr += d));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`${path.basename(cmd)} ${args.join(' ')}: not done within ${timeoutMs} ms; stderr: ${stderr}`));
		}, timeoutMs);
		child.on('error', err => {
			clearTimeout(timer);
			reject(err);
		});
		child.on('close', code => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr });
		});
		if (stdin !== null) child.stdin.end(stdin);
	});
}

// MemoryStorage is the Storage interface amazon-cognito-identity-js uses
// (like localStorage: values are stored as strings); new MemoryStorage(other)
// starts with a copy of other's items.
class MemoryStorage {
	constructor(from) {
		this.items = new Map(from ? from.items : []);
	}
	setItem(key, value) {
		this.items.set(key, String(value));
		return this.items.get(key);
	}
	getItem(key) {
		return this.items.has(key) ? this.items.get(key) : null;
	}
	removeItem(key) {
		return this.items.delete(key);
	}
	clear() {
		this.items.clear();
		return {};
	}
}

// makePool returns an amazon-cognito-identity-js CognitoUserPool for server
// whose client records every request in pool.calls as
// "Operation(ChallengeName)[+DEVICE_KEY] → answer", its parameters in
// pool.requests ({operation, params}) and the last NewDeviceMetadata in
// pool.newDeviceMetadata.
function makePool(server, storage) {
	const pool = new CognitoUserPool({
		UserPoolId: server.config.userPoolId,
		ClientId: server.config.clientId,
		endpoint: server.url,
		Storage: storage,
	});
	pool.calls = [];
	pool.requests = [];
	const request = pool.client.request.bind(pool.client);
	pool.client.request = (operation, params, callback) => {
		const sent =
			(params.AuthParameters && params.AuthParameters.DEVICE_KEY) ||
			(params.ChallengeResponses && params.ChallengeResponses.DEVICE_KEY);
		const what = `${operation}${params.ChallengeName ? `(${params.ChallengeName})` : ''}${sent ? '+DEVICE_KEY' : ''}`;
		const i = pool.calls.push(`${what} → (no answer)`) - 1;
		pool.requests.push({ operation, params });
		request(operation, params, (err, data) => {
			let answer;
			if (err) answer = err.code || err.name || String(err);
			else if (data && data.ChallengeName) answer = data.ChallengeName;
			else if (data && data.AuthenticationResult)
				answer = `tokens${data.AuthenticationResult.NewDeviceMetadata ? '+NewDeviceMetadata' : ''}`;
			else answer = 'ok';
			pool.calls[i] = `${what} → ${answer}`;
			if (data && data.AuthenticationResult && data.AuthenticationResult.NewDeviceMetadata)
				pool.newDeviceMetadata = data.AuthenticationResult.NewDeviceMetadata;
			callback(err, data);
		});
	};
	return pool;
}

// signIn runs CognitoUser.authenticateUser and resolves with
// {session, userConfirmationNecessary} (onSuccess) or rejects with the
// onFailure error; any other callback is a failure.
function signIn(user, username, password) {
	const done = new Promise((resolve, reject) => {
		const callbacks = {
			onSuccess: (session, userConfirmationNecessary) => resolve({ session, userConfirmationNecessary }),
			onFailure: err => reject(err),
		};
		for (const name of ['newPasswordRequired', 'mfaRequired', 'totpRequired', 'customChallenge', 'mfaSetup', 'selectMFAType']) {
			callbacks[name] = () => reject(new Error(`unexpected callback ${name}`));
		}
		user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), callbacks);
	});
	return withTimeout(done, SIGNIN_TIMEOUT_MS, `sign-in of ${username}`);
}

// rejection resolves with the error promise is rejected with; it fails when
// the promise is fulfilled.
async function rejection(promise) {
	try {
		await promise;
	} catch (err) {
		return err;
	}
	throw new Error('succeeded, want a failure');
}

// quietAmplify hides the warning Amplify prints on every configure with a
// custom endpoint (srplocal is one); it returns what undoes that.
function quietAmplify() {
	const warn = console.warn;
	console.warn = (...a) => {
		if (!String(a.join(' ')).includes('custom Amazon')) warn(...a);
	};
	return () => (console.warn = warn);
}

// recordFetch wraps global fetch (which Amplify uses) to record each Cognito
// call: {target (the X-Amz-Target without
// "AWSCognitoIdentityProviderService."), body, status, type (the
// x-amzn-errortype), response (the answer's JSON)}. A call without an
// X-Amz-Target goes through unrecorded; restore undoes the wrapping.
function recordFetch() {
	const calls = [];
	const real = globalThis.fetch;
	globalThis.fetch = async (url, init = {}) => {
		const headers = new Headers(init.headers);
		const target = (headers.get('x-amz-target') || '').replace(/^AWSCognitoIdentityProviderService\./, '');
		if (!target) return real(url, init);
		const call = { target };
		try {
			call.body = JSON.parse(init.body);
		} catch (e) {
			call.body = init.body;
		}
		calls.push(call);
		const res = await real(url, init);
		call.status = res.status;
		call.type = res.headers.get('x-amzn-errortype') || undefined;
		call.response = await res.clone().json().catch(() => undefined);
		return res;
	};
	return { calls, restore: () => (globalThis.fetch = real) };
}

// ---- TOTP ------------------------------------------------------------------
// RFC 6238 (HMAC-SHA1, 30 s, 6 digits), written here from the RFC,
// independently of the Go server's code.

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

// totp is the code of a base32 secret at time t (ms).
function totp(secret, t) {
	let bits = '';
	for (const c of secret.replace(/=+$/, '').toUpperCase()) {
		const v = BASE32.indexOf(c);
		if (v < 0) throw new Error('totp: secret is not base32');
		bits += v.toString(2).padStart(5, '0');
	}
	const key = Buffer.alloc(Math.floor(bits.length / 8));
	for (let i = 0; i < key.length; i++) key[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2);
	return hotp(key, Math.floor(t / 30000));
}

// hotp is RFC 4226's code of key (bytes) at counter.
function hotp(key, counter) {
	const c = Buffer.alloc(8);
	c.writeBigUInt64BE(BigInt(counter));
	const h = crypto.createHmac('sha1', key).update(c).digest();
	const off = h[h.length - 1] & 0xf;
	return String((h.readUInt32BE(off) & 0x7fffffff) % 1000000).padStart(6, '0');
}

// wrongCode is a code the server accepts at none of the steps around now.
function wrongCode(secret) {
	const valid = [-30000, 0, 30000, 60000].map(d => totp(secret, Date.now() + d));
	return ['000000', '111111', '222222', '333333', '444444'].find(c => !valid.includes(c));
}

module.exports = { Harness, MemoryStorage, SIGNIN_TIMEOUT_MS, hotp, makePool, parseArgs, quietAmplify, recordFetch, rejection, run, signIn, totp, withTimeout, wrongCode };
