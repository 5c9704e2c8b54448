/** The OpenAI-compatible wire protocol shared by openai, rafay, openshift-ai, gpustack and oicm (vLLM/TGI behind them). */
import * as z from 'zod';
import type { AdapterContext } from './adapter';
import type { ChatMessage, ChatRequest, CompletionRequest } from '../chat';
import type { ModelInfo } from '../models';
import type { StreamEvent } from '../stream/events';
import { MODEL_LIST, type HttpResponse } from '../http/client';
import { decodeSse } from '../stream/sse';
import { OpenAIChunkMapper, openAIStreamEvents } from '../stream/openai-chunks';
import { anthropicStreamEvents } from '../stream/anthropic';
import { MaasError, errorFromStreamPayload } from '../errors';
import { mapFinishReason } from '../stream/finish';
import { usageEvent } from '../stream/usage';

/** Model ids whose chat template opens `<think>` in the prompt, so the answer starts with bare reasoning and only `</think>` shows where it ends. */
export function looksLikeReasoningModel(id: string): boolean {
  return /qwq|deepseek-r1|r1-distill/i.test(id);
}

function toOpenAIMessage(m: ChatMessage): Record<string, unknown> {
  if (m.role === 'tool') return { role: 'tool', content: m.content, tool_call_id: m.toolCallId ?? '' };
  if (m.role === 'assistant' && m.toolCalls?.length) {
    return {
      role: 'assistant', content: m.content || null,
      tool_calls: m.toolCalls.map((t) => ({ id: t.id, type: 'function', function: { name: t.name, arguments: t.arguments } })),
    };
  }
  return { role: m.role, content: m.content };
}

export function chatBody(req: ChatRequest, model: string, stream = true): Record<string, unknown> {
  return {
    model,
    messages: req.messages.map(toOpenAIMessage),
    ...(req.maxTokens !== undefined ? { max_tokens: req.maxTokens } : {}),
    ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    ...(req.topP !== undefined ? { top_p: req.topP } : {}),
    ...(req.stop?.length ? { stop: req.stop } : {}),
    ...(req.tools?.length ? { tools: req.tools.map((t) => ({ type: 'function', function: { name: t.name, ...(t.description ? { description: t.description } : {}), parameters: t.parameters ?? { type: 'object', properties: {} } } })) } : {}),
    stream,
    ...(stream ? { stream_options: { include_usage: true } } : {}),
  };
}

export function completionBody(req: CompletionRequest, model: string, stream = true): Record<string, unknown> {
  return {
    model, prompt: req.prompt,
    ...(req.maxTokens !== undefined ? { max_tokens: req.maxTokens } : {}),
    ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    ...(req.stop?.length ? { stop: req.stop } : {}),
    stream,
    ...(stream ? { stream_options: { include_usage: true } } : {}),
  };
}

/** Reads a streamed answer, sniffing a JSON body (an error labelled text/event-stream, or a server that ignored `stream`). */
export async function* responseEvents(res: HttpResponse, format: 'openai' | 'anthropic', reasoningModel: boolean): AsyncGenerator<StreamEvent> {
  const body = res.body();
  const first = await body.next();
  if (first.done) { yield { type: 'done', finishReason: 'unknown' }; return; }
  const head = Buffer.from(first.value).toString('utf8').trimStart();
  const rest = async function* () {
    try { yield first.value; yield* body; } finally { await body.return(undefined); }
  };
  if (head.startsWith('{') || head.startsWith('[')) {
    const chunks: Uint8Array[] = [];
    for await (const c of rest()) chunks.push(c);
    const text = Buffer.concat(chunks).toString('utf8');
    let parsed: unknown;
    try { parsed = JSON.parse(text); } catch {
      // A JSON error tail after SSE-less output is handled by the SSE decoder.
      yield* (format === 'anthropic' ? anthropicStreamEvents : openAIStreamEvents)(decodeSse((async function* () { yield Buffer.from(text); })()), reasoningModel);
      return;
    }
    if (format === 'anthropic') {
      yield* anthropicMessageEvents(parsed);
      return;
    }
    const mapper = new OpenAIChunkMapper(reasoningModel);
    yield* mapper.map(parsed);
    yield* mapper.end();
    return;
  }
  yield* (format === 'anthropic' ? anthropicStreamEvents : openAIStreamEvents)(decodeSse(rest()), reasoningModel);
}

