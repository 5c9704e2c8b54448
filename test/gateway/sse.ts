/** Server-sent-event framing as the emulated servers write it. */

export const SSE_HEADERS: Record<string, string> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
};

/** `data: <json>\n\n` (vLLM, FastAPI). */
export function sseData(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

export const SSE_DONE = 'data: [DONE]\n\n';

/** `event: <name>\ndata: <json>\n\n` (Anthropic framing). */
export function sseEvent(name: string, value: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(value)}\n\n`;
}

/**
 * GPUStack's Python proxy re-frames an upstream stream line by line: each non-empty line is stripped
 * and written as `line\n\n`, so an `event:` line becomes its own (data-less) event.
 */
export function reframe(piece: string): string {
  return piece.split(/\r\n|\r|\n/).map((l) => l.trim()).filter((l) => l.length > 0).map((l) => `${l}\n\n`).join('');
}

/** Python's `json.dumps` spacing (`", "` and `": "`), as vLLM writes its in-stream error event. */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
