/**
 * The OpenAI-compatible server (vLLM shapes) that several platforms put in front of their models:
 * model cards, chat completions, completions and embeddings, streamed or not. Platforms choose a
 * flavour: which models, how usage is reported, and their own error bodies.
 */
import { chatAnswer, completionAnswer, embedding, hex32, joinText, nowSeconds, toMessages, wordCount, type Answer, type ChatStyle } from './answers';
import { isObj, json, jsonBody, num, send, str, type Ctx, type Reply } from './http';
import { pythonJson, SSE_DONE, SSE_HEADERS, sseData } from './sse';
import { runStream } from './stream';
import { openAIToolCallDeltas, openAIToolCalls, openAIToolTurn, toolCallAnswer, toolResultAnswer } from './tool-calls';

export interface ServedModel {
  id: string;
  maxModelLen?: number;
  /** how it chats; absent = not a chat model */
  chat?: ChatStyle;
  embedding?: boolean;
}

export interface OpenAIFlavor {
  models: ServedModel[];
  /** `chatcmpl-` (current vLLM) or `chat-` (vLLM 0.5, as seen through OICM) */
  chatIdPrefix: string;
  /** `requested`: a usage chunk only with stream_options.include_usage; `forced`: always (GPUStack,
   *  OpenShift AI inject it); `every-chunk`: vLLM 0.5 puts usage on every chunk too */
  usage: 'requested' | 'forced' | 'every-chunk';
  /** the in-stream error a `midstream-error` fault sends */
  errorTail: string;
  /** headers on successful answers */
  headers?: Record<string, string>;
  error(status: number, message: string, param?: string): Reply;
  modelNotFound(model: string): Reply;
}

const VLLM_TYPES: Record<number, string> = {
  400: 'BadRequestError', 401: 'AuthenticationError', 403: 'PermissionDeniedError', 404: 'NotFoundError',
  422: 'BadRequestError', 429: 'RateLimitError', 500: 'InternalServerError', 501: 'NotImplementedError',
  502: 'BadGatewayError', 503: 'ServiceUnavailableError', 504: 'GatewayTimeoutError',
};

/** Current vLLM: `{"error":{"message","type","param","code"}}`. */
export function vllmError(status: number, message: string, param?: string): Reply {
  return json(status, { error: { message, type: VLLM_TYPES[status] ?? 'InternalServerError', param: param ?? null, code: status } });
}

/** vLLM ≤0.9: the flat `{"object":"error",…}` body. */
export function vllmFlatError(status: number, message: string, param?: string): Reply {
  return json(status, { object: 'error', message, type: VLLM_TYPES[status] ?? 'InternalServerError', param: param ?? null, code: status });
}

export const vllmModelNotFound = (model: string): string => `The model \`${model}\` does not exist.`;

/** vLLM's in-stream error (`json.dumps` spacing), then `[DONE]`. */
export const VLLM_ERROR_TAIL = `data: ${pythonJson({ error: { message: 'EngineCore encountered an issue. See stack trace (above) for the root cause.', type: 'InternalServerError', param: null, code: 500 } })}\n\n${SSE_DONE}`;

export function modelList(models: ServedModel[], created = 1767225600): unknown {
  return {
    object: 'list',
    data: models.map((m) => ({
      id: m.id, object: 'model', created, owned_by: 'vllm', root: m.id, parent: null,
      ...(m.maxModelLen !== undefined ? { max_model_len: m.maxModelLen } : {}),
      permission: [{
        id: `modelperm-${hex32()}`, object: 'model_permission', created, allow_create_engine: false,
        allow_sampling: true, allow_logprobs: true, allow_search_indices: false, allow_view: true,
        allow_fine_tuning: false, organization: '*', group: null, is_blocking: false,
      }],
    })),
  };
}

interface Parsed { body: Record<string, unknown>; model: ServedModel; stream: boolean; maxTokens?: number; includeUsage: boolean }

