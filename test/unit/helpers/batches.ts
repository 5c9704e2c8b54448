/** Runs in-memory reads through the client's batch loop (decoder + sequencer per read). */
import { decodeBatches, eventsOf } from '../../../src/core/stream/batches';
import type { StreamDecoder } from '../../../src/core/stream/decoder';
import type { EventBatch, StreamEvent } from '../../../src/core/stream/events';
import { collect, fromChunks } from './bytes';

export function batchesOf(chunks: readonly Uint8Array[], decoder: StreamDecoder, signal = new AbortController().signal): Promise<EventBatch[]> {
  return collect(decodeBatches(async () => ({ body: fromChunks(chunks), decoder }), signal));
}

export function eventsViaBatches(chunks: readonly Uint8Array[], decoder: StreamDecoder): Promise<StreamEvent[]> {
  return collect(eventsOf(decodeBatches(async () => ({ body: fromChunks(chunks), decoder }), new AbortController().signal)));
}
