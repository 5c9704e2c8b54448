/** The streaming writer every platform uses (SSE and NDJSON alike), with the body faults applied. */
import { sleep, write, type Ctx } from './http';

export interface StreamSpec {
  status?: number;
  headers: Record<string, string>;
  /** wire pieces, each written on its own with a small delay between them ("chunks") */
  chunks: string[];
  /** what a `midstream-error` fault writes instead of the rest (the platform's in-stream error, with any terminator) */
  errorTail: string;
}

/**
 * Writes a stream chunk by chunk. Faults: `midstream-error` writes `errorTail` after N chunks and ends;
 * `drop` destroys the socket after N chunks; `stall` waits `ms` after N chunks, then goes on. N defaults
 * to 2 and is clamped to the last chunk, so a fault always prevents a normal end.
 */
export async function runStream(ctx: Ctx, spec: StreamSpec): Promise<void> {
  const fault = ctx.fault;
  ctx.fault = undefined;
  if (ctx.closed()) return;
  ctx.res.writeHead(spec.status ?? 200, { ...ctx.platform?.headers, ...spec.headers });
  ctx.res.flushHeaders();
  const at = fault ? Math.min(fault.afterChunks ?? 2, Math.max(spec.chunks.length - 1, 0)) : -1;
  for (let i = 0; i < spec.chunks.length; i++) {
    if (i === at && fault) {
      if (fault.type === 'midstream-error') { ctx.res.end(spec.errorTail); return; }
      if (fault.type === 'drop') { ctx.res.destroy(); return; }
      if (fault.type === 'stall') {
        await sleep(fault.ms ?? 60_000, ctx);
        if (ctx.closed()) return;
      }
    }
    await write(ctx, spec.chunks[i]);
    if (ctx.state.chunkDelayMs > 0) await sleep(ctx.state.chunkDelayMs, ctx);
    if (ctx.closed()) return;
  }
  ctx.res.end();
}