/** Common checks of a chat/completions request; answers the error itself and returns undefined. */
async function parseRequest(ctx: Ctx, flavor: OpenAIFlavor, need: 'chat' | 'completion'): Promise<Parsed | undefined> {
  const body = jsonBody(ctx);
  if (!isObj(body)) { await send(ctx, flavor.error(400, 'Expecting a JSON object in the request body')); return undefined; }
  const id = str(body, 'model');
  if (!id) { await send(ctx, flavor.error(400, "Missing 'model' field", 'model')); return undefined; }
  const model = flavor.models.find((m) => m.id === id);
  if (!model) { await send(ctx, flavor.modelNotFound(id)); return undefined; }
  if (!model.chat) {
    const api = need === 'chat' ? 'Chat Completions API' : 'Completions API';
    await send(ctx, flavor.error(400, `The model does not support ${api}`));
    return undefined;
  }
  if (need === 'chat' && (!Array.isArray(body.messages) || body.messages.length === 0)) {
    await send(ctx, flavor.error(400, '1 validation error for ChatCompletionRequest\nmessages\n  Field required', 'messages'));
    return undefined;
  }
  if (need === 'completion' && typeof body.prompt !== 'string' && !Array.isArray(body.prompt)) {
    await send(ctx, flavor.error(400, '1 validation error for CompletionRequest\nprompt\n  Field required', 'prompt'));
    return undefined;
  }
  const stream = body.stream === true;
  const opts = body.stream_options;
  if (opts !== undefined && opts !== null && !stream) {
    await send(ctx, flavor.error(400, 'Stream options can only be defined when `stream=True`.'));
    return undefined;
  }
  const includeUsage = isObj(opts) && opts.include_usage === true;
  return { body, model, stream, maxTokens: num(body, 'max_completion_tokens') ?? num(body, 'max_tokens'), includeUsage };
}

function contextTooLong(flavor: OpenAIFlavor, p: Parsed, promptTokens: number): Reply | undefined {
  const max = p.model.maxModelLen;
  if (max === undefined || p.maxTokens === undefined || promptTokens + p.maxTokens <= max) return undefined;
  const total = promptTokens + p.maxTokens;
  return flavor.error(400, `This model's maximum context length is ${max} tokens. However, you requested ${total} tokens (${promptTokens} in the messages, ${p.maxTokens} in the completion). Please reduce the length of the messages or completion.`);
}

const usageOf = (a: Answer, completion = a.completionTokens): Record<string, number> =>
  ({ prompt_tokens: a.promptTokens, total_tokens: a.promptTokens + completion, completion_tokens: completion });

/** Where a model's thinking goes in a message or delta. */
const reasoningField = (m: ServedModel): string => (m.chat === 'reasoning-content' ? 'reasoning_content' : 'reasoning');

export async function handleChat(ctx: Ctx, flavor: OpenAIFlavor): Promise<void> {
  const p = await parseRequest(ctx, flavor, 'chat');
  if (!p) return;
  const messages = toMessages(p.body.messages);
  const tool = openAIToolTurn(p.body, messages);
  const answer = tool?.kind === 'call' ? toolCallAnswer(tool.call, messages)
    : tool?.kind === 'result' ? toolResultAnswer(tool.text, messages, p.maxTokens)
      : chatAnswer(p.model.id, messages, p.model.chat ?? 'plain', p.maxTokens);
  const finishReason = tool?.kind === 'call' ? 'tool_calls' : answer.finishReason;
  const tooLong = contextTooLong(flavor, p, answer.promptTokens);
  if (tooLong) { await send(ctx, tooLong); return; }
  const id = `${flavor.chatIdPrefix}${hex32()}`;
  const created = nowSeconds();
  const model = p.model.id;
  if (!p.stream) {
    const reasoning = joinText(answer, 'reasoning');
    await send(ctx, json(200, {
      id, object: 'chat.completion', created, model,
      choices: [{
        index: 0,
        message: { role: 'assistant', content: tool?.kind === 'call' ? null : joinText(answer), refusal: null, annotations: null, audio: null, function_call: null, tool_calls: tool?.kind === 'call' ? openAIToolCalls(tool.call) : [], [reasoningField(p.model)]: reasoning || null },
        logprobs: null, finish_reason: finishReason, stop_reason: null,
      }],
      service_tier: null, system_fingerprint: null, usage: { ...usageOf(answer), prompt_tokens_details: null }, prompt_logprobs: null, kv_transfer_params: null,
    }, flavor.headers));
    return;
  }
  const every = flavor.usage === 'every-chunk';
  const chunk = (choice: Record<string, unknown>, done: number): unknown => ({
    id, object: 'chat.completion.chunk', created, model,
    choices: [{ index: 0, ...choice }],
    ...(every ? { usage: usageOf(answer, done) } : {}),
  });
  const chunks = [sseData(chunk({ delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }, 0))];
  answer.pieces.forEach((piece, i) => {
    const delta = piece.kind === 'reasoning' ? { [reasoningField(p.model)]: piece.text } : { content: piece.text };
    chunks.push(sseData(chunk({ delta, logprobs: null, finish_reason: null }, i + 1)));
  });
  if (tool?.kind === 'call') openAIToolCallDeltas(tool.call).forEach((delta, i) => chunks.push(sseData(chunk({ delta, logprobs: null, finish_reason: null }, i))));
  chunks.push(sseData(chunk({ delta: { content: '' }, logprobs: null, finish_reason: finishReason, stop_reason: null }, answer.completionTokens)));
  if (flavor.usage === 'forced' || p.includeUsage) {
    chunks.push(sseData({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: usageOf(answer) }));
  }
  chunks.push(SSE_DONE);
  await runStream(ctx, { headers: { ...SSE_HEADERS, ...flavor.headers }, chunks, errorTail: flavor.errorTail });
}

