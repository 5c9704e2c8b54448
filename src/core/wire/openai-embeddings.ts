/** OpenAI `/v1/embeddings`: `{model, input:[…]}` → `{data:[{index, embedding}]}` (vLLM, GPUStack, TEI, llama.cpp). */
import * as z from 'zod';
import type { EmbedRequest, EmbedResult } from '../tasks/types';
import { unexpected, withParams } from './decode';

export function embeddingsBody(req: EmbedRequest, model = req.model): Record<string, unknown> {
  return withParams({ model, input: req.texts, encoding_format: 'float' }, req.params);
}

const answer = z.object({ data: z.array(z.object({ index: z.number().int().nonnegative().optional(), embedding: z.array(z.number()) }).loose()) }).loose();

/** Vectors in input order (the server's `index`, else its order). */
export function decodeEmbeddings(body: unknown, url: string): EmbedResult {
  const r = answer.safeParse(body);
  if (!r.success) throw unexpected(url, 'embeddings ({"data":[{"embedding":[…]}]})');
  const sorted = r.data.data.map((d, i) => ({ i: d.index ?? i, v: d.embedding })).sort((a, b) => a.i - b.i);
  const embeddings = sorted.map((d) => d.v);
  return { embeddings, dimensions: embeddings[0]?.length ?? 0 };
}
