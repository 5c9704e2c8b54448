/** The HTTP control API under `/__control/` on the main origin (not recorded, never faulted). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseFaultSpec, type FaultStore } from './faults';
import type { RecordedRequest } from './http';
import { lastChatBody } from './recorded';

export interface Controlled {
  faults: FaultStore;
  requests: RecordedRequest[];
  config(): { endpoints: object[]; env: Record<string, string> };
}

function answer(res: ServerResponse, status: number, value?: unknown): void {
  if (value === undefined) { res.writeHead(status).end(); return; }
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }).end(body);
}

export function handleControl(req: IncomingMessage, res: ServerResponse, path: string, body: Buffer, gw: Controlled): void {
  const key = `${req.method ?? 'GET'} ${path}`;
  switch (key) {
    case 'POST /__control/faults': {
      let parsed: unknown;
      try { parsed = JSON.parse(body.toString('utf8')); } catch { answer(res, 400, { error: 'body must be JSON' }); return; }
      const spec = parseFaultSpec(parsed);
      if (typeof spec === 'string') { answer(res, 400, { error: spec }); return; }
      gw.faults.set(spec);
      answer(res, 204);
      return;
    }
    case 'DELETE /__control/faults': gw.faults.clear(); answer(res, 204); return;
    case 'GET /__control/requests': answer(res, 200, gw.requests); return;
    case 'DELETE /__control/requests': gw.requests.length = 0; answer(res, 204); return;
    case 'GET /__control/requests/last-chat': {
      const body = lastChatBody(gw.requests);
      if (body === undefined) answer(res, 404, { error: 'no chat request recorded' });
      else answer(res, 200, body);
      return;
    }
    case 'GET /__control/config': answer(res, 200, gw.config()); return;
    default: answer(res, 404, { error: `unknown control route ${key}` });
  }
}
