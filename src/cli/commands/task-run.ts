/**
 * The task commands' shared body: select the endpoint, build the task request from the arguments, run it
 * through core with SIGINT cancellation, and print one result (task-output.ts) or the error.
 */
import type { ParsedArgs } from '../args';
import { UsageError } from '../args';
import type { CommandContext } from '../context';
import { CommandExit } from '../command-exit';
import type { EndpointClientApi } from '../../core/endpoint-client';
import type { MediaResult, RunnableTask, TaskParams, TaskRequest, TaskResult } from '../../core/tasks/types';
import { UNKNOWN_MEDIA } from '../../core/tasks/media';
import { FORCED } from '../interruption';
import { EXIT_INTERRUPTED, EXIT_OK } from '../exit-codes';
import { readPrompt } from './prompt';
import { embedSummary, labelLines, mimeFromOut, predictionDoc, predictionText, rerankLines } from './task-output';

export type TaskCommand = 'rerank' | 'classify' | 'embed' | 'transcribe' | 'speak' | 'translate' | 'image' | 'predict';

const TASK_OF: Record<TaskCommand, RunnableTask> = {
  rerank: 'rerank', classify: 'classification', embed: 'embedding', transcribe: 'transcription',
  speak: 'speech', translate: 'translation', image: 'image', predict: 'prediction',
};

/** `--param k=v`: the value as JSON when it parses, else the string. */
export function parseParams(items: readonly string[], command: string): TaskParams | undefined {
  if (!items.length) return undefined;
  const out: TaskParams = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param ${JSON.stringify(item)} is not k=v`, command);
    const raw = item.slice(eq + 1);
    let value: unknown = raw;
    try { value = JSON.parse(raw); } catch { /* a plain string */ }
    out[item.slice(0, eq)] = value;
  }
  return out;
}

/** JSON_INPUT: JSON text, `@FILE`, or `-` for stdin. */
async function readJsonInput(ctx: CommandContext, arg: string): Promise<unknown> {
  let text = arg;
  let from = 'JSON_INPUT';
  if (arg === '-') { text = await ctx.io.readStdin(); from = 'stdin'; }
  else if (arg.startsWith('@')) {
    const file = arg.slice(1);
    try { text = await ctx.io.readFile(file); } catch (e) {
      throw ctx.fail({ kind: 'config', message: `${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
    }
    from = file;
  }
  try { return JSON.parse(text) as unknown; } catch (e) {
    throw new UsageError(`${from} is not JSON: ${(e as Error).message}`, ctx.command);
  }
}

async function request(name: TaskCommand, ctx: CommandContext, args: ParsedArgs, model: string): Promise<TaskRequest<RunnableTask>> {
  const params = parseParams(args.list('param'), name);
  const p = params ? { params } : {};
  const pos = args.positionals;
  switch (name) {
    case 'rerank': {
      const topN = args.number('top-n');
      return { model, query: args.required('query'), documents: [...pos], ...(topN !== undefined ? { topN } : {}), ...p };
    }
    case 'embed': return { model, texts: [...pos], ...p };
    case 'classify': case 'translate': return { model, text: await readPrompt(ctx, pos[0], 'TEXT'), ...p };
    case 'transcribe': {
      const language = args.string('language');
      return { model, file: pos[0], ...(language ? { language } : {}), ...p };
    }
    case 'speak': {
      const voice = args.string('voice');
      return { model, text: await readPrompt(ctx, pos[0], 'TEXT'), ...(voice ? { voice } : {}), ...p };
    }
    case 'image': {
      const size = args.string('size');
      if (size !== undefined && !/^\d+x\d+$/.test(size)) throw new UsageError(`--size ${JSON.stringify(size)} is not WxH (e.g. 512x512)`, name);
      return { model, prompt: await readPrompt(ctx, pos[0], 'PROMPT'), ...(size ? { size } : {}), ...p };
    }
    case 'predict': return { model, input: await readJsonInput(ctx, pos[0]) };
  }
}

/** Writes a media result to --out; its document names the file, size and type. */
async function writeMedia(ctx: CommandContext, file: string, m: MediaResult): Promise<{ file: string; bytes: number; mimeType: string }> {
  try { await ctx.io.writeFile(file, m.bytes); } catch (e) {
    throw ctx.fail({ kind: 'config', message: `cannot write ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
  }
  return { file, bytes: m.bytes.byteLength, mimeType: m.mimeType === UNKNOWN_MEDIA ? mimeFromOut(file) : m.mimeType };
}

async function print(name: TaskCommand, ctx: CommandContext, args: ParsedArgs, result: TaskResult<RunnableTask>): Promise<void> {
  const out = ctx.out;
  const json = ctx.json;
  const doc = (v: unknown, human: string): void => { if (json) out.jsonLine(v); else out.result(human); };
  switch (name) {
    case 'rerank': { const r = result as TaskResult<'rerank'>; doc({ results: r.results }, rerankLines(r, ctx.io.columns)); return; }
    case 'classify': { const r = result as TaskResult<'classification'>; doc({ labels: r.labels }, labelLines(r)); return; }
    case 'embed': { const r = result as TaskResult<'embedding'>; doc({ embeddings: r.embeddings }, embedSummary(r)); return; }
    case 'transcribe': { const r = result as TaskResult<'transcription'>; doc({ text: r.text }, `${r.text}\n`); return; }
    case 'translate': { const r = result as TaskResult<'translation'>; doc({ translation: r.translation }, `${r.translation}\n`); return; }
    case 'predict': { const r = result as TaskResult<'prediction'>; doc(predictionDoc(r), predictionText(r)); return; }
    case 'speak': case 'image': {
      const w = await writeMedia(ctx, args.required('out'), result as MediaResult);
      doc(w, `wrote ${w.file} (${w.bytes} bytes, ${w.mimeType})\n`);
      return;
    }
  }
}

export async function runTask(name: TaskCommand, ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const config = await ctx.config(args.required('config'));
  const endpointId = args.required('endpoint');
  const endpoint = ctx.endpoint(config, endpointId);
  const modelId = args.required('model');
  const req = await request(name, ctx, args, modelId);
  const creds = ctx.credentials(config, endpointId);
  let client: EndpointClientApi | undefined;
  const stop = ctx.interruption();
  try {
    client = await ctx.client(endpoint, creds);
    const step = await stop.race(client.runTask(TASK_OF[name], req, stop.signal));
    if (step === FORCED) return cancelled(ctx);
    await print(name, ctx, args, step);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof CommandExit || e instanceof UsageError) throw e;
    if (stop.interrupted()) return cancelled(ctx);
    const { doc, hint } = ctx.describeFailure(e, endpoint, creds, modelId);
    throw ctx.fail(doc, hint);
  } finally {
    stop.dispose();
    try { client?.dispose(); } catch { /* nothing to do */ }
  }
}

function cancelled(ctx: CommandContext): number {
  ctx.out.note('maas: cancelled');
  return EXIT_INTERRUPTED;
}
