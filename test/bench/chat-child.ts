/**
 * Run as a fresh process by the chat part: the built extension activated with a fake `vscode` module
 * (test/bench/fake-vscode.ts), one endpoint on the bench server, and the two chat faces driven through
 * the API VS Code calls them by — the @maas participant's request handler and the language model
 * provider's provideLanguageModelChatResponse — against core's own `chatBatches` on the same endpoint.
 *   first-token EXT BASE_URL RUNS   time to the first answer text, alternating core / participant /
 *                                   provider; prints {"core":[ms…],"participant":[…],"provider":[…]}
 *   participant|provider EXT BASE_URL TOKENS
 *                                   two long answers through that face: the first is the warm-up, the
 *                                   second's text goes to stdout (so the parent can see progress, as
 *                                   with `maas chat`); nothing is kept
 */
import * as path from 'node:path';
import { createFakeHost, installFakeVscode, type Registered } from './fake-vscode';
import { parseEndpoints } from '../../src/core/endpoint/config';
import { createEndpointClient } from '../../src/core/endpoint-client-factory';
import { silentLogger } from '../../src/core/log';

interface Activated { whenIdle(): Promise<void> }
interface TokenSource { token: unknown; cancel(): void; dispose(): void }
type Sink = (text: string) => void;

const MODEL = 'org-0/bench-model-0';
const PROMPT = 'Say something long.';

function participantRun(vs: Record<string, unknown>, reg: Registered, sink: Sink): Promise<unknown> {
  const source = new (vs.CancellationTokenSource as new () => TokenSource)();
  const stream = {
    markdown: (v: string | { value: string }) => sink(typeof v === 'string' ? v : v.value),
    progress: () => undefined, button: () => undefined, reference: () => undefined, anchor: () => undefined,
    filetree: () => undefined, push: () => undefined,
  };
  const request = { prompt: PROMPT, command: undefined, references: [], toolReferences: [], toolInvocationToken: undefined, model: { id: 'other', vendor: 'other' } };
  return Promise.resolve(reg.participant!(request, { history: [] }, stream, source.token));
}

async function providerRun(vs: Record<string, unknown>, reg: Registered, sink: Sink): Promise<void> {
  const source = new (vs.CancellationTokenSource as new () => TokenSource)();
  const infos = await reg.provider!.provideLanguageModelChatInformation({ silent: true }, source.token) as { id: string }[];
  const info = infos.find((i) => i.id.endsWith(`/${MODEL}`));
  if (!info) throw new Error(`the provider offers no ${MODEL}: ${infos.map((i) => i.id).join(', ')}`);
  const Msg = vs.LanguageModelChatMessage as { User(s: string): unknown };
  const TextPart = vs.LanguageModelTextPart as new (s: string) => { value: string };
  const progress = { report: (part: unknown) => { if (part instanceof TextPart) sink(part.value); } };
  await reg.provider!.provideLanguageModelChatResponse(info, [Msg.User(PROMPT)], { tools: [], modelOptions: {}, toolMode: 1 }, progress, source.token);
}

/** ms from the call to the first non-empty text the face hands on (the rest of the answer is read and dropped). */
async function firstText(run: (sink: Sink) => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  let first: number | undefined;
  await run((text) => { if (first === undefined && text.trim()) first = performance.now(); });
  if (first === undefined) throw new Error('no answer text');
  return first - t0;
}

async function main(): Promise<void> {
  const [mode, extFile, baseUrl, count] = process.argv.slice(2);
  const host = createFakeHost({ 'maas.endpoints': [{ id: 'bench', platform: 'openai', baseUrl, auth: 'none' }], 'maas.defaultChatModel': `bench/${MODEL}` });
  installFakeVscode(host.vscode);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ext = require(path.resolve(extFile)) as { activate(ctx: unknown): Promise<Activated>; deactivate(): void };
  const api = await ext.activate(host.context);
  await api.whenIdle();
  const reg = host.registered;
  if (!reg.participant || !reg.provider) throw new Error('the extension registered no chat participant or no language model provider');
  const vs = host.vscode;
  if (mode === 'first-token') {
    const endpoint = parseEndpoints([{ id: 'bench', platform: 'openai', baseUrl, auth: 'none' }]).endpoints[0];
    const core = createEndpointClient(endpoint, { credentials: { get: () => Promise.resolve(undefined), describe: () => '' }, logger: silentLogger, fetch: globalThis.fetch });
    const coreRun = async (sink: Sink): Promise<void> => {
      for await (const batch of core.chatBatches({ model: MODEL, messages: [{ role: 'user', content: PROMPT }] })) for (const e of batch) if (e.type === 'text') sink(e.text);
    };
    const result = { core: [] as number[], participant: [] as number[], provider: [] as number[] };
    for (let i = 0; i < 3; i++) { await firstText(coreRun); await firstText((s) => participantRun(vs, reg, s)); await firstText((s) => providerRun(vs, reg, s)); }
    for (let i = 0; i < Number(count); i++) {
      result.core.push(await firstText(coreRun));
      result.participant.push(await firstText((s) => participantRun(vs, reg, s)));
      result.provider.push(await firstText((s) => providerRun(vs, reg, s)));
    }
    core.dispose();
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    // Written in 16 KB pieces: one pipe write per token (the provider hands on a part per event) would
    // queue millions of pending writes in this process and measure stdout rather than the face.
    let pending = '';
    const out: Sink = (text) => { pending += text; if (pending.length >= 16_384) { process.stdout.write(pending); pending = ''; } };
    const run = (sink: Sink): Promise<unknown> => (mode === 'participant' ? participantRun(vs, reg, sink) : providerRun(vs, reg, sink));
    // A first answer, not shown, is the warm-up: in the extension host (a long-lived process) V8 has sized
    // its heap long before; without it the figure would be V8's sizing, not the face.
    // The live heap is taken before the warm-up: a full GC between the two answers would shrink the heap
    // V8 has just sized, and the measured answer would then show it growing back.
    const live = (): number => { (globalThis as { gc?: () => void }).gc?.(); return process.memoryUsage().heapUsed; };
    const before = live();
    await run(() => undefined);
    await run(out);
    process.stdout.write(pending);
    // what the two answers left alive: V8's heap after a full collection, before and after them
    process.stderr.write(`LIVE_HEAP ${JSON.stringify({ before, after: live() })}\n`);
  }
  ext.deactivate();
  // stdout to a pipe is asynchronous: exit only once everything written has been handed over
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(0);
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
