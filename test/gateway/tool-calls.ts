/**
 * Tool calls, as the emulated chat models make them. A request that offers tools while the conversation
 * holds no tool result yet is answered with a call of the FIRST tool, its arguments built from the
 * tool's schema (see toolArguments) and streamed in small pieces the way real servers split them; a
 * request whose last turn carries tool results is answered `Tool <name> said: <result text>`.
 * Both wire shapes: OpenAI (`tools`, `tool_calls`, role `tool`) and Anthropic (`tools`, `tool_use`,
 * `tool_result` blocks).
 */
import { contentText, hex32, lastUserText, splitKeepSpaces, wordCount, type Answer, type ChatMessage, type Piece } from './answers';
import { isObj } from './http';

export interface PlannedCall { id: string; name: string; arguments: string; fragments: string[] }

export type ToolTurn =
  | { kind: 'call'; call: PlannedCall }
  | { kind: 'result'; text: string };

/** How many characters of the arguments go in each streamed piece. */
const FRAGMENT = 8;

function fragments(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += FRAGMENT) out.push(s.slice(i, i + FRAGMENT));
  return out;
}

function sampleValue(schema: unknown, userText: string): unknown {
  const p = isObj(schema) ? schema : {};
  if (Array.isArray(p.enum) && p.enum.length) return p.enum[0];
  const type: unknown = Array.isArray(p.type) ? p.type[0] : p.type;
  switch (type) {
    case 'number': case 'integer': return 1;
    case 'boolean': return true;
    case 'array': return [];
    case 'object': return {};
    default: return userText;
  }
}

/**
 * Arguments for a tool from its JSON schema: every required property gets a value of its type (strings
 * the last user text, the first `enum` value where there is one, numbers 1, booleans true, arrays and
 * objects empty); with nothing required, the first string property gets the last user text.
 */
export function toolArguments(schema: unknown, userText: string): Record<string, unknown> {
  const props = isObj(schema) && isObj(schema.properties) ? schema.properties : {};
  const required = isObj(schema) && Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : [];
  const out: Record<string, unknown> = {};
  for (const name of required) out[name] = sampleValue(props[name], userText);
  if (!required.length) {
    const first = Object.entries(props).find(([, p]) => isObj(p) && p.type === 'string');
    if (first) out[first[0]] = userText;
  }
  return out;
}

function plan(id: string, name: string, schema: unknown, messages: ChatMessage[]): PlannedCall {
  const args = JSON.stringify(toolArguments(schema, lastUserText(messages)));
  return { id, name, arguments: args, fragments: fragments(args) };
}

const said = (results: { name: string; text: string }[]): string => results.map((r) => `Tool ${r.name} said: ${r.text}`).join(' ');

/** An OpenAI-shaped request (`tools: [{type:"function",function:{name,parameters}}]`, role `tool` results). */
export function openAIToolTurn(body: Record<string, unknown>, messages: ChatMessage[]): ToolTurn | undefined {
  const raw = Array.isArray(body.messages) ? body.messages.filter(isObj) : [];
  const names = new Map<string, string>();
  for (const m of raw) {
    if (m.role !== 'assistant' || !Array.isArray(m.tool_calls)) continue;
    for (const tc of m.tool_calls) if (isObj(tc) && typeof tc.id === 'string' && isObj(tc.function) && typeof tc.function.name === 'string') names.set(tc.id, tc.function.name);
  }
  const results: { name: string; text: string }[] = [];
  for (let i = raw.length - 1; i >= 0 && raw[i].role === 'tool'; i--) {
    const id = typeof raw[i].tool_call_id === 'string' ? raw[i].tool_call_id as string : '';
    results.unshift({ name: names.get(id) ?? id, text: contentText(raw[i].content) });
  }
  if (results.length) return { kind: 'result', text: said(results) };
  const tool = Array.isArray(body.tools) ? body.tools.find(isObj) : undefined;
  const fn = tool && isObj(tool.function) ? tool.function : undefined;
  if (!fn || typeof fn.name !== 'string' || raw.some((m) => m.role === 'tool')) return undefined;
  return { kind: 'call', call: plan(`chatcmpl-tool-${hex32()}`, fn.name, fn.parameters, messages) };
}

