/**
 * The reference gateway: one process, two loopback ports. The main origin serves every platform on its
 * own path prefix (plus the control API under `/__control/`); the foreign origin holds the OAuth2 token
 * endpoint, the cross-origin model URL and redirect targets. Both record every request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { endpoints, env } from './config';
import { handleControl } from './control';
import { FaultStore, type FaultSpec } from './faults';
import { handleForeign } from './foreign';
import { flatHeaders, json, readBody, send, sleep, statusMessage, type Ctx, type GatewayState, type Platform, type RecordedRequest, type Reply } from './http';
import { TokenStore } from './oauth';
import { lastChatBody } from './recorded';
import { gpustackPlatform } from './platforms/gpustack';
import { intelPlatform } from './platforms/intel';
import { oicmPlatform } from './platforms/oicm';
import { openaiPlatform } from './platforms/openai';
import { rafayPlatform } from './platforms/rafay';
import { rhoaiPlatform } from './platforms/rhoai';

export type { FaultSpec } from './faults';
export type { RecordedRequest } from './http';

export interface Gateway {
  url: string;         // http://127.0.0.1:<port> (https:// and the host name of GatewayOptions when given)
  foreignUrl: string;  // http://127.0.0.1:<port2>
  setFault(f: FaultSpec): void;
  clearFaults(): void;
  requests: RecordedRequest[];   // both origins, in arrival order
  clearRequests(): void;
  /** The parsed JSON body of the latest chat request (any platform's chat route), or undefined */
  lastChatBody(): Record<string, unknown> | undefined;
  /** Ready-to-use endpoint entries (see docs/endpoints.md) for every platform, with baseUrls filled in */
  endpoints(): object[];
  /** The credential values for each endpoint id, as env var name → value for the CLI (MAAS_API_KEY_<E>, MAAS_CLIENT_ID_<E>, MAAS_CLIENT_SECRET_<E>, MAAS_TOKEN_<E>_<M>) */
  env(): Record<string, string>;
  close(): Promise<void>;
}

const PLATFORMS: Platform[] = [openaiPlatform, rafayPlatform, rhoaiPlatform, gpustackPlatform, oicmPlatform, intelPlatform];

const REDIRECTED = '/redirected';

function platformFor(path: string): Platform | undefined {
  return PLATFORMS.find((p) => path === p.prefix || path.startsWith(`${p.prefix}/`));
}

function makeCtx(req: IncomingMessage, res: ServerResponse, body: Buffer, path: string, state: GatewayState, platform?: Platform): Ctx {
  let closed = false;
  res.once('close', () => { closed = true; });
  const url = new URL(req.url ?? '/', 'http://gateway.invalid');
  return {
    req, res, method: req.method ?? 'GET', path, sub: platform ? path.slice(platform.prefix.length) : path,
    query: url.searchParams, body, state, platform, closed: () => closed || res.destroyed,
  };
}

/** The answer to a `status` fault: the platform's own error body and headers, unless the fault overrides them. */
function statusReply(fault: FaultSpec, ctx: Ctx): Reply {
  const status = fault.status ?? 500;
  const base = ctx.platform ? ctx.platform.errorReply(status, ctx) : json(status, { error: statusMessage(status) });
  return { status, headers: { ...base.headers, ...fault.headers }, body: fault.body ?? base.body };
}

/** Applies a fault taken at arrival; returns true when the request has been answered by it. */
async function applyFault(fault: FaultSpec, ctx: Ctx, raw: string): Promise<boolean> {
  switch (fault.type) {
    case 'status':
      await send(ctx, statusReply(fault, ctx));
      return true;
    case 'redirect': {
      const status = fault.status !== undefined && fault.status >= 300 && fault.status < 400 ? fault.status : 307;
      let location = `${ctx.state.url}${REDIRECTED}${raw}`;
      if (fault.to !== 'same') {
        location = `${ctx.state.foreignUrl}${raw}`;
        ctx.state.redirectedPaths.add(raw);
      }
      await send(ctx, { status, headers: { location }, body: '' });
      return true;
    }
    case 'stall':
      if (fault.afterChunks !== undefined) { ctx.fault = fault; return false; }
      await sleep(fault.ms ?? 60_000, ctx);      // before headers; ends early if the client goes away
      return ctx.closed();
    case 'midstream-error':
    case 'drop':
      ctx.fault = fault;
      return false;
    default:
      return false;
  }
}

