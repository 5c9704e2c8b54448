/**
 * vLLM's pooling and audio routes for `local-vllm`: `/v1/rerank` (Jina shape, `document.multi_modal`
 * null), `/classify` at the server root (only the top class named, `probs` for all), and
 * `/v1/audio/transcriptions` (multipart, `{text, usage:{type:"duration"}}`). A model asked for a task it
 * does not do answers vLLM's 400.
 */
import { classify, hex32, nowSeconds, relevance, wordCount } from '../answers';
import { isObj, json, jsonBody, send, str, text, type Ctx } from '../http';
import { field, parseMultipart } from '../multipart';
import { transcriptOf } from './audio';
import type { OpenAIFlavor } from '../vllm';

/** The task-only models of `local-vllm` and what each does. */
export const VLLM_TASK_MODELS = {
  reranker: 'BAAI/bge-reranker-v2-m3',
  classifier: 'jason9693/Qwen2.5-1.5B-apeach',
  whisper: 'openai/whisper-large-v3',
} as const;

async function model(ctx: Ctx, flavor: OpenAIFlavor, id: string | undefined, wanted: string, api: string): Promise<boolean> {
  if (!id) { await send(ctx, flavor.error(400, "Missing 'model' field", 'model')); return false; }
  if (!flavor.models.some((m) => m.id === id) && !Object.values(VLLM_TASK_MODELS).includes(id as never)) { await send(ctx, flavor.modelNotFound(id)); return false; }
  if (id !== wanted) { await send(ctx, flavor.error(400, `The model does not support ${api} API`)); return false; }
  return true;
}

export async function vllmRerank(ctx: Ctx, flavor: OpenAIFlavor): Promise<void> {
  const b = jsonBody(ctx);
  if (!isObj(b)) { await send(ctx, flavor.error(400, 'Expecting a JSON object in the request body')); return; }
  if (!await model(ctx, flavor, str(b, 'model'), VLLM_TASK_MODELS.reranker, 'Rerank')) return;
  const query = str(b, 'query');
  const docs = Array.isArray(b.documents) ? b.documents.filter((d): d is string => typeof d === 'string') : [];
  if (!query || docs.length === 0) { await send(ctx, flavor.error(400, '1 validation error for RerankRequest\ndocuments\n  Field required', 'documents')); return; }
  const topN = typeof b.top_n === 'number' && b.top_n > 0 ? b.top_n : docs.length;
  // sigmoid of the relevance logit, as a cross-encoder with a sigmoid head reports it
  const results = docs.map((t, index) => ({ index, document: { text: t, multi_modal: null }, relevance_score: 1 / (1 + Math.exp(-relevance(query, t, index))) }))
    .sort((x, y) => y.relevance_score - x.relevance_score).slice(0, topN);
  const tokens = docs.reduce((n, t) => n + wordCount(query) + wordCount(t), 0);
  await send(ctx, json(200, { id: `rerank-${hex32()}`, model: VLLM_TASK_MODELS.reranker, usage: { prompt_tokens: tokens, total_tokens: tokens }, results }));
}

export async function vllmClassify(ctx: Ctx, flavor: OpenAIFlavor): Promise<void> {
  const b = jsonBody(ctx);
  if (!isObj(b)) { await send(ctx, flavor.error(400, 'Expecting a JSON object in the request body')); return; }
  if (!await model(ctx, flavor, str(b, 'model'), VLLM_TASK_MODELS.classifier, 'Classification')) return;
  const inputs = typeof b.input === 'string' ? [b.input] : Array.isArray(b.input) ? b.input.filter((x): x is string => typeof x === 'string') : [];
  if (inputs.length === 0 || inputs.some((s) => s.length === 0)) { await send(ctx, flavor.error(400, 'Input cannot be empty', 'input')); return; }
  // label 0 = NEGATIVE, 1 = POSITIVE; vLLM names only the top one
  const data = inputs.map((s, index) => {
    const labels = classify(s);
    const pos = labels.find((l) => l.label === 'POSITIVE')!.score;
    const probs = [1 - pos, pos];
    return { index, label: pos >= 0.5 ? 'POSITIVE' : 'NEGATIVE', probs, num_classes: 2 };
  });
  const tokens = inputs.reduce((n, s) => n + wordCount(s), 0);
  await send(ctx, json(200, { id: `classify-${hex32()}`, object: 'list', created: nowSeconds(), model: VLLM_TASK_MODELS.classifier, data, usage: { prompt_tokens: tokens, total_tokens: tokens, completion_tokens: 0, prompt_tokens_details: null } }));
}

export async function vllmTranscribe(ctx: Ctx, flavor: OpenAIFlavor): Promise<void> {
  const parts = parseMultipart(ctx.req.headers['content-type'], ctx.body);
  if (!parts) { await send(ctx, flavor.error(400, 'Expected a multipart/form-data body')); return; }
  if (!await model(ctx, flavor, field(parts, 'model'), VLLM_TASK_MODELS.whisper, 'Transcriptions')) return;
  const file = parts.find((p) => p.name === 'file' && p.filename !== undefined);
  if (!file || file.data.length === 0) { await send(ctx, flavor.error(400, 'Invalid or unsupported audio file.', 'file')); return; }
  const said = transcriptOf(VLLM_TASK_MODELS.whisper, file.data);
  if (field(parts, 'response_format') === 'text') { await send(ctx, text(200, `${said}\n`)); return; }
  await send(ctx, json(200, { text: said, usage: { type: 'duration', seconds: Math.max(1, Math.round(file.data.length / 16000)) } }));
}
