/**
 * Per-model request options (docs/endpoints.md, "Request options"): `defaults` fill the sampling values a
 * request leaves out (the caller's win, then the configured model's, then the endpoint's), and `extraBody`
 * (the endpoint's, then the model's on top) is merged last into the JSON body by every body builder
 * through `withExtraBody`. The endpoint client prepares each request once; adapters never look these up.
 */
import type { Endpoint, RequestDefaults } from './endpoint/schema';
import type { ChatRequest, CompletionRequest } from './chat';

/** What a body builder merges last: the endpoint's and the model's `extraBody`, already combined. */
export interface ExtraBody {
  extraBody?: Record<string, unknown>;
}

/** A chat request as adapters receive it: defaults applied, `extraBody` attached. */
export type OutgoingChat = ChatRequest & ExtraBody;
/** A completion request as adapters receive it. */
export type OutgoingCompletion = CompletionRequest & ExtraBody;

/** The endpoint's and the configured model's options for `modelId` (the model's win, key by key). */
export function optionsFor(endpoint: Endpoint, modelId: string): { defaults: RequestDefaults; extraBody?: Record<string, unknown> } {
  const model = endpoint.models.find((m) => m.id === modelId);
  const extra = endpoint.extraBody || model?.extraBody ? { ...endpoint.extraBody, ...model?.extraBody } : undefined;
  return { defaults: { ...endpoint.defaults, ...model?.defaults }, ...(extra ? { extraBody: extra } : {}) };
}

function fill<T extends { maxTokens?: number; temperature?: number; topP?: number }>(req: T, d: RequestDefaults): T {
  const out = { ...req };
  if (out.maxTokens === undefined && d.maxTokens !== undefined) out.maxTokens = d.maxTokens;
  if (out.temperature === undefined && d.temperature !== undefined) out.temperature = d.temperature;
  if (out.topP === undefined && d.topP !== undefined) out.topP = d.topP;
  return out;
}

/** The request with the configured defaults filled in and the merged `extraBody` attached. */
export function prepareChat(endpoint: Endpoint, req: ChatRequest): OutgoingChat {
  const o = optionsFor(endpoint, req.model);
  return { ...fill(req, o.defaults), ...(o.extraBody ? { extraBody: o.extraBody } : {}) };
}

export function prepareCompletion(endpoint: Endpoint, req: CompletionRequest): OutgoingCompletion {
  const o = optionsFor(endpoint, req.model);
  return { ...fill(req, o.defaults), ...(o.extraBody ? { extraBody: o.extraBody } : {}) };
}

/** `body` with `extra` merged over it (shallow, last): the one place request bodies take `extraBody`. */
export function withExtraBody<T extends Record<string, unknown>>(body: T, extra: Record<string, unknown> | undefined): T {
  return extra ? { ...body, ...extra } : body;
}
