// Starts the reference gateway (out/test/gateway/main.js) as a child process and reads its
// `MAAS_GATEWAY_URL=` / `MAAS_GATEWAY_FOREIGN_URL=` lines; fetches its /__control/config.
import fs from 'node:fs';
import path from 'node:path';
import { startChild } from './processes.mjs';

/**
 * @param {string} root project root
 * @param {{ port?: number, foreignPort?: number, logFile?: string, timeoutMs?: number }} [opts]
 *   ports are passed as --port / --foreign-port (0 or absent: random)
 * @returns {Promise<{ child: import('node:child_process').ChildProcess, url: string, foreignUrl: string }>}
 */
export async function startGatewayProcess(root, opts = {}) {
  const main = path.join(root, 'out', 'test', 'gateway', 'main.js');
  if (!fs.existsSync(main)) throw new Error(`reference gateway not built: ${path.relative(root, main)} is missing (run \`npm run build\`)`);
  const args = ['--enable-source-maps', main];
  if (opts.port) args.push('--port', String(opts.port));
  if (opts.foreignPort) args.push('--foreign-port', String(opts.foreignPort));
  const found = {};
  const tail = [];
  let child;
  const ready = new Promise((resolve, reject) => {
    child = startChild('gateway', process.execPath, args, {
      logFile: opts.logFile,
      onLine: (line) => {
        tail.push(line);
        if (tail.length > 20) tail.shift();
        const m = /^(MAAS_GATEWAY_URL|MAAS_GATEWAY_FOREIGN_URL)=(\S+)/.exec(line.trim());
        if (m) found[m[1]] = m[2];
        if (found.MAAS_GATEWAY_URL && found.MAAS_GATEWAY_FOREIGN_URL) resolve();
      },
    });
    child.once('exit', (code, sig) => reject(new Error(`reference gateway exited (${sig ?? code}) before printing its URLs:\n${tail.join('\n')}`)));
    child.once('error', reject);
    setTimeout(() => reject(new Error(`reference gateway printed no MAAS_GATEWAY_URL= and MAAS_GATEWAY_FOREIGN_URL= lines within ${(opts.timeoutMs ?? 20000) / 1000} s:\n${tail.join('\n')}`)), opts.timeoutMs ?? 20000).unref();
  });
  await ready;
  return { child, url: found.MAAS_GATEWAY_URL, foreignUrl: found.MAAS_GATEWAY_FOREIGN_URL };
}

/** GET {url}/__control/config → { endpoints: [...maas.endpoints entries], env: { MAAS_API_KEY_<E>: value, … } } */
export async function gatewayConfig(url) {
  const res = await fetch(`${url.replace(/\/+$/, '')}/__control/config`);
  if (!res.ok) throw new Error(`reference gateway: GET /__control/config answered ${res.status}`);
  const config = await res.json();
  if (!Array.isArray(config.endpoints)) throw new Error('reference gateway: /__control/config has no "endpoints" array');
  return { endpoints: config.endpoints, env: config.env ?? {} };
}

/** The CLI's env-variable suffix (docs/endpoints.md): upper-cased, every character but A–Z, 0–9 → `_`. */
export function envSuffix(id) {
  return String(id).toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/**
 * Turns the gateway's credential environment into MAAS_DEMO_SECRETS: SecretStorage key → value.
 * MAAS_API_KEY_<E> → maas:<id>:apiKey, MAAS_CLIENT_ID_<E> → maas:<id>:clientId,
 * MAAS_CLIENT_SECRET_<E> → maas:<id>:clientSecret, MAAS_TOKEN_<E>_<M> → maas:<id>:model:<modelId>:token.
 * Suffixes are mapped back to ids through the endpoints (and their configured models).
 */
export function demoSecrets(endpoints, env) {
  const secrets = {};
  const unmatched = [];
  // longest suffix first, so MAAS_TOKEN_LAB_X_M never matches endpoint "lab" when "lab-x" exists
  const byLength = [...endpoints].sort((a, b) => envSuffix(b.id).length - envSuffix(a.id).length);
  for (const [name, value] of Object.entries(env)) {
    let key;
    for (const [prefix, kind] of [['MAAS_API_KEY_', 'apiKey'], ['MAAS_CLIENT_ID_', 'clientId'], ['MAAS_CLIENT_SECRET_', 'clientSecret']]) {
      if (key || !name.startsWith(prefix)) continue;
      const ep = endpoints.find((e) => envSuffix(e.id) === name.slice(prefix.length));
      if (ep) key = `maas:${ep.id}:${kind}`;
    }
    if (!key && name.startsWith('MAAS_TOKEN_')) {
      const rest = name.slice('MAAS_TOKEN_'.length);
      for (const ep of byLength) {
        const e = envSuffix(ep.id);
        if (!rest.startsWith(e + '_')) continue;
        const model = (ep.models ?? []).find((m) => envSuffix(m.id) === rest.slice(e.length + 1));
        if (model) { key = `maas:${ep.id}:model:${model.id}:token`; break; }
      }
    }
    if (key) secrets[key] = String(value);
    else unmatched.push(name);
  }
  return { secrets, unmatched };
}
