/**
 * Caps on what a server can make the stream decoders hold in memory at once. Each is generous for real
 * answers and small next to the process: a server that sends more gets a `protocol` error, never unbounded
 * buffering. (Caps on whole HTTP bodies belong to the HTTP layer.)
 */

const MiB = 1024 * 1024;

/** One SSE line still waiting for its line break, in bytes. */
export const MAX_SSE_LINE_BYTES = 16 * MiB;

/** One SSE event (its `data:` lines together, plus the line being read), in characters. */
export const MAX_SSE_EVENT_CHARS = 16 * MiB;

/** One NDJSON line (Intel's stream) still waiting for its line break, in bytes. */
export const MAX_NDJSON_LINE_BYTES = 16 * MiB;

/** A JSON document answering a streaming request (a server that ignored `stream`, or an error body labelled SSE), in bytes. */
export const MAX_SNIFFED_JSON_BYTES = 16 * MiB;

/**
 * Text held back while the `<think>` splitter cannot yet tell reasoning from answer (leading whitespace,
 * or a reasoning-flagged model's text before its `</think>`), in characters. Past it, the held text is
 * given as answer text and splitting stops: nothing is lost, and nothing grows without bound.
 */
export const MAX_HELD_THINK_CHARS = 1 * MiB;

/** The caps a decoder uses; tests pass small ones. */
export interface StreamLimits {
  sseLineBytes: number;
  sseEventChars: number;
  ndjsonLineBytes: number;
  sniffedJsonBytes: number;
}

export const STREAM_LIMITS: StreamLimits = {
  sseLineBytes: MAX_SSE_LINE_BYTES,
  sseEventChars: MAX_SSE_EVENT_CHARS,
  ndjsonLineBytes: MAX_NDJSON_LINE_BYTES,
  sniffedJsonBytes: MAX_SNIFFED_JSON_BYTES,
};

/** A cap as people read it ("16 MiB"); the one formatter core has. */
export { formatBytes as describeSize } from '../limits';
