#!/usr/bin/env node
// Host tier: runs out/test/host/**/*.host.test.js inside a real VS Code (code-server 4.139.1 =
// VS Code 1.139.1, installed by scripts/setup-host.sh) shown in headless chromium. Starts the
// reference gateway for the tests, loads this project as the extension under development and installs
// the launcher test/host/ui/bootstrap (which runs out/test/host/index.js and reports back through the UI
// driver endpoint), prints mocha's report, and ends with `host: N passed, N failed[, N skipped]`.
// Exit code = the tests' (124 on timeout), and 1 when any test was skipped: the host tier runs every test.
// Usage: node test/host/run-host-tests.mjs [--grep TEXT] [--extension-tests-path]   (build first: npm run build)
// Env: MAAS_HOST_TIMEOUT_MS (default 900000), CHROMIUM_PATH, SHOW_ALL_LOGS=1, SHOW_BROWSER_CONSOLE=1,
//      MAAS_KEEP_TMP=1 (keep the throwaway user-data dir).
// Host tests get: MAAS_TEST_GATEWAY_URL, MAAS_TEST_GATEWAY_FOREIGN_URL, MAAS_TEST_SCREENSHOT_DIR,
//      MAAS_TEST_DRIVER_URL (the UI driver, see test/host/driver.ts) and MAAS_TEST_MODAL_DIALOGS: 'real'
//      (modal dialogs show, and a test clicks them with the driver) or, with --extension-tests-path, 'refused'.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { fileURLToPath } from 'node:url';
import { freePort, stopAllChildren, stopChildrenOnSignals } from './ui/processes.mjs';
import { startGatewayProcess } from './ui/gateway.mjs';
import { QUIET_SETTINGS, hostPaths, installExtensionFolder, launchBrowser, startCodeServer, workbenchUrl, writeUserSettings } from './ui/code-server.mjs';
import { startDriverServer } from './ui/driver-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS = path.join(ROOT, 'test-results');
const SHOTS = path.join(RESULTS, 'screenshots');
const LOGS = path.join(RESULTS, 'host');
const BOOTSTRAP = path.join(ROOT, 'test', 'host', 'ui', 'bootstrap'); // launches the tests (see its extension.js)
const TIMEOUT_MS = Number(process.env.MAAS_HOST_TIMEOUT_MS || 900_000);
// --extension-tests-path: VS Code's own test mode instead of the launcher; the workbench then refuses
// every modal dialog (DialogService.skipDialogs: confirm → confirmed, prompt/input → error)
const VSCODE_TEST_MODE = process.argv.includes('--extension-tests-path');
const TESTS_MODULE = path.join(ROOT, 'out', 'test', 'host', 'index.js');
const grepAt = process.argv.indexOf('--grep');
const grep = grepAt > 0 ? process.argv[grepAt + 1] : '';
// extension-host chatter (built-in extensions offline) that does not come from the tests
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
  keepVsCodeLogs();
  if (!process.env.MAAS_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
}
stopChildrenOnSignals(shutdown);

/** VS Code's own logs (the extension's output channel among them) outlive the temporary folder, for reading and for the secrets scan. */
function keepVsCodeLogs() {
  const to = path.join(LOGS, 'vscode-logs');
  fs.rmSync(to, { recursive: true, force: true });
  const from = path.join(tmp, 'user-data', 'logs');
  try {
    if (fs.existsSync(from)) fs.cpSync(from, to, { recursive: true });
  } catch (e) {
    console.error(`[host] could not keep VS Code's logs: ${e.message}`);
  }
}

function preflight() {
  hostPaths(ROOT); // throws "code-server not installed: run bash scripts/setup-host.sh"
  for (const f of ['dist/extension.js', 'out/test/host/index.js', 'test/host/ui/bootstrap/extension.js']) {
    if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: run \`npm run build\` first`);
  }
}

/** A line the extension host logged (tests' console.log), from the page's console, else undefined. */
async function extensionHostLine(msg) {
  const args = await Promise.all(msg.args().map((a) => a.jsonValue().catch(() => '[object]')));
  const m = typeof args[0] === 'string' && /^%c\[Extension Host\]( %c)?/.exec(args[0]);
  if (!m) return undefined;
  return util.format(args[0].slice(m[0].length), ...args.slice(m[1] ? 3 : 2));
}

