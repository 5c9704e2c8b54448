#!/usr/bin/env node
// Host tier: runs out/test/host/**/*.host.test.js inside a real VS Code (code-server 4.139.1 =
// VS Code 1.139.1, installed by scripts/setup-host.sh) shown in headless chromium. Starts the
// reference gateway for the tests, loads this project as the extension under development, and ends
// with `host: N passed, N failed[, N skipped]`. Exit code = the tests' (124 on timeout).
// Usage: node test/host/run-host-tests.mjs [--grep TEXT]   (build first: npm run build)
// Env: MAAS_HOST_TIMEOUT_MS (default 900000), CHROMIUM_PATH, SHOW_ALL_LOGS=1, SHOW_BROWSER_CONSOLE=1,
//      MAAS_KEEP_TMP=1 (keep the throwaway user-data dir).
// Host tests get: MAAS_TEST_GATEWAY_URL, MAAS_TEST_GATEWAY_FOREIGN_URL, MAAS_TEST_SCREENSHOT_DIR,
//      MAAS_TEST_DRIVER_URL (the UI driver, see test/host/driver.ts) and LAB_TEST_RESULT.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { fileURLToPath } from 'node:url';
import { freePort, stopAllChildren, stopChildrenOnSignals } from './ui/processes.mjs';
import { startGatewayProcess } from './ui/gateway.mjs';
import { QUIET_SETTINGS, hostPaths, launchBrowser, startCodeServer, workbenchUrl, writeUserSettings } from './ui/code-server.mjs';
import { startDriverServer } from './ui/driver-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS = path.join(ROOT, 'test-results');
const SHOTS = path.join(RESULTS, 'screenshots');
const LOGS = path.join(RESULTS, 'host');
const TIMEOUT_MS = Number(process.env.MAAS_HOST_TIMEOUT_MS || 900_000);
const grepAt = process.argv.indexOf('--grep');
const grep = grepAt > 0 ? process.argv[grepAt + 1] : '';
// workbench chatter forwarded through codeAutomationLog that does not come from the tests
const NOISE = /^\[(AgentHost|ChatModelSelection|AccountPolicyGate|reconnection-grace-time|Service Worker)|Creating a socket|^Creation of workbench contribution|connection token|Updating additional builtin|authentication provider 'github'|ENOTFOUND|^\s*$/;

const t0 = Date.now();
const say = (msg) => console.log(`[host] ${msg}`);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'maas-host-'));
const resultFile = path.join(tmp, 'result.txt');
let browser;
let driver;

async function shutdown() {
  await browser?.close().catch(() => {});
  await driver?.close().catch(() => {});
  await stopAllChildren();
  if (!process.env.MAAS_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
}
stopChildrenOnSignals(shutdown);

function preflight() {
  hostPaths(ROOT); // throws "code-server not installed: run bash scripts/setup-host.sh"
  for (const f of ['dist/extension.js', 'out/test/host/index.js']) {
    if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: run \`npm run build\` first`);
  }
}

async function runTests() {
  fs.rmSync(SHOTS, { recursive: true, force: true });
  fs.mkdirSync(SHOTS, { recursive: true });
  fs.rmSync(LOGS, { recursive: true, force: true });
  fs.mkdirSync(LOGS, { recursive: true });

  const gateway = await startGatewayProcess(ROOT, { logFile: path.join(LOGS, 'gateway.log') });
  say(`reference gateway ${gateway.url} (foreign ${gateway.foreignUrl}), pid ${gateway.child.pid}`);

  browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  driver = await startDriverServer(page, SHOTS, process.env.SHOW_ALL_LOGS ? say : () => {});

  const port = await freePort();
  const workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(workspace);
  writeUserSettings(path.join(tmp, 'user-data'), QUIET_SETTINGS);
  const server = await startCodeServer({
    root: ROOT, port, tmp, workspace, logFile: path.join(LOGS, 'code-server.log'),
    env: {
      MAAS_TEST_GATEWAY_URL: gateway.url,
      MAAS_TEST_GATEWAY_FOREIGN_URL: gateway.foreignUrl,
      MAAS_TEST_SCREENSHOT_DIR: SHOTS,
      MAAS_TEST_DRIVER_URL: driver.url,
      MAAS_HOST_GREP: grep,
      LAB_TEST_RESULT: resultFile,
    },
  });
  say(`code-server 127.0.0.1:${port}, pid ${server.pid}, ready after ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  let exit;
  const finished = new Promise((resolve) => { exit = resolve; });
  await page.exposeFunction('codeAutomationExit', (code) => exit(Number(code)));
  await page.exposeFunction('codeAutomationLog', (_type, args) => {
    const line = util.format(...(args || []));
    if (process.env.SHOW_ALL_LOGS || !NOISE.test(line)) console.log(line);
  });
  if (process.env.SHOW_BROWSER_CONSOLE) page.on('console', (m) => console.log('[browser]', m.text()));
  await page.goto(workbenchUrl({ port, workspace, extensionDir: ROOT, testsPath: path.join(ROOT, 'out', 'test', 'host', 'index.js') }));

  let timer;
  const timedOut = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), TIMEOUT_MS); });
  const code = await Promise.race([finished, timedOut]);
  clearTimeout(timer);
  if (code === 'timeout') {
    console.error(`[host] TIMEOUT: the tests did not finish within ${TIMEOUT_MS / 1000} s (screenshot: test-results/screenshots/timeout.png)`);
    await page.screenshot({ path: path.join(SHOTS, 'timeout.png') }).catch(() => {});
    return 124;
  }
  return code;
}

let exitCode = 1;
let result = '';
try {
  preflight();
  exitCode = await runTests();
  result = fs.existsSync(resultFile) ? fs.readFileSync(resultFile, 'utf8').trim() : '';
} catch (e) {
  console.error(`[host] ${e.message}`);
  exitCode = 1;
} finally {
  await shutdown();
}
say(`exit code ${exitCode}, ${((Date.now() - t0) / 1000).toFixed(1)} s; logs: ${path.relative(ROOT, LOGS)}/, screenshots: ${path.relative(ROOT, SHOTS)}/`);
if (result) console.log(result);
else console.error('[host] the extension host reported no result');
process.exit(exitCode);
