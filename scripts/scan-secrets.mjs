#!/usr/bin/env node
// After the test tiers: looks through every log they left in test-results/ for every test secret (the
// reference gateway's credentials) in each form it is sent in — as is, base64 (standard and URL-safe, at
// any offset inside a longer encoded text, so `Basic base64(id:secret)` is covered), URL- and
// form-encoded — and for the OAuth2 access tokens the gateway issues (`itk.…`).
// Prints `secrets: N files scanned, M found`; a finding names the file and the secret's name, never the
// secret. Exit 1 when anything is found or when no file was scanned (a scan of nothing proves nothing).
// Reads the secrets from the compiled gateway config (out/test/gateway/config.js: run `npm run build`).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = path.join(ROOT, 'test-results');
/** Images (screenshots) hold no greppable text. */
const SKIP_EXT = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.webm', '.mp4']);
/**
 * The reference gateway's own output: on start it prints the credentials it accepts (that is its job: it
 * is the test server, not a face of MaaS Connect). Everything else is scanned.
 */
const EXCLUDED = new Set(['host/gateway.log']);
/** An access token the reference gateway's token endpoint issued (test/gateway/oauth.ts). */
const ISSUED_TOKEN = /itk\.[A-Za-z0-9_-]{32}/;

function fail(message) {
  console.error(`scan-secrets: ${message}`);
  console.log('secrets: 0 files scanned, scan failed');
  process.exit(1);
}

const configFile = path.join(ROOT, 'out', 'test', 'gateway', 'config.js');
if (!fs.existsSync(configFile)) fail(`${path.relative(ROOT, configFile)} is missing: run \`npm run build\` first`);
const mod = await import(pathToFileURL(configFile).href);
const config = mod.default ?? mod;

/** name → value: the gateway's credentials as the CLI reads them, its keys, and every OICM model's token. */
function secrets() {
  const out = new Map();
  for (const [name, value] of Object.entries(config.env())) out.set(name, value);
  for (const [name, value] of Object.entries(config.KEYS)) if (![...out.values()].includes(value)) out.set(`KEYS.${name}`, value);
  for (const m of config.OICM_MODELS) {
    const value = config.oicmToken(m.id);
    if (![...out.values()].includes(value)) out.set(`OICM token of ${m.id}`, value);
  }
  if (out.size === 0) fail('no test secrets found in the gateway config');
  return out;
}

/**
 * The base64 text that encodes `bytes` wherever they sit in a longer encoded string: for each of the three
 * alignments, the characters that depend on these bytes only. Any base64 holding the value contains one.
 */
function base64Cores(bytes) {
  const cores = [];
  for (let shift = 0; shift < 3; shift++) {
    const b64 = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    cores.push(b64.slice(Math.ceil((8 * shift) / 6), Math.floor((8 * (shift + bytes.length)) / 6)));
  }
  return cores;
}

/** Every form of `value` to look for, with what each is called in a finding. */
function encodings(value) {
  const forms = new Map([['raw', value], ['URL-encoded', encodeURIComponent(value)], ['form-encoded', new URLSearchParams({ v: value }).toString().slice(2)]]);
  for (const [i, core] of base64Cores(Buffer.from(value, 'utf8')).entries()) {
    forms.set(`base64 (offset ${i})`, core);
    forms.set(`base64url (offset ${i})`, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  const seen = new Set();
  return [...forms].filter(([, text]) => text.length >= 8 && !seen.has(text) && seen.add(text));
}

/** name → [form, needle bytes][] for every secret, plus the Basic header of each client id and secret pair. */
function needles() {
  const all = [];
  const list = secrets();
  for (const [name, value] of list) for (const [form, text] of encodings(value)) all.push({ name, form, bytes: Buffer.from(text, 'utf8') });
  for (const [idName, id] of list) {
    if (!idName.startsWith('MAAS_CLIENT_ID_')) continue;
    const secretName = idName.replace('MAAS_CLIENT_ID_', 'MAAS_CLIENT_SECRET_');
    if (!list.has(secretName)) continue;
    all.push({ name: `${idName}:${secretName}`, form: 'Basic', bytes: Buffer.from(Buffer.from(`${id}:${list.get(secretName)}`).toString('base64')) });
  }
  return all;
}

/** Checks that the needles find a secret in the forms they claim to (so the scan cannot pass by construction). */
function selfTest(all) {
  const [name, value] = [...secrets()].find(([n]) => n.startsWith('MAAS_CLIENT_SECRET_')) ?? [...secrets()][0];
  const samples = [
    `x ${value} y`,
    `Authorization: Basic ${Buffer.from(`some-client:${value}`).toString('base64')}`,
    `blob ${Buffer.from(`{"k":"${value}"}`).toString('base64url')}`,
    `body client_secret=${encodeURIComponent(value)}&grant_type=client_credentials`,
  ];
  for (const s of samples) {
    if (!all.some((n) => n.name === name && Buffer.from(s).includes(n.bytes))) fail(`self-test: a sample holding ${name} was not found (${s.replace(value, '<secret>').slice(0, 40)}…)`);
  }
  if (!ISSUED_TOKEN.test(`Bearer itk.${'A'.repeat(32)}`)) fail('self-test: the issued-token pattern does not match');
}

function files(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true }).map(String).map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile() && !SKIP_EXT.has(path.extname(f).toLowerCase()))
    .sort();
}

const all = needles();
selfTest(all);
const found = [];
let scanned = 0;
const excluded = [];
for (const file of files(RESULTS)) {
  const rel = path.relative(RESULTS, file).split(path.sep).join('/');
  if (EXCLUDED.has(rel)) { excluded.push(rel); continue; }
  const bytes = fs.readFileSync(file);
  scanned += 1;
  const names = new Set();
  for (const n of all) if (bytes.includes(n.bytes)) names.add(`${n.name} (${n.form})`);
  if (ISSUED_TOKEN.test(bytes.toString('latin1'))) names.add('an OAuth2 access token issued by the gateway');
  for (const what of names) found.push(`test-results/${rel}: ${what}`);
}
for (const f of found) console.error(`scan-secrets: found ${f}`);
if (excluded.length) console.log(`scan-secrets: not scanned: ${excluded.map((f) => `test-results/${f}`).join(', ')} (the reference gateway lists its own credentials)`);
console.log(`secrets: ${scanned} files scanned, ${found.length} found`);
if (scanned === 0) fail('no log files in test-results/: the tiers wrote none, so nothing was proved');
process.exit(found.length ? 1 : 0);
