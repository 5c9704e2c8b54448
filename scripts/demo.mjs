#!/usr/bin/env node
// `npm run demo`: the reference gateway (every platform, deterministic answers) plus a real VS Code
// (code-server) with MaaS Connect loaded from this folder, its endpoints configured and their
// credentials imported into SecretStorage (MAAS_DEMO_SECRETS), so models show without typing anything.
// The extension is loaded as the extension under development (the URL's extensionDevelopmentPath): the
// extension imports MAAS_DEMO_SECRETS only outside production mode, and an installed extension is in it.
//   node scripts/demo.mjs           print the URL to open; Ctrl+C stops everything
//   node scripts/demo.mjs --check   open it in headless chromium, check the MaaS Connect view and an @maas answer,
//                                   save test-results/demo.png, stop; exit 0 when it works
// Ports: gateway 8790/8791, VS Code 8080 (or the next free ones). State: .demo/ (git-ignored).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { portFrom, stopAllChildren, stopChildrenOnSignals } from '../test/host/ui/processes.mjs';
import { demoSecrets, gatewayConfig, startGatewayProcess } from '../test/host/ui/gateway.mjs';
import { QUIET_SETTINGS, hostPaths, launchBrowser, startCodeServer, workbenchUrl, writeUserSettings } from '../test/host/ui/code-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STATE = path.join(ROOT, '.demo');
const RESULTS = path.join(ROOT, 'test-results');
const CHECK = process.argv.includes('--check');
const CONTAINER = '.part.activitybar [aria-label^="MaaS Connect"]';

function prepareState(endpoints, gatewayEnv) {
  fs.rmSync(STATE, { recursive: true, force: true }); // fresh settings for this run's ports
  const workspace = path.join(STATE, 'maas-demo');
  fs.mkdirSync(workspace, { recursive: true });
  fs.writeFileSync(path.join(workspace, 'fib.py'), 'def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n');
  fs.writeFileSync(path.join(workspace, 'maas.config.json'), JSON.stringify({ endpoints }, null, 2) + '\n');
  fs.writeFileSync(path.join(workspace, 'maas.env'), Object.entries(gatewayEnv).map(([k, v]) => `export ${k}=${JSON.stringify(v)}`).join('\n') + '\n');
  writeUserSettings(path.join(STATE, 'user-data'), { ...QUIET_SETTINGS, 'maas.endpoints': endpoints });
  return workspace;
}

async function check(url, endpoints) {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    console.log('[demo] workbench loaded');
    const container = page.locator(CONTAINER).first();
    await container.waitFor({ timeout: 30_000 }).catch(() => { throw new Error('the MaaS Connect view container is not in the activity bar'); });
    console.log('[demo] MaaS Connect view container present');
    if ((await container.getAttribute('aria-expanded')) !== 'true' && !(await container.evaluate((e) => e.closest('.checked')))) await container.click();
    const first = endpoints[0]?.label ?? endpoints[0]?.id;
    const row = page.locator('.monaco-list-row', { hasText: first }).first();
    await row.waitFor({ timeout: 30_000 }).catch(() => { throw new Error(`the endpoints view does not show "${first}"`); });
    console.log(`[demo] endpoints view shows "${first}"`);
    // every endpoint has finished discovering its models (no "discovering…" row left), not a fixed wait
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('.part.sidebar .monaco-list-row')];
      const busy = document.querySelector('.part.sidebar .monaco-progress-container.active'); // the view's progress bar
      return rows.length > 0 && !busy && !rows.some((r) => /discovering…|Discovering models…/.test(r.textContent ?? ''));
    }, undefined, { timeout: 60_000 }).catch(() => { throw new Error('the endpoints view was still discovering models after 60 s'); });
    console.log('[demo] models discovered');
    // no tooltip (e.g. the activity bar's "MaaS Connect" after the click) over the tree in the screenshot
    await page.mouse.move(720, 450);
    const hover = page.locator('.workbench-hover-container');
    if (await hover.count()) await hover.first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => page.keyboard.press('Escape'));
    await page.screenshot({ path: path.join(RESULTS, 'demo.png') });
    console.log('[demo] screenshot: test-results/demo.png');
    await checkChat(page);
  } finally {
    await browser.close().catch(() => {});
  }
}