export interface GatewayOptions {
  port?: number;
  foreignPort?: number;
  chunkDelayMs?: number;
  /** Both origins listen with TLS, with this certificate and key (PEM): `https://` URLs. */
  tls?: { cert: string; key: string };
  /** The host name in the URLs (default 127.0.0.1; it always listens on 127.0.0.1), e.g. a name only a test proxy resolves. */
  hostName?: string;
}

export async function startGateway(opts: GatewayOptions = {}): Promise<Gateway> {
  const requests: RecordedRequest[] = [];
  const state: GatewayState = {
    url: '', foreignUrl: '', chunkDelayMs: opts.chunkDelayMs ?? 2,
    faults: new FaultStore(), tokens: new TokenStore(), redirectedPaths: new Set(),
  };
  const config = (): { endpoints: object[]; env: Record<string, string> } => ({ endpoints: endpoints(state.url, state.foreignUrl), env: env() });

  async function onMain(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = req.url ?? '/';
    let path = new URL(raw, 'http://gateway.invalid').pathname;
    if (path.startsWith('/__control/')) {
      handleControl(req, res, path, await readBody(req), { faults: state.faults, requests, config });
      return;
    }
    const record: RecordedRequest = { origin: 'main', method: req.method ?? 'GET', path: raw, headers: flatHeaders(req), body: '' };
    requests.push(record);
    const body = await readBody(req);
    record.body = body.toString('utf8');
    while (path.startsWith(`${REDIRECTED}/`)) path = path.slice(REDIRECTED.length);
    const ctx = makeCtx(req, res, body, path, state, platformFor(path));
    const fault = state.faults.take(raw);
    if (fault && await applyFault(fault, ctx, raw)) return;
    if (!ctx.platform) { await send(ctx, json(404, { error: 'not_found', message: `No platform serves ${path}` })); return; }
    await ctx.platform.handle(ctx);
  }

  async function onForeign(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = req.url ?? '/';
    const record: RecordedRequest = { origin: 'foreign', method: req.method ?? 'GET', path: raw, headers: flatHeaders(req), body: '' };
    requests.push(record);
    const body = await readBody(req);
    record.body = body.toString('utf8');
    await handleForeign(makeCtx(req, res, body, new URL(raw, 'http://gateway.invalid').pathname, state));
  }

  const guard = (handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) => (req: IncomingMessage, res: ServerResponse): void => {
    handler(req, res).catch((err: unknown) => {
      if (res.headersSent) { res.destroy(); return; }
      const body = JSON.stringify({ error: 'gateway_bug', message: err instanceof Error ? err.message : String(err) });
      res.writeHead(500, { 'content-type': 'application/json' }).end(body);
    });
  };

  const serve = (handler: (req: IncomingMessage, res: ServerResponse) => void): Server =>
    opts.tls ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, handler) : createServer(handler);
  const main = serve(guard(onMain));
  const foreign = serve(guard(onForeign));
  const mainPort = await listen(main, opts.port ?? 0);
  let foreignPort: number;
  try {
    foreignPort = await listen(foreign, opts.foreignPort ?? 0);
  } catch (e) {
    await stop(main);
    throw e;
  }
  const scheme = opts.tls ? 'https' : 'http';
  const host = opts.hostName ?? '127.0.0.1';
  state.url = `${scheme}://${host}:${mainPort}`;
  state.foreignUrl = `${scheme}://${host}:${foreignPort}`;

  return {
    url: state.url,
    foreignUrl: state.foreignUrl,
    setFault: (f) => state.faults.set(f),
    clearFaults: () => state.faults.clear(),
    requests,
    clearRequests: () => { requests.length = 0; },
    lastChatBody: () => lastChatBody(requests),
    endpoints: () => config().endpoints,
    env: () => config().env,
    close: async () => { await Promise.all([stop(main), stop(foreign)]); },
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) { resolve(); return; }
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
