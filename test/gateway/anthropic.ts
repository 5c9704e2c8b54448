/** The Anthropic Messages API (`/v1/messages`) as GPUStack re-exposes it. */
import { chatAnswer, contentText, hex32, joinText, toMessages } from './answers';
import { isObj, json, jsonBody, num, send, type Ctx, type Reply } from './http';
import { reframe, SSE_HEADERS, sseEvent } from './sse';
import { runStream } from './stream';
import { anthropicToolTurn, anthropicToolUse, anthropicToolUseEvents, toolCallAnswer, toolResultAnswer } from './tool-calls';

export function anthropicError(status: number, type: string, message: string): Reply {
  return json(status, { type: 'error', error: { type, message }, request_id: `req_${hex32().slice(0, 24)}` });
}

const TYPES: Record<number, string> = {
  400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error', 404: 'not_found_error',
  413: 'request_too_large', 429: 'rate_limit_error', 500: 'api_error', 529: 'overloaded_error',
};
export const anthropicType = (status: number): string => TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');

/** An opaque thinking-block signature, as Anthropic-shaped servers send. */
const SIGNATURE = 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxx6SHDS1Dqcx8n9RYiMBYf';

export interface MessagesOptions {
  /** models that chat */
  chatModels: string[];
  modelNotFound(model: string): Reply;
  /** GPUStack's line-by-line re-framing (`event:` and `data:` as separate events) */
  reframed: boolean;
  /** models that think first: a `thinking` block (`thinking_delta`s, then a `signature_delta`) before the text block */
  thinking?: string[];
}

export async function handleMessages(ctx: Ctx, opts: MessagesOptions): Promise<void> {
  const body = jsonBody(ctx);
  if (!isObj(body)) { await send(ctx, anthropicError(400, 'invalid_request_error', 'Request body must be a JSON object')); return; }
  const model = typeof body.model === 'string' ? body.model : undefined;
  if (!model) { await send(ctx, anthropicError(400, 'invalid_request_error', 'model: Field required')); return; }
  if (!opts.chatModels.includes(model)) { await send(ctx, opts.modelNotFound(model)); return; }
  const maxTokens = num(body, 'max_tokens');
  if (maxTokens === undefined) { await send(ctx, anthropicError(400, 'invalid_request_error', 'max_tokens: Field required')); return; }
  if (!Array.isArray(body.messages) || body.messages.length === 0) { await send(ctx, anthropicError(400, 'invalid_request_error', 'messages: Field required')); return; }
  const messages = toMessages(body.messages);
  const tool = anthropicToolTurn(body, messages);
  const thinks = !tool && (opts.thinking?.includes(model) ?? false);
  const answer = tool?.kind === 'call' ? toolCallAnswer(tool.call, messages, contentText(body.system))
    : tool?.kind === 'result' ? toolResultAnswer(tool.text, messages, maxTokens, contentText(body.system))
      : chatAnswer(model, messages, thinks ? 'reasoning' : 'plain', maxTokens, contentText(body.system));
  const stopReason = tool?.kind === 'call' ? 'tool_use' : answer.finishReason === 'length' ? 'max_tokens' : 'end_turn';
  const id = `msg_${hex32().slice(0, 24)}`;
  if (body.stream !== true) {
    await send(ctx, json(200, {
      id, type: 'message', role: 'assistant', model,
      content: [
        ...(thinks ? [{ type: 'thinking', thinking: joinText(answer, 'reasoning'), signature: SIGNATURE }] : []),
        tool?.kind === 'call' ? anthropicToolUse(tool.call) : { type: 'text', text: joinText(answer) },
      ],
      stop_reason: stopReason, stop_sequence: null, usage: { input_tokens: answer.promptTokens, output_tokens: answer.completionTokens },
    }));
    return;
  }
  const text = thinks ? 1 : 0;   // the text block's index
  const frame = (name: string, value: unknown): string => (opts.reframed ? reframe(sseEvent(name, value)) : sseEvent(name, value));
  const chunks = [
    frame('message_start', { type: 'message_start', message: { id, type: 'message', role: 'assistant', content: [], model, stop_reason: null, stop_sequence: null, usage: { input_tokens: answer.promptTokens, output_tokens: 1 } } }),
    ...(thinks ? [
      frame('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }),
      ...answer.pieces.filter((p) => p.kind === 'reasoning').map((p) => frame('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: p.text } })),
      frame('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: SIGNATURE } }),
      frame('content_block_stop', { type: 'content_block_stop', index: 0 }),
    ] : []),
    ...(tool?.kind === 'call' ? [frame('ping', { type: 'ping' }), ...anthropicToolUseEvents(tool.call, text).map(([name, value]) => frame(name, value))] : [
      frame('content_block_start', { type: 'content_block_start', index: text, content_block: { type: 'text', text: '' } }),
      frame('ping', { type: 'ping' }),
      ...answer.pieces.filter((p) => p.kind === 'text').map((p) => frame('content_block_delta', { type: 'content_block_delta', index: text, delta: { type: 'text_delta', text: p.text } })),
      frame('content_block_stop', { type: 'content_block_stop', index: text }),
    ]),
    frame('message_delta', { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: answer.completionTokens } }),
    frame('message_stop', { type: 'message_stop' }),
  ];
  const errorTail = frame('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  await runStream(ctx, { headers: SSE_HEADERS, chunks, errorTail });
}
