/** Request context and response helpers shared by every route of the reference gateway. */
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { FaultSpec, FaultStore } from './faults';
import type { TokenStore } from './oauth';

/** One request as the gateway received it (both origins). */
export interface RecordedRequest { origin: 'main' | 'foreign'; method: string; path: string; headers: Record<string, string>; body: string; }

/** A complete (non-streamed) answer. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** What every route handler can see of the running gateway. */
export interface GatewayState {
  url: string;
  foreignUrl: string;
  chunkDelayMs: number;
  faults: FaultStore;
  tokens: TokenStore;
  /** paths (with query) a `redirect` fault sent to the foreign origin; it answers them `{"redirected":true}` */
  redirectedPaths: Set<string>;
}

/** One platform's share of the main origin. */
export interface Platform {
  /** path prefix on the main origin, e.g. `/openai/v1` */
  prefix: string;
  /** headers on every answer of this platform (e.g. `server: istio-envoy`) */
  headers?: Record<string, string>;
  handle(ctx: Ctx): Promise<void>;
  /** the platform's realistic error answer for a `status` fault */
  errorReply(status: number, ctx: Ctx): Reply;
  /** the answer to an authenticated request whose token "expired" (`expired-token` fault) */
  expiredReply(ctx: Ctx): Reply;
}

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** path without query; a leading `/redirected` (same-origin redirect target) is removed */
  path: string;
  /** `path` below the platform prefix ('' or starting with '/') */
  sub: string;
  query: URLSearchParams;
  body: Buffer;
  state: GatewayState;
  platform?: Platform;
  /** a body fault to apply while answering: midstream-error, drop, or stall after N chunks */
  fault?: FaultSpec;
  /** true once the client went away (or the answer is complete) */
  closed(): boolean;
}

export function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}

export function num(o: Record<string, unknown>, key: string): number | undefined {
  const v = o[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The body as JSON, or undefined when it is not JSON. */
export function jsonBody(ctx: Ctx): unknown {
  if (ctx.body.length === 0) return undefined;
  try { return JSON.parse(ctx.body.toString('utf8')) as unknown; } catch { return undefined; }
}

/** `stream: true` in a JSON body (used to shape some error answers). */
export function wantsStream(ctx: Ctx): boolean {
  const b = jsonBody(ctx);
  return isObj(b) && b.stream === true;
}

export function readBody(req: IncomingMessage, limit = 20 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) parts.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

/** Lower-cased request headers, repeated ones joined with ", ". */
export function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** The token of `Authorization: Bearer <token>` (scheme compared case-insensitively). */
export function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : undefined;
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

export function text(status: number, body: string, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body };
}

/** The standard reason phrase of a status, as the message of an injected error. */
export function statusMessage(status: number): string {
  return STATUS_CODES[status] ?? `HTTP ${status}`;
}

/** FastAPI/Starlette's default 404 and 405 bodies. */
export const fastApiNotFound = (): Reply => json(404, { detail: 'Not Found' });
export const fastApiMethodNotAllowed = (): Reply => json(405, { detail: 'Method Not Allowed' });

/** Waits `ms`, or less if the client of `ctx` goes away first. */
export function sleep(ms: number, ctx?: Ctx): Promise<void> {
  return new Promise((resolve) => {
    if (ctx?.closed()) { resolve(); return; }
    const done = (): void => {
      clearTimeout(timer);
      ctx?.res.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref();
    ctx?.res.once('close', done);
  });
}

/** Writes and waits until the bytes are handed to the socket (or the client is gone), so a following destroy cuts after them. */
export function write(ctx: Ctx, data: string | Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (ctx.closed()) { resolve(); return; }
    const done = (): void => { ctx.res.off('close', done); resolve(); };
    ctx.res.once('close', done);
    ctx.res.write(data, () => done());
  });
}

/**
 * Sends a complete answer. A pending body fault on the context is applied here too: `drop` sends
 * half the body and destroys the socket, `stall` (after chunks) sends half and waits, and
 * `midstream-error` turns the answer into the platform's 500.
 */
export async function send(ctx: Ctx, reply: Reply): Promise<void> {
  const fault = ctx.fault;
  ctx.fault = undefined;
  if (fault?.type === 'midstream-error' && ctx.platform) reply = ctx.platform.errorReply(500, ctx);
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body ?? Buffer.alloc(0);
  const headers = { ...ctx.platform?.headers, ...reply.headers, 'content-length': String(body.length) };
  if (ctx.closed()) return;
  ctx.res.writeHead(reply.status, headers);
  if ((fault?.type === 'drop' || fault?.type === 'stall') && body.length > 1) {
    const half = Math.floor(body.length / 2);
    await write(ctx, body.subarray(0, half));
    if (fault.type === 'drop') { ctx.res.destroy(); return; }
    await sleep(fault.ms ?? 60_000, ctx);
    if (ctx.closed()) return;
    ctx.res.end(body.subarray(half));
    return;
  }
  ctx.res.end(body);
}

/** A tiny router: exact paths or regular expressions, per method; 405 when only the method is wrong. */
export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: string | RegExp;
  handler: (ctx: Ctx, match: RegExpExecArray | null) => Promise<void> | void;
}

export async function route(ctx: Ctx, routes: Route[], path: string, notFound: () => Reply, methodNotAllowed: () => Reply): Promise<void> {
  let pathMatched = false;
  for (const r of routes) {
    const m = typeof r.path === 'string' ? (r.path === path ? null : undefined) : r.path.exec(path) ?? undefined;
    if (m === undefined) continue;
    pathMatched = true;
    if (r.method !== ctx.method) continue;
    await r.handler(ctx, m);
    return;
  }
  await send(ctx, pathMatched ? methodNotAllowed() : notFound());
}

/**
 * Authentication gate shared by the platforms: rejects with the platform's answer when the credential is
 * not valid; when it is, an `expired-token` fault matching the path answers as if the token had expired.
 */
export async function authorize(ctx: Ctx, valid: boolean, reject: () => Reply): Promise<boolean> {
  if (!valid) { await send(ctx, reject()); return false; }
  if (ctx.platform && ctx.state.faults.takeExpired(ctx.req.url ?? ctx.path)) {
    await send(ctx, ctx.platform.expiredReply(ctx));
    return false;
  }
  return true;
}