/** Prints what the tests' mocha appends to logFile while they run; returns a final flush(). */
function follow(logFile) {
  let offset = 0;
  const flush = () => {
    if (!fs.existsSync(logFile)) return;
    const buf = fs.readFileSync(logFile);
    if (buf.length > offset) process.stdout.write(buf.subarray(offset));
    offset = buf.length;
  };
  const timer = setInterval(flush, 250);
  return () => { clearInterval(timer); flush(); };
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
  let exit;
  const finished = new Promise((resolve) => { exit = resolve; });
  driver = await startDriverServer(page, SHOTS, {
    log: process.env.SHOW_ALL_LOGS ? say : () => {},
    onExit: ({ code, error }) => {
      if (error && !fs.existsSync(resultFile)) console.error(`[host] the tests could not run: ${error}`); // not just failures
      exit(Number(code));
    },
  });

  let printing = Promise.resolve(); // keep the page's console lines in order
  page.on('console', (msg) => {
    printing = printing.then(async () => {
      if (process.env.SHOW_BROWSER_CONSOLE) return console.log('[browser]', msg.text());
      const line = await extensionHostLine(msg);
      if (line !== undefined && !NOISE.test(line)) (msg.type() === 'error' ? console.error : console.log)(line);
    }).catch(() => {});
  });
  if (VSCODE_TEST_MODE) await page.exposeFunction('codeAutomationExit', (code) => exit(Number(code)));
  if (process.env.SHOW_ALL_LOGS || VSCODE_TEST_MODE) {
    await page.exposeFunction('codeAutomationLog', (_type, args) => {
      const line = util.format(...(args || []));
      if (process.env.SHOW_ALL_LOGS || !NOISE.test(line)) console.log(line);
    });
  }

  const port = await freePort();
  const workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(workspace);
  writeUserSettings(path.join(tmp, 'user-data'), QUIET_SETTINGS);
  if (!VSCODE_TEST_MODE) installExtensionFolder(path.join(tmp, 'extensions'), BOOTSTRAP); // (a second development path is ignored)
  const hostLog = path.join(LOGS, 'mocha.log');
  const server = await startCodeServer({
    root: ROOT, port, tmp, workspace, logFile: path.join(LOGS, 'code-server.log'),
    env: {
      MAAS_TEST_GATEWAY_URL: gateway.url,
      MAAS_TEST_GATEWAY_FOREIGN_URL: gateway.foreignUrl,
      MAAS_TEST_SCREENSHOT_DIR: SHOTS,
      MAAS_TEST_DRIVER_URL: driver.url,
      MAAS_TEST_MODAL_DIALOGS: VSCODE_TEST_MODE ? 'refused' : 'real',
      MAAS_HOST_TESTS_MODULE: TESTS_MODULE,
      MAAS_HOST_LOG: hostLog,
      MAAS_HOST_GREP: grep,
      // the extension must take this out of the environment at activation (it names no secret to import)
      MAAS_DEMO_SECRETS: JSON.stringify({ note: 'set by run-host-tests.mjs' }),
      LAB_TEST_RESULT: resultFile,
    },
  });
  say(`code-server 127.0.0.1:${port}, pid ${server.pid}, ready after ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const stopFollowing = follow(hostLog);
  await page.goto(workbenchUrl({ port, workspace, extensionDir: ROOT, testsPath: VSCODE_TEST_MODE ? TESTS_MODULE : undefined }));
  let timer;
  const timedOut = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), TIMEOUT_MS); });
  const code = await Promise.race([finished, timedOut]);
  clearTimeout(timer);
  stopFollowing();
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
const skipped = Number(/, (\d+) skipped/.exec(result)?.[1] ?? 0);
if (skipped > 0) {
  console.error(`[host] ${skipped} host test(s) skipped: the host tier must run every test`);
  if (exitCode === 0) exitCode = 1;
}
process.exit(exitCode);