/** What a person does first: ask @maas in the Chat view, and see the gateway's streamed answer. */
async function checkChat(page) {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor({ timeout: 10_000 });
  await page.keyboard.type('Chat: Open Chat', { delay: 10 });
  await page.locator('.quick-input-list .monaco-list-row', { hasText: /^Chat: Open Chat/ }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  const input = page.locator('.interactive-input-part .monaco-editor .view-lines').first();
  await input.waitFor({ timeout: 20_000 }).catch(() => { throw new Error('the Chat view did not open'); });
  await input.click({ force: true });
  await page.keyboard.type('@maas', { delay: 30 });
  await page.keyboard.press('Escape'); // the participant suggestion
  await page.keyboard.type(' hello from the demo', { delay: 10 });
  await page.keyboard.press('Enter');
  await page.locator('.interactive-item-container.interactive-response', { hasText: /Hello from [\s\S]*You said: hello from the demo[\s\S]*tokens\/s/ }).first()
    .waitFor({ timeout: 30_000 })
    .catch(async () => { throw new Error(`@maas did not answer in the Chat view; it shows: ${(await page.locator('.interactive-session').first().innerText().catch(() => '')).slice(0, 300)}`); });
  console.log('[demo] @maas answered in the Chat view');
  await page.screenshot({ path: path.join(RESULTS, 'demo-chat.png') });
  console.log('[demo] screenshot: test-results/demo-chat.png');
}

async function main() {
  hostPaths(ROOT); // "code-server not installed: run bash scripts/setup-host.sh"
  if (!fs.existsSync(path.join(ROOT, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` (npm run demo does)');
  fs.mkdirSync(STATE, { recursive: true });
  fs.mkdirSync(RESULTS, { recursive: true }); // a fresh clone has no test-results/

  const [gwPort, gwForeignPort] = [await portFrom(8790), await portFrom(8791)];
  const gateway = await startGatewayProcess(ROOT, { port: gwPort, foreignPort: gwForeignPort === gwPort ? 0 : gwForeignPort, logFile: path.join(RESULTS, 'demo-gateway.log') });
  const { endpoints, env: gatewayEnv } = await gatewayConfig(gateway.url);
  const { secrets, unmatched } = demoSecrets(endpoints, gatewayEnv);
  if (unmatched.length) console.warn(`[demo] warning: no endpoint for ${unmatched.join(', ')}; not imported`);

  const workspace = prepareState(endpoints, gatewayEnv);
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const extensionId = `${manifest.publisher}.${manifest.name}`;
  const port = await portFrom(8080, 20);
  await startCodeServer({
    // testPayload: the workbench reads the URL's payload (extensionDevelopmentPath) only with it
    root: ROOT, port, tmp: STATE, workspace, logFile: path.join(STATE, 'code-server.log'), testPayload: true,
    env: { ...gatewayEnv, MAAS_DEMO_SECRETS: JSON.stringify(secrets) }, // the terminal gets the CLI's variables too
  });
  // development mode (not installed): the only mode besides test in which MAAS_DEMO_SECRETS is imported
  const url = workbenchUrl({ port, workspace, extensionDir: ROOT });

  console.log(`\nMaaS Connect demo
  reference gateway  ${gateway.url}  (foreign origin ${gateway.foreignUrl})
  extension          ${extensionId}, loaded from this folder in development mode (reload the window after a rebuild)
  endpoints          ${endpoints.map((e) => `${e.id} (${e.platform})`).join(', ')}
  credentials        ${Object.keys(secrets).length} imported into SecretStorage at activation (MAAS_DEMO_SECRETS)
  settings           ${path.relative(ROOT, path.join(STATE, 'user-data', 'User', 'settings.json'))}
  CLI                in the window's terminal (credentials are in its environment):
                       node ${path.relative(workspace, path.join(ROOT, 'dist', 'cli.js'))} models --config maas.config.json
  logs               .demo/code-server.log, test-results/demo-gateway.log\n`);

  if (CHECK) {
    await check(url, endpoints);
    return 0;
  }
  console.log(`Open ${url}\n\nCtrl+C to stop.`);
  await new Promise(() => {}); // until SIGINT/SIGTERM
  return 0;
}

stopChildrenOnSignals(undefined, CHECK ? undefined : 0); // Ctrl+C is how a demo ends
let code = 1;
try {
  code = await main();
} catch (e) {
  console.error(`[demo] ${e.message}`);
}
await stopAllChildren();
if (CHECK) console.log(code === 0 ? '[demo] check passed' : '[demo] check FAILED');
process.exit(code);
