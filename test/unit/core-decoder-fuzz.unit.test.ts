/**
 * Decoder fuzzing: every fixture in test/fixtures, through every stream decoder (OpenAI and Anthropic
 * answers with their JSON sniffing, Intel NDJSON), whole and corrupted (bytes flipped, cut short, garbage
 * lines inserted), at random chunk boundaries. A decoder may only ever throw a MaasError (a classified
 * error); the events at any chunking are exactly those of the unsplit bytes; the read loop ends every
 * run with one terminal event of a documented kind. Seeded, so a failure names a reproducible case;
 * bounded by iteration counts (a few seconds), never by the clock.
 */
import * as assert from 'node:assert/strict';
import { listFixtures, readFixture } from './helpers/fixtures';
import { hashSeed, randomChunks, seededRandom } from './helpers/bytes';
import { batchesOf } from './helpers/batches';
import { assertOrder } from './helpers/streams';
import { AnswerDecoder } from '../../src/core/stream/answer-decoder';
import { IntelStreamDecoder } from '../../src/core/stream/intel';
import type { StreamDecoder } from '../../src/core/stream/decoder';
import type { StreamEvent } from '../../src/core/stream/events';
import { ERROR_KINDS, MaasError } from '../../src/core/errors';

const DECODERS: Record<string, () => StreamDecoder> = {
  openai: () => new AnswerDecoder('openai'),
  'openai (reasoning model)': () => new AnswerDecoder('openai', true),
  anthropic: () => new AnswerDecoder('anthropic'),
  intel: () => new IntelStreamDecoder(false),
};

/** Lines a broken or hostile server might send between real ones. */
const GARBAGE = [
  'garbage without a colon\n',
  'data: {not json\n\n',
  'data: {"choices":[{"delta":{"content":42}}]}\n\n',
  'data: {"choices":null}\n\n',
  'data: {"error":{"message":"boom","code":"x"}}\n\n',
  '{"error": {"message": "tail", "code": 500}}\n',
  'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"o"}}\n\n',
  'data: [DONE]\n\n',
  ':keep-alive\n',
  '\u0000\u00ff\u00fe\r\r\n',
  'data: \ud83d\n\n',
  '{"result":{"response":{"token":{"text":null}}}}\n',
  '[1,2,3]\n',
  'data: "just a string"\n\n',
];

type Run = { events: StreamEvent[]; thrown?: unknown };

const describeThrown = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : typeof e === 'string' ? e : JSON.stringify(e) ?? 'undefined');

/** The decoder alone, read by read, as the client drives it. */
function decode(make: () => StreamDecoder, chunks: readonly Uint8Array[]): Run {
  const d = make();
  const events: StreamEvent[] = [];
  try {
    for (const c of chunks) {
      events.push(...d.push(c));
      if (events.some((e) => e.type === 'done' || e.type === 'error')) return { events };
    }
    events.push(...d.end());
    return { events };
  } catch (e) {
    events.push(...d.flush());
    return { events, thrown: e };
  }
}

function corrupt(bytes: Uint8Array, random: () => number): { label: string; bytes: Uint8Array } {
  const pick = Math.floor(random() * 4);
  const at = Math.floor(random() * (bytes.length + 1));
  if (pick === 0 && bytes.length) {
    const out = bytes.slice();
    const flips = 1 + Math.floor(random() * 3);
    for (let i = 0; i < flips; i++) out[Math.floor(random() * out.length)] = Math.floor(random() * 256);
    return { label: `${flips} byte(s) flipped`, bytes: out };
  }
  if (pick === 1) return { label: `cut at ${at}`, bytes: bytes.slice(0, at) };
  // a garbage line at a line boundary (or anywhere, for pick 3)
  let where = at;
  if (pick === 2) {
    const nl = bytes.indexOf(0x0a, at);
    where = nl < 0 ? bytes.length : nl + 1;
  }
  const line = Buffer.from(GARBAGE[Math.floor(random() * GARBAGE.length)], 'utf8');
  return { label: `garbage ${JSON.stringify(line.toString('utf8'))} at ${where}`, bytes: Buffer.concat([bytes.slice(0, where), line, bytes.slice(where)]) };
}

describe('core decoder fuzzing', function () {
  this.timeout(60_000);
  const fixtures = listFixtures();
  const CORRUPTIONS_PER_FIXTURE = 20;
  const CHUNKINGS = 2;

  it('every fixture, whole and corrupted, at random chunk boundaries: same events as unsplit, only classified errors, never an exception', async () => {
    assert.ok(fixtures.length > 0, 'test/fixtures is empty');
    let iterations = 0;
    for (const rel of fixtures) {
      const original = readFixture(rel);
      const random = seededRandom(hashSeed(`fuzz:${rel}`));
      const inputs = [{ label: 'as shipped', bytes: original }];
      for (let i = 0; i < CORRUPTIONS_PER_FIXTURE; i++) inputs.push(corrupt(original, random));
      for (const [name, make] of Object.entries(DECODERS)) {
        for (const input of inputs) {
          const where = `${rel} via ${name}, ${input.label}`;
          const reference = decode(make, [input.bytes]);
          if (reference.thrown !== undefined) assert.ok(reference.thrown instanceof MaasError, `${where}: threw ${describeThrown(reference.thrown)}`);
          const referenceBatches = (await batchesOf([input.bytes], make())).flat();
          assertOrder(referenceBatches, where);
          const last = referenceBatches.at(-1);
          if (last?.type === 'error') assert.ok((ERROR_KINDS as readonly string[]).includes(last.kind), `${where}: kind ${last.kind}`);
          assert.ok(!/Unexpected failure/.test(last?.type === 'error' ? last.message : ''), `${where}: an unclassified failure: ${JSON.stringify(last)}`);
          iterations++;
          for (let c = 0; c < CHUNKINGS; c++) {
            const chunks = randomChunks(input.bytes, random, 1 + Math.floor(random() * 48));
            const split = decode(make, chunks);
            if (split.thrown !== undefined) assert.ok(split.thrown instanceof MaasError, `${where}, chunked: threw ${describeThrown(split.thrown)}`);
            assert.equal(split.thrown === undefined, reference.thrown === undefined, `${where}, chunked: threw ${describeThrown(split.thrown)} where the whole body gave ${describeThrown(reference.thrown)}`);
            assert.deepEqual(split.events, reference.events, `${where}: events differ at chunking ${c}`);
            if (split.thrown instanceof MaasError && reference.thrown instanceof MaasError) assert.equal(split.thrown.kind, reference.thrown.kind, where);
            assert.deepEqual((await batchesOf(chunks, make())).flat(), referenceBatches, `${where}: read-loop events differ at chunking ${c}`);
            iterations++;
          }
        }
      }
    }
    console.log(`      fuzz: ${iterations} iterations (${fixtures.length} fixtures × ${Object.keys(DECODERS).length} decoders × ${CORRUPTIONS_PER_FIXTURE + 1} inputs × ${CHUNKINGS + 1} chunkings)`);
  });
});
