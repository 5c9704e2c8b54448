/**
 * SSE decoding on eventsource-parser's callback API (rules: docs/endpoints.md, "Wire notes shared by all
 * platforms"), plus the lenient rules it does not apply by itself: a JSON line without `data:` (GPUStack's
 * error tail) is surfaced as a message, and an unterminated last event is still dispatched at EOF.
 */
import { createParser, type EventSourceMessage, type ParseError } from 'eventsource-parser';

export interface SseMessage {
  event?: string;
  data: string;
  /** A line that was not an SSE field but parsed as JSON (an error tail). */
  bare?: boolean;
}

export async function* decodeSse(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<SseMessage> {
  const queue: SseMessage[] = [];
  const parser = createParser({
    onEvent: (m: EventSourceMessage) => { queue.push(m.event ? { event: m.event, data: m.data } : { data: m.data }); },
    onError: (err: ParseError) => {
      if (err.type !== 'unknown-field' || !err.line) return;
      const line = err.line.trim();
      if (!line.startsWith('{')) return;
      try { JSON.parse(line); } catch { return; }
      queue.push({ data: line, bare: true });
    },
  });
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of bytes) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    while (queue.length) yield queue.shift()!;
  }
  const rest = decoder.decode();
  if (rest) parser.feed(rest);
  parser.feed('\n\n');
  while (queue.length) yield queue.shift()!;
}

/** Decodes newline-delimited JSON (Intel's grpc-gateway stream): one value per non-blank line. */
export async function* decodeNdjsonLines(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let buf = '';
  for await (const chunk of bytes) {
    buf += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (line) yield line;
    }
  }
  buf += decoder.decode();
  if (buf.trim()) yield buf.trim();
}
