// code-server (VS Code 1.139.1 server + web workbench, installed by scripts/setup-host.sh into
// .vscode-host/) and the headless Debian chromium that shows its workbench, driven by playwright-core.
import fs from 'node:fs';
import path from 'node:path';
import { startChild, sleep } from './processes.mjs';

const SETUP_HINT = 'run `bash scripts/setup-host.sh`';

/** CODE_SERVER_NODE / CODE_SERVER_ENTRY from the environment, else from .vscode-host/env.sh. */
export function hostPaths(root) {
  const vars = { CODE_SERVER_NODE: process.env.CODE_SERVER_NODE, CODE_SERVER_ENTRY: process.env.CODE_SERVER_ENTRY };
  const envFile = path.join(process.env.MAAS_HOST_DIR || path.join(root, '.vscode-host'), 'env.sh');
  if ((!vars.CODE_SERVER_NODE || !vars.CODE_SERVER_ENTRY) && fs.existsSync(envFile)) {
    for (const line of fs.readFileSync(envFile, 'utf8').split('\n')) {
      const m = /^\s*export\s+(CODE_SERVER_NODE|CODE_SERVER_ENTRY)="?([^"]*)"?\s*$/.exec(line);
      if (m && !vars[m[1]]) vars[m[1]] = m[2];
    }
  }
  if (!vars.CODE_SERVER_NODE || !vars.CODE_SERVER_ENTRY) throw new Error(`code-server not installed (no ${path.relative(root, envFile)}): ${SETUP_HINT}`);
  for (const [name, file] of Object.entries(vars)) {
    if (!fs.existsSync(file)) throw new Error(`code-server not installed: ${name}=${file} does not exist: ${SETUP_HINT}`);
  }
  return { node: vars.CODE_SERVER_NODE, entry: vars.CODE_SERVER_ENTRY };
}

export function chromiumPath() {
  const p = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(p)) throw new Error(`chromium not found at ${p}: ${SETUP_HINT} (it installs Debian's chromium) or set CHROMIUM_PATH`);
  return p;
}

/** Writes <userDataDir>/User/settings.json. */
export function writeUserSettings(userDataDir, settings) {
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
}

export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
  // the demo and test workspaces live inside this git checkout: don't offer to open it
  'git.openRepositoryInParentFolders': 'never',
};

/**
 * Starts code-server on 127.0.0.1:port with throwaway state under tmp and waits for /healthz.
 * The extension host inherits env. Returns the child.
 */
export async function startCodeServer({ root, port, tmp, workspace, env, logFile, testPayload = true }) {
  const { node, entry } = hostPaths(root);
  const child = startChild('code-server', node, [entry,
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--config', path.join(tmp, 'config.yaml'), // keeps ~/.config/code-server untouched
    '--user-data-dir', path.join(tmp, 'user-data'), '--extensions-dir', path.join(tmp, 'extensions'),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    ...(testPayload ? ['--vscode-option', 'enable-smoke-test-driver'] : []), // required: without it the workbench ignores the URL payload
    '--ignore-last-opened', workspace,
  ], { env: { ...process.env, ...env }, logFile });
  const exited = new Promise((resolve) => child.once('exit', (code, sig) => resolve(sig ?? code)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child; } catch { /* not yet */ }
    const gone = await Promise.race([exited, sleep(150).then(() => undefined)]);
    if (gone !== undefined) throw new Error(`code-server exited (${gone}) before it was ready; see ${logFile}`);
    if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz within 60 s; see ${logFile}`);
  }
}

/**
 * Registers extensionDir as an installed extension (a normal window, no "Extension Development Host"):
 * writes <extensionsDir>/extensions.json, VS Code's profile manifest, pointing at the folder itself,
 * so a rebuild shows after a window reload.
 */
export function installExtensionFolder(extensionsDir, extensionDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionDir, 'package.json'), 'utf8'));
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(extensionsDir, 'extensions.json'), JSON.stringify([{
    identifier: { id: `${manifest.publisher}.${manifest.name}`.toLowerCase() },
    version: manifest.version,
    location: { $mid: 1, scheme: 'file', path: extensionDir },
    metadata: { installedTimestamp: Date.now(), source: 'vsix', pinned: true },
  }]));
  return `${manifest.publisher}.${manifest.name}`;
}

/** The plain workbench URL for a folder. */
export function plainWorkbenchUrl({ port, workspace }) {
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
}

/** The workbench URL for a folder, with extensionDir loaded as the extension under development. */
export function workbenchUrl({ port, workspace, extensionDir, testsPath }) {
  const auth = `127.0.0.1:${port}`;
  const payload = [['extensionDevelopmentPath', `vscode-remote://${auth}${extensionDir}`], ['skipWelcome', 'true']];
  if (testsPath) payload.push(['extensionTestsPath', `vscode-remote://${auth}${testsPath}`]);
  return `http://${auth}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Headless Debian chromium through the project's playwright-core. */
export async function launchBrowser() {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new Error('playwright-core is missing: run `npm ci`');
  }
  return chromium.launch({
    executablePath: chromiumPath(), headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
