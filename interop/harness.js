// harness.js: what the interop scripts share: srplocal processes started
// and always stopped, checks with a time limit and a summary line, child
// programs run with a given standard input, and an in-memory Storage for
// amazon-cognito-identity-js. stay.js uses it.
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const CHECK_TIMEOUT_MS = 30000; // per check

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
class Harness {
	constructor({ srplocal, tmp, watchdogMs }) {
		this.srplocal = srplocal;
		this.tmp = tmp;
		this.servers = [];
		this.passed = 0;
		this.failed = 0;
		process.on('exit', () => this.killAll('SIGKILL'));
		for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
			process.on(sig, () => {
				console.log(`${path.basename(process.argv[1])}: ${sig}, stopping`);
				this.killAll('SIGKILL');
				process.exit(1);
			});
		}
		setTimeout(() => {
			console.log(`FAIL watchdog: not finished after ${watchdogMs / 1000} s`);
			this.killAll('SIGKILL');
			console.log(`${this.passed} passed, ${this.failed + 1} failed`);
			process.exit(1);
		}, watchdogMs).unref();
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
	// once it printed its LISTENING line. Its pid goes to
	// TMP/srplocal.NAME.pid for the caller's clean-up trap.
	startServer(name, config) {
		const cfgPath = path.join(this.tmp, `${name}.json`);
		fs.writeFileSync(cfgPath, JSON.stringify(config, null, 2));
		const child = spawn(this.srplocal, ['-addr', '127.0.0.1:0', '-config', cfgPath], { stdio: ['ignore', 'pipe', 'pipe'] });
		const server = { name, child, config, stderr: '' };
		this.servers.push(server);
		if (child.pid) fs.writeFileSync(path.join(this.tmp, `srplocal.${name}.pid`), `${child.pid}\n`);
		child.stderr.on('data', d => {
			server.stderr += d;
		});
		server.exited = new Promise(resolve => {
			child.on('exit', (code, signal) => resolve({ code, signal }));
			child.on('error', err => resolve({ code: null, signal: null, err }));
		});
		let out = '';
		const listening = new Promise((resolve, reject) => {
			child.stdout.on('data', d => {
				if (server.url) return;
				out += d;
				const nl = out.indexOf('\n');
				if (nl < 0) return;
				const line = out.slice(0, nl);
				const m = /^LISTENING (http:\/\/127\.0\.0\.1:[1-9][0-9]*\/)$/.exec(line);
				if (!m) return reject(new Error(`srplocal ${name}: first line is ${JSON.stringify(line)}`));
				server.url = m[1];
				resolve(server);
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
// (like localStorage: values are stored as strings).
class MemoryStorage {
	constructor() {
		this.items = new Map();
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

module.exports = { Harness, MemoryStorage, run, withTimeout };