/** A non-streamed Anthropic message → events. */
function* anthropicMessageEvents(parsed: unknown): Generator<StreamEvent> {
  const p = parsed as { type?: string; content?: { type: string; text?: string; thinking?: string }[]; stop_reason?: string; usage?: { input_tokens?: number; output_tokens?: number }; error?: unknown };
  if (p.type === 'error' || p.error) throw errorFromStreamPayload(p.error ? p : { error: p });
  for (const b of p.content ?? []) {
    if (b.type === 'thinking' && b.thinking) yield { type: 'reasoning', text: b.thinking };
    if (b.type === 'text' && b.text) yield { type: 'text', text: b.text };
  }
  const usage = usageEvent(p.usage?.input_tokens, p.usage?.output_tokens);
  if (usage) yield usage;
  const f = mapFinishReason(p.stop_reason);
  yield { type: 'done', finishReason: f === 'error' ? 'unknown' : f };
}

/** POSTs a streaming OpenAI-style request and yields its events. */
export async function* streamOpenAI(ctx: AdapterContext, url: string, body: object, signal: AbortSignal, opts: { modelId?: string; reasoning?: boolean; format?: 'openai' | 'anthropic'; headers?: Record<string, string> } = {}): AsyncGenerator<StreamEvent> {
  const res = await ctx.http.request({ method: 'POST', url, json: body, accept: 'text/event-stream', ...(opts.modelId ? { modelId: opts.modelId } : {}), ...(opts.headers ? { headers: opts.headers } : {}) }, signal);
  yield* responseEvents(res, opts.format ?? 'openai', opts.reasoning ?? false);
}

const modelCard = z.object({
  id: z.string().min(1),
  max_model_len: z.number().optional(),
  context_length: z.number().optional(),
  meta: z.object({ max_model_len: z.number().optional(), n_ctx: z.number().optional(), voices: z.array(z.string()).optional() }).loose().nullish(),
}).loose();
export const modelList = z.object({ data: z.array(modelCard) }).loose();
export type ModelCard = z.infer<typeof modelCard>;

export function parseModelList(body: unknown, url: string): ModelCard[] {
  const r = modelList.safeParse(body);
  if (!r.success) throw new MaasError({ kind: 'protocol', message: `${url} did not answer with an OpenAI model list ({"data":[{"id":…}]}); check the platform and base URL` });
  return r.data.data;
}

export function cardToModel(endpointId: string, card: ModelCard, tasks: ModelInfo['tasks'] = ['chat', 'completion']): ModelInfo {
  const ctxLen = card.max_model_len ?? card.context_length ?? card.meta?.max_model_len ?? card.meta?.n_ctx;
  return {
    endpointId, id: card.id, label: card.id, tasks, source: 'discovered',
    ...(ctxLen ? { contextLength: ctxLen } : {}),
    ...(looksLikeReasoningModel(card.id) ? { reasoning: true } : {}),
    ...(card.meta?.voices?.length ? { voices: card.meta.voices } : {}),
  };
}

/** GET {url} → normalised models. */
export async function fetchOpenAIModels(ctx: AdapterContext, url: string, signal: AbortSignal): Promise<ModelInfo[]> {
  const res = await ctx.http.request({ url, accept: 'application/json' }, signal);
  return parseModelList(await res.json(MODEL_LIST), url).map((c) => cardToModel(ctx.endpoint.id, c));
}