/** An Anthropic-shaped request (`tools: [{name,input_schema}]`, `tool_result` blocks in a user turn). */
export function anthropicToolTurn(body: Record<string, unknown>, messages: ChatMessage[]): ToolTurn | undefined {
  const raw = Array.isArray(body.messages) ? body.messages.filter(isObj) : [];
  const blocks = (m: Record<string, unknown>): Record<string, unknown>[] => (Array.isArray(m.content) ? m.content.filter(isObj) : []);
  const names = new Map<string, string>();
  for (const m of raw) if (m.role === 'assistant') for (const b of blocks(m)) if (b.type === 'tool_use' && typeof b.id === 'string' && typeof b.name === 'string') names.set(b.id, b.name);
  const last = raw.at(-1);
  const results = last && last.role === 'user' ? blocks(last).filter((b) => b.type === 'tool_result') : [];
  if (results.length) {
    return { kind: 'result', text: said(results.map((b) => {
      const id = typeof b.tool_use_id === 'string' ? b.tool_use_id : '';
      return { name: names.get(id) ?? id, text: contentText(b.content) };
    })) };
  }
  const tool = Array.isArray(body.tools) ? body.tools.find(isObj) : undefined;
  const answered = raw.some((m) => blocks(m).some((b) => b.type === 'tool_result'));
  if (!tool || typeof tool.name !== 'string' || answered) return undefined;
  return { kind: 'call', call: plan(`toolu_${hex32().slice(0, 24)}`, tool.name, tool.input_schema, messages) };
}

/** The answer's token counts for a tool call (one completion token per streamed piece). */
export function toolCallAnswer(call: PlannedCall, messages: ChatMessage[], extraPrompt = ''): Answer {
  const promptTokens = messages.reduce((n, m) => n + wordCount(m.content), 0) + wordCount(extraPrompt);
  return { pieces: [], finishReason: 'stop', promptTokens, completionTokens: call.fragments.length };
}

/** `Tool <name> said: <text>` in space-split pieces, cut at `maxTokens` like every chat answer. */
export function toolResultAnswer(text: string, messages: ChatMessage[], maxTokens?: number, extraPrompt = ''): Answer {
  const promptTokens = messages.reduce((n, m) => n + wordCount(m.content), 0) + wordCount(extraPrompt);
  const pieces = splitKeepSpaces(text).map((t): Piece => ({ kind: 'text', text: t }));
  const cut = maxTokens !== undefined && maxTokens >= 0 && maxTokens < pieces.length;
  const kept = cut ? pieces.slice(0, maxTokens) : pieces;
  return { pieces: kept, finishReason: cut ? 'length' : 'stop', promptTokens, completionTokens: kept.length };
}

/** OpenAI stream deltas: the call's id, type and name with empty arguments, then the argument pieces. */
export function openAIToolCallDeltas(call: PlannedCall): Record<string, unknown>[] {
  return [
    { tool_calls: [{ index: 0, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] },
    ...call.fragments.map((f) => ({ tool_calls: [{ index: 0, function: { arguments: f } }] })),
  ];
}

/** The `tool_calls` of a non-streamed OpenAI message. */
export function openAIToolCalls(call: PlannedCall): unknown[] {
  return [{ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }];
}

/** Anthropic stream events for a tool_use block at `index`: start, an empty then the argument pieces, stop. */
export function anthropicToolUseEvents(call: PlannedCall, index: number): [string, unknown][] {
  return [
    ['content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} } }],
    ...['', ...call.fragments].map((f): [string, unknown] => ['content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: f } }]),
    ['content_block_stop', { type: 'content_block_stop', index }],
  ];
}

/** The `tool_use` block of a non-streamed Anthropic message. */
export function anthropicToolUse(call: PlannedCall): Record<string, unknown> {
  return { type: 'tool_use', id: call.id, name: call.name, input: JSON.parse(call.arguments) as unknown };
}
