/** Switchable faults: what tests can ask the main origin to do to the next matching request(s). */
import { isObj } from './http';

export interface FaultSpec {
  /** substring matched against the request path (after the platform prefix is included, i.e. full path); default: any path */
  path?: string;
  /** how many matching requests it applies to; default 1; 0 = until cleared */
  times?: number;
  type: 'status' | 'midstream-error' | 'stall' | 'drop' | 'expired-token' | 'redirect';
  status?: number;            // for 'status' (e.g. 429, 500, 502, 503, 504, 401, 403, 404) and 'redirect' (default 307)
  body?: string;              // override body for 'status'; otherwise a realistic platform-shaped body is used
  headers?: Record<string, string>; // extra headers for 'status' (e.g. {'retry-after': '1'})
  afterChunks?: number;       // for midstream-error/stall/drop: after how many streamed chunks (default 2). For 'stall' with afterChunks omitted: stall BEFORE sending headers
  ms?: number;                // for 'stall': how long (default 60000); the stall ends early if the client disconnects
  to?: 'foreign' | 'same';    // for 'redirect': Location on the foreign origin or the same origin (same path under /redirected)
}

const TYPES: readonly FaultSpec['type'][] = ['status', 'midstream-error', 'stall', 'drop', 'expired-token', 'redirect'];

interface Armed { spec: FaultSpec; left: number }   // left: remaining uses; Infinity for times 0

export class FaultStore {
  private armed: Armed[] = [];

  set(spec: FaultSpec): void {
    const times = spec.times ?? 1;
    this.armed.push({ spec: { ...spec }, left: times === 0 ? Infinity : times });
  }

  clear(): void { this.armed = []; }

  /**
   * The first armed fault (other than expired-token) matching this request path, used up by one.
   * A same-origin redirect target (`/redirected/...`) is redirected again only by a redirect fault
   * whose own `path` names `/redirected` (to build a loop on purpose).
   */
  take(path: string): FaultSpec | undefined {
    const again = (s: FaultSpec): boolean => !path.startsWith('/redirected/') || (s.path ?? '').includes('/redirected');
    return this.use((s) => s.type !== 'expired-token' && (s.type !== 'redirect' || again(s)), path);
  }

  /** An armed expired-token fault matching this (authenticated) request, used up by one. */
  takeExpired(path: string): FaultSpec | undefined {
    return this.use((s) => s.type === 'expired-token', path);
  }

  private use(kind: (s: FaultSpec) => boolean, path: string): FaultSpec | undefined {
    const i = this.armed.findIndex((a) => kind(a.spec) && (!a.spec.path || path.includes(a.spec.path)));
    if (i < 0) return undefined;
    const a = this.armed[i];
    a.left -= 1;
    if (a.left <= 0) this.armed.splice(i, 1);
    return a.spec;
  }
}

/** Validates a FaultSpec from the control API; returns an error message or the spec. */
export function parseFaultSpec(v: unknown): FaultSpec | string {
  if (!isObj(v)) return 'body must be a JSON object';
  const type = v.type;
  if (typeof type !== 'string' || !(TYPES as readonly string[]).includes(type)) return `type must be one of ${TYPES.join(', ')}`;
  const spec: FaultSpec = { type: type as FaultSpec['type'] };
  const optNum = (k: 'times' | 'status' | 'afterChunks' | 'ms'): string | undefined => {
    const x = v[k];
    if (x === undefined) return undefined;
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) return `${k} must be a non-negative integer`;
    spec[k] = x;
    return undefined;
  };
  for (const k of ['times', 'status', 'afterChunks', 'ms'] as const) {
    const err = optNum(k);
    if (err) return err;
  }
  if (v.path !== undefined) { if (typeof v.path !== 'string') return 'path must be a string'; spec.path = v.path; }
  if (v.body !== undefined) { if (typeof v.body !== 'string') return 'body must be a string'; spec.body = v.body; }
  if (v.to !== undefined) { if (v.to !== 'foreign' && v.to !== 'same') return 'to must be "foreign" or "same"'; spec.to = v.to; }
  if (v.headers !== undefined) {
    if (!isObj(v.headers) || !Object.values(v.headers).every((h) => typeof h === 'string')) return 'headers must map names to strings';
    spec.headers = v.headers as Record<string, string>;
  }
  return spec;
}
