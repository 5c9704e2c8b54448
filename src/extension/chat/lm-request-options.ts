/**
 * A language-model request's options (the caller's tools, tool mode and model options) → core's
 * ChatRequest fields. Model options are free-form: the usual sampling names are read in their OpenAI
 * spelling or camelCase, and anything else is left out. Pure.
 */
import type { ChatRequest, ToolDefinition } from '../../core/chat';

export interface OfferedTool { readonly name: string; readonly description?: string; readonly inputSchema?: object | undefined }

export interface RequestOptionsInput {
  tools?: readonly OfferedTool[] | undefined;
  /** the caller asked that the model call a tool (LanguageModelChatToolMode.Required) */
  toolRequired: boolean;
  modelOptions?: { readonly [name: string]: unknown } | undefined;
  /** false for a model whose platform cannot send tools (the tools are then left out) */
  toolCalling: boolean;
}

export type RequestOptions = Pick<ChatRequest, 'tools' | 'toolChoice' | 'temperature' | 'topP' | 'maxTokens' | 'stop'>;

function firstNumber(o: { readonly [name: string]: unknown }, names: readonly string[]): number | undefined {
  for (const n of names) {
    const v = o[n];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return undefined;
}

function stopOf(v: unknown): string[] | undefined {
  if (typeof v === 'string' && v) return [v];
  if (Array.isArray(v)) {
    const all = v.filter((s): s is string => typeof s === 'string' && s.length > 0);
    return all.length ? all : undefined;
  }
  return undefined;
}

export function requestOptions(input: RequestOptionsInput): RequestOptions {
  const out: RequestOptions = {};
  if (input.toolCalling && input.tools?.length) {
    out.tools = input.tools.map((t): ToolDefinition => ({
      name: t.name,
      ...(t.description ? { description: t.description } : {}),
      ...(t.inputSchema && typeof t.inputSchema === 'object' ? { parameters: t.inputSchema } : {}),
    }));
    if (input.toolRequired) out.toolChoice = 'required';
  }
  const o = input.modelOptions ?? {};
  const temperature = firstNumber(o, ['temperature']);
  const topP = firstNumber(o, ['top_p', 'topP']);
  const maxTokens = firstNumber(o, ['max_tokens', 'maxTokens', 'max_completion_tokens', 'maxOutputTokens']);
  const stop = stopOf(o.stop);
  if (temperature !== undefined) out.temperature = temperature;
  if (topP !== undefined) out.topP = topP;
  if (maxTokens !== undefined && maxTokens > 0) out.maxTokens = Math.floor(maxTokens);
  if (stop) out.stop = stop;
  return out;
}
