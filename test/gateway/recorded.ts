/** Finding recorded requests: the body of the latest chat request, whatever the platform's route. */
import type { RecordedRequest } from './http';

/** Chat routes: OpenAI `/chat/completions`, Anthropic `/v1/messages`, Intel `/generatestream`. */
export function isChatPath(path: string): boolean {
  const p = path.split('?')[0];
  return p.endsWith('/chat/completions') || p.endsWith('/v1/messages') || p.endsWith('/generatestream');
}

/** The parsed JSON body of the latest chat request on the main origin, or undefined when there is none. */
export function lastChatBody(requests: readonly RecordedRequest[]): Record<string, unknown> | undefined {
  for (let i = requests.length - 1; i >= 0; i--) {
    const r = requests[i];
    if (r.origin !== 'main' || r.method !== 'POST' || !isChatPath(r.path)) continue;
    try {
      const body: unknown = JSON.parse(r.body);
      return body !== null && typeof body === 'object' && !Array.isArray(body) ? body as Record<string, unknown> : undefined;
    } catch { return undefined; }
  }
  return undefined;
}
