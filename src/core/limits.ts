/**
 * How much of a server's answer core will hold in memory. Every body the HTTP layer buffers has a cap,
 * because its size is chosen by the server: a broken or hostile gateway must not be able to grow the
 * extension host or the CLI without bound. The caps are generous for real answers; going over one is a
 * `protocol` error that names the cap, never an out-of-memory crash. (The stream decoders' caps on one
 * buffered SSE line or event live in stream/limits.ts.)
 */

const MiB = 1024 * 1024;
const KiB = 1024;

/** A JSON (or text) answer read whole: model lists, token responses, task results without media. */
export const MAX_JSON_BODY_BYTES = 16 * MiB;

/** A result that carries media or embeddings (base64 audio and images, large embedding batches, binary audio). */
export const MAX_MEDIA_BODY_BYTES = 256 * MiB;

/** Of an error answer (non-2xx) only this much is kept: its reason is shown cut to a few hundred characters. */
export const MAX_ERROR_BODY_BYTES = 64 * KiB;

/** An error answer is read for at most this long (a body that trickles forever must not hold the request open). */
export const ERROR_BODY_DEADLINE_MS = 5_000;

/** The caps one HTTP client applies; tests inject small ones. */
export interface BodyLimits {
  jsonBytes: number;
  mediaBytes: number;
  errorBytes: number;
  errorDeadlineMs: number;
}

export const DEFAULT_BODY_LIMITS: Readonly<BodyLimits> = Object.freeze({
  jsonBytes: MAX_JSON_BODY_BYTES,
  mediaBytes: MAX_MEDIA_BODY_BYTES,
  errorBytes: MAX_ERROR_BODY_BYTES,
  errorDeadlineMs: ERROR_BODY_DEADLINE_MS,
});

/** "16 MiB", "64 KiB", "512 bytes": a cap as people read it. */
export function formatBytes(n: number): string {
  if (n >= MiB && n % MiB === 0) return `${n / MiB} MiB`;
  if (n >= KiB && n % KiB === 0) return `${n / KiB} KiB`;
  if (n >= MiB) return `${(n / MiB).toFixed(1)} MiB`;
  return `${n} bytes`;
}
