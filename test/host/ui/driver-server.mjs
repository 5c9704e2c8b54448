// The UI driver: a loopback HTTP endpoint through which host tests (test/host/driver.ts) act on the
// Playwright page that shows the workbench. POST {url} with one JSON action:
//   {"action":"screenshot","name":"endpoints-view","selector"?} → {"ok":true,"path":".../endpoints-view.png"}
//   {"action":"click","selector","timeoutMs"?}   {"action":"hover","selector","timeoutMs"?}   {"action":"press","keys":"Control+Shift+P"}
//   {"action":"type","text","delayMs"?}          {"action":"waitFor","selector","timeoutMs"?,"state"?}
//   {"action":"text","selector","timeoutMs"?} → {"ok":true,"text":"…"}   {"action":"count","selector"} → {"ok":true,"count":N}
// Any action with a selector also takes "frames": [iframe selectors to enter first] (webviews).
// {"action":"exit","code","error"?} is the test launcher's report (test/host/ui/bootstrap).
// Errors answer {"ok":false,"error":"…"}. The URL carries a random token; it listens on 127.0.0.1 only.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const DEFAULT_TIMEOUT_MS = 10_000;

function locate(page, { selector, frames }) {
  if (typeof selector !== 'string' || !selector) throw new Error('"selector" is required');
  let scope = page;
  for (const f of frames ?? []) scope = scope.frameLocator(f).first();
  return scope.locator(selector).first();
}

async function act(page, shotsDir, a) {
  const timeout = a.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  switch (a.action) {
    case 'screenshot': {
      if (!/^[A-Za-z0-9._-]+$/.test(a.name ?? '')) throw new Error('"name" must match [A-Za-z0-9._-]+');
      fs.mkdirSync(shotsDir, { recursive: true });
      const file = path.join(shotsDir, `${a.name}.png`);
      if (a.selector) await locate(page, a).screenshot({ path: file, timeout });
      else await page.screenshot({ path: file });
      return { path: file };
    }
    case 'click': await locate(page, a).click({ timeout }); return {};
    case 'hover': await locate(page, a).hover({ timeout }); return {};
    case 'press': await page.keyboard.press(String(a.keys)); return {};
    case 'type': await page.keyboard.type(String(a.text), { delay: a.delayMs ?? 15 }); return {};
    case 'waitFor': await locate(page, a).waitFor({ state: a.state ?? 'visible', timeout }); return {};
    case 'text': return { text: await locate(page, a).innerText({ timeout }) };
    case 'count': { // no waiting: how many elements match right now
      let scope = page;
      for (const f of a.frames ?? []) scope = scope.frameLocator(f).first();
      return { count: await scope.locator(String(a.selector)).count() };
    }
    default: throw new Error(`unknown action ${JSON.stringify(a.action)}`);
  }
}

/** Starts the driver for page; resolves to { url, close() }. Actions run one at a time. */
export async function startDriverServer(page, shotsDir, { log = () => {}, onExit = () => {} } = {}) {
  const token = crypto.randomBytes(12).toString('hex');
  let queue = Promise.resolve();
  const server = http.createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== `/${token}`) { res.writeHead(404).end(); return; }
    let body = '';
    for await (const chunk of req) body += chunk;
    const run = async () => {
      let action;
      try {
        action = JSON.parse(body);
        if (action.action === 'exit') { onExit(action); return { ok: true }; }
        log(`[driver] ${action.action} ${action.name ?? action.selector ?? action.keys ?? ''}`);
        return { ok: true, ...(await act(page, shotsDir, action)) };
      } catch (e) {
        const error = String(e?.message ?? e).replace(/\x1b\[[0-9;]*m/g, '').split('\n').slice(0, 3).join(' ').trim();
        log(`[driver] ${action?.action ?? 'request'} failed: ${error}`);
        return { ok: false, error };
      }
    };
    const reply = await (queue = queue.then(run, run));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/${token}`,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}
