#!/usr/bin/env node
// merge.js: joins the shard outputs of compute.js and checks them against the
// file their inputs came from.
//
//   node merge.js [--expect-outputs] SOURCE SHARD... > merged.json
//
// Every case of SOURCE must appear exactly once across the shards, with the
// same kind and byte-identical inputs (so the JS side computed exactly the
// inputs the Go side generated), and every case must carry the primary output
// field of its kind or an error. The merged file lists the cases in SOURCE's
// order. With --expect-outputs, every output field of SOURCE (error cases:
// the error text; not the informational "partial") must also equal what the
// JS client computed: the self-test of compute.js against a file computed
// independently, e.g.
//   node compute.js ../vectors/testdata/aws-js-reference.json > /tmp/ref.json &&
//   node merge.js --expect-outputs ../vectors/testdata/aws-js-reference.json /tmp/ref.json > /dev/null
// Exit status 1 on any discrepancy.
'use strict';
const fs = require('fs');

let args = process.argv.slice(2);
const expectOutputs = args[0] === '--expect-outputs';
if (expectOutputs) args = args.slice(1);
const [source, ...shards] = args;
if (!source || shards.length === 0) {
	process.stderr.write('usage: node merge.js [--expect-outputs] SOURCE SHARD... > merged.json\n');
	process.exit(2);
}
const primary = { password: 'signature', device: 'signature', devicehash: 'PasswordVerifier', secrethash: 'secretHash', timestamp: 'timestamp' };
const src = JSON.parse(fs.readFileSync(source, 'utf8'));
const byId = new Map();
let meta = null;
let problems = 0;
const problem = msg => {
	problems++;
	process.stderr.write(`merge.js: ${msg}\n`);
};
for (const s of shards) {
	const doc = JSON.parse(fs.readFileSync(s, 'utf8'));
	meta = meta || doc.meta;
	for (const c of doc.cases) {
		if (byId.has(c.id)) problem(`case ${c.id}: computed twice`);
		byId.set(c.id, c);
	}
}
const cases = [];
for (const c of src.cases) {
	const got = byId.get(c.id);
	if (!got) {
		problem(`case ${c.id}: not computed by the JS client`);
		continue;
	}
	byId.delete(c.id);
	if (got.kind !== c.kind || JSON.stringify(got.inputs) !== JSON.stringify(c.inputs)) {
		problem(`case ${c.id}: kind or inputs differ from ${source}`);
	}
	const o = got.outputs || {};
	if (o.error === undefined && (typeof o[primary[c.kind]] !== 'string' || o[primary[c.kind]] === '')) {
		problem(`case ${c.id}: the JS client reported neither ${primary[c.kind]} nor an error`);
	}
	if (expectOutputs && c.outputs) {
		for (const [k, v] of Object.entries(c.outputs)) {
			if (k === 'partial') continue;
			if (JSON.stringify(o[k]) !== JSON.stringify(v)) problem(`case ${c.id}: ${k}: got ${JSON.stringify(o[k])}, want ${JSON.stringify(v)}`);
		}
	}
	cases.push(got);
}
for (const id of byId.keys()) problem(`case ${id}: not in ${source}`);
if (meta) delete meta.shard;
process.stdout.write(JSON.stringify({ meta, cases }, null, 1) + '\n');
process.exit(problems ? 1 : 0);
