/**
 * What a chat model can do, set on every listed model in one place (the endpoint client calls
 * `withCapabilities` after merging configured models): tool calling per platform adapter, image input
 * from the server's own hints or else a conservative reading of the id, and the longest answer from
 * discovery or else the configured `defaults.maxTokens`. Unknown stays undefined.
 */
import type { Endpoint } from './endpoint/schema';
import type { ModelInfo } from './models';

/**
 * Ids of models known to take images: a `vision`/`vl` part, or a vision family name. Deliberately
 * narrow: a model wrongly marked would be sent images it cannot read.
 */
const VISION_ID = /vision|(^|[-_/.:])vl($|[-_/.:\d])|llava|pixtral|internvl|minicpm-?v|molmo|idefics|paligemma|smolvlm|gemma-?3(?!-?1b)(?!n)|llama-?4|gpt-4o|gpt-4\.1|claude-(3|sonnet|opus|haiku)/i;

export function looksLikeVisionModel(id: string): boolean {
  return VISION_ID.test(id);
}

/** Capabilities for every chat model of one endpoint; other models are returned unchanged. */
export function withCapabilities(endpoint: Endpoint, models: ModelInfo[], toolCalling: boolean): ModelInfo[] {
  return models.map((m) => {
    if (!m.tasks.includes('chat')) return m;
    const entry = endpoint.models.find((c) => c.id === m.id);
    const maxOutputTokens = m.maxOutputTokens ?? entry?.defaults?.maxTokens ?? endpoint.defaults?.maxTokens;
    const imageInput = m.imageInput ?? (looksLikeVisionModel(m.id) || (entry?.servedModel !== undefined && looksLikeVisionModel(entry.servedModel)));
    return { ...m, toolCalling, imageInput, ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}) };
  });
}
