/** The OpenAI-compatible wire protocol shared by openai, rafay, openshift-ai, gpustack and oicm (vLLM/TGI behind them). */
import * as z from 'zod';
import type { AdapterContext, StreamPlan } from './adapter';
import type { ChatMessage } from '../chat';
import { withExtraBody, type OutgoingChat, type OutgoingCompletion } from '../request-options';
import { imageDataUrl } from '../images';
import type { ModelInfo } from '../models';
import { AnswerDecoder, type AnswerFormat } from '../stream/answer-decoder';
import { MaasError } from '../errors';
import { MODEL_LIST } from '../http/client';

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
  if (m.role === 'user' && m.images?.length) {
    return {
      role: 'user',
      content: [
        ...(m.content ? [{ type: 'text', text: m.content }] : []),
        ...m.images.map((i) => ({ type: 'image_url', image_url: { url: imageDataUrl(i) } })),
      ],
    };
  }
  return { role: m.role, content: m.content };
}

/** The OpenAI chat body; the request's `extraBody` is merged over it last. */
export function chatBody(req: OutgoingChat, model: string, stream = true): Record<string, unknown> {
  return withExtraBody({
    model,
    messages: req.messages.map(toOpenAIMessage),
    ...(req.maxTokens !== undefined ? { max_tokens: req.maxTokens } : {}),
    ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    ...(req.topP !== undefined ? { top_p: req.topP } : {}),
    ...(req.stop?.length ? { stop: req.stop } : {}),
    ...(req.tools?.length ? { tools: req.tools.map((t) => ({ type: 'function', function: { name: t.name, ...(t.description ? { description: t.description } : {}), parameters: t.parameters ?? { type: 'object', properties: {} } } })) } : {}),
    ...(req.tools?.length && req.toolChoice === 'required' ? { tool_choice: 'required' } : {}),
    stream,
    ...(stream ? { stream_options: { include_usage: true } } : {}),
  }, req.extraBody);
}

/** The OpenAI completion body; the request's `extraBody` is merged over it last. */
export function completionBody(req: OutgoingCompletion, model: string, stream = true): Record<string, unknown> {
  return withExtraBody({
    model, prompt: req.prompt,
    ...(req.maxTokens !== undefined ? { max_tokens: req.maxTokens } : {}),
    ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    ...(req.topP !== undefined ? { top_p: req.topP } : {}),
    ...(req.stop?.length ? { stop: req.stop } : {}),
    stream,
    ...(stream ? { stream_options: { include_usage: true } } : {}),
  }, req.extraBody);
}

/** POSTs a streaming OpenAI-style (or Anthropic) request; the answer's decoder sniffs a JSON body. */
export async function streamOpenAI(ctx: AdapterContext, url: string, body: object, signal: AbortSignal, opts: { modelId?: string; reasoning?: boolean; format?: AnswerFormat; headers?: Record<string, string> } = {}): Promise<StreamPlan> {
  const response = await ctx.http.request({ method: 'POST', url, json: body, accept: 'text/event-stream', stream: true, ...(opts.modelId ? { modelId: opts.modelId } : {}), ...(opts.headers ? { headers: opts.headers } : {}) }, signal);
  return { response, decoder: new AnswerDecoder(opts.format ?? 'openai', opts.reasoning ?? false) };
}

/** Hints some servers put on a card about what the model takes: a vision flag, or input modalities. */
const cardHints = {
  support_vision: z.boolean().optional().catch(undefined),
  input_modalities: z.array(z.string()).optional().catch(undefined),
  max_tokens: z.number().int().positive().optional().catch(undefined),
  max_output_tokens: z.number().int().positive().optional().catch(undefined),
};
const modelCard = z.object({
  id: z.string().min(1),
  max_model_len: z.number().optional(),
  context_length: z.number().optional(),
  ...cardHints,
  architecture: z.object({ input_modalities: z.array(z.string()).optional() }).loose().nullish().catch(undefined),
  meta: z.object({ max_model_len: z.number().optional(), n_ctx: z.number().optional(), voices: z.array(z.string()).optional(), ...cardHints }).loose().nullish(),
}).loose();
export const modelList = z.object({ data: z.array(modelCard) }).loose();
export type ModelCard = z.infer<typeof modelCard>;

export function parseModelList(body: unknown, url: string): ModelCard[] {
  const r = modelList.safeParse(body);
  if (!r.success) throw new MaasError({ kind: 'protocol', message: `${url} did not answer with an OpenAI model list ({"data":[{"id":…}]}); check the platform and base URL` });
  return r.data.data;
}

/** What the card itself says about image input: a vision flag, or input modalities; undefined when it says nothing. */
function cardImageInput(card: ModelCard): boolean | undefined {
  const flag = card.meta?.support_vision ?? card.support_vision;
  if (flag !== undefined) return flag;
  const modalities = card.meta?.input_modalities ?? card.input_modalities ?? card.architecture?.input_modalities;
  return modalities ? modalities.includes('image') : undefined;
}

export function cardToModel(endpointId: string, card: ModelCard, tasks: ModelInfo['tasks'] = ['chat', 'completion']): ModelInfo {
  const ctxLen = card.max_model_len ?? card.context_length ?? card.meta?.max_model_len ?? card.meta?.n_ctx;
  const maxOut = card.meta?.max_output_tokens ?? card.meta?.max_tokens ?? card.max_output_tokens ?? card.max_tokens;
  const imageInput = cardImageInput(card);
  return {
    endpointId, id: card.id, label: card.id, tasks, source: 'discovered',
    ...(ctxLen ? { contextLength: ctxLen } : {}),
    ...(maxOut ? { maxOutputTokens: maxOut } : {}),
    ...(imageInput !== undefined ? { imageInput } : {}),
    ...(looksLikeReasoningModel(card.id) ? { reasoning: true } : {}),
    ...(card.meta?.voices?.length ? { voices: card.meta.voices } : {}),
  };
}

/** GET {url} → normalised models. */
export async function fetchOpenAIModels(ctx: AdapterContext, url: string, signal: AbortSignal): Promise<ModelInfo[]> {
  const res = await ctx.http.request({ url, accept: 'application/json' }, signal);
  return parseModelList(await res.json(MODEL_LIST), url).map((c) => cardToModel(ctx.endpoint.id, c));
}