export async function handleCompletion(ctx: Ctx, flavor: OpenAIFlavor): Promise<void> {
  const p = await parseRequest(ctx, flavor, 'completion');
  if (!p) return;
  const raw = p.body.prompt;
  const prompt = Array.isArray(raw) ? String(raw[0] ?? '') : String(raw);
  const answer = completionAnswer(prompt, p.maxTokens);
  const tooLong = contextTooLong(flavor, p, answer.promptTokens);
  if (tooLong) { await send(ctx, tooLong); return; }
  const id = `cmpl-${hex32()}`;
  const created = nowSeconds();
  const model = p.model.id;
  if (!p.stream) {
    await send(ctx, json(200, {
      id, object: 'text_completion', created, model,
      choices: [{ index: 0, text: joinText(answer), logprobs: null, finish_reason: answer.finishReason, stop_reason: null, prompt_logprobs: null }],
      usage: usageOf(answer),
    }, flavor.headers));
    return;
  }
  const every = flavor.usage === 'every-chunk';
  const last = answer.pieces.length - 1;
  const chunks = answer.pieces.map((piece, i) => sseData({
    id, object: 'text_completion', created, model,
    choices: [{ index: 0, text: piece.text, logprobs: null, finish_reason: i === last ? answer.finishReason : null, ...(i === last ? { stop_reason: null } : {}) }],
    ...(every ? { usage: usageOf(answer, i + 1) } : {}),
  }));
  if (flavor.usage === 'forced' || p.includeUsage) {
    chunks.push(sseData({ id, object: 'text_completion', created, model, choices: [], usage: usageOf(answer) }));
  }
  chunks.push(SSE_DONE);
  await runStream(ctx, { headers: { ...SSE_HEADERS, ...flavor.headers }, chunks, errorTail: flavor.errorTail });
}

export async function handleEmbeddings(ctx: Ctx, flavor: OpenAIFlavor): Promise<void> {
  const body = jsonBody(ctx);
  if (!isObj(body)) { await send(ctx, flavor.error(400, 'Expecting a JSON object in the request body')); return; }
  const id = str(body, 'model');
  if (!id) { await send(ctx, flavor.error(400, "Missing 'model' field", 'model')); return; }
  const model = flavor.models.find((m) => m.id === id);
  if (!model) { await send(ctx, flavor.modelNotFound(id)); return; }
  if (!model.embedding) { await send(ctx, flavor.error(400, 'The model does not support Embeddings API')); return; }
  const input = body.input;
  const inputs = typeof input === 'string' ? [input] : Array.isArray(input) && input.every((x) => typeof x === 'string') ? input : undefined;
  if (!inputs || inputs.length === 0) { await send(ctx, flavor.error(400, '1 validation error for EmbeddingRequest\ninput\n  Field required', 'input')); return; }
  const tokens = inputs.reduce((n, s) => n + wordCount(s), 0);
  await send(ctx, json(200, {
    id: `embd-${hex32()}`, object: 'list', created: nowSeconds(), model: id,
    data: inputs.map((s, index) => ({ index, object: 'embedding', embedding: embedding(s) })),
    usage: { prompt_tokens: tokens, total_tokens: tokens, completion_tokens: 0, prompt_tokens_details: null },
  }, flavor.headers));
}
