/**
 * Jina-style rerank (`documents` in, `results[{index, relevance_score, document?}]` out): Jina itself,
 * GPUStack `/v1/rerank`, vLLM `/v1/rerank`, llama.cpp. Scores may be logits (negative).
 */
import * as z from 'zod';
import type { RerankRequest, RerankResult } from '../tasks/types';
import { bestFirst, unexpected, withParams } from './decode';

export function jinaRerankBody(req: RerankRequest): Record<string, unknown> {
  return withParams({
    model: req.model, query: req.query, documents: req.documents,
    ...(req.topN !== undefined ? { top_n: req.topN } : {}),
  }, req.params);
}

const answer = z.object({
  results: z.array(z.object({
    index: z.number().int().nonnegative(),
    relevance_score: z.number(),
    document: z.union([z.string(), z.object({ text: z.string().nullish() }).loose()]).nullish(),
  }).loose()),
}).loose();

/** Results best first, each with the text sent (or the one the server echoed). */
export function decodeJinaRerank(body: unknown, url: string, documents: readonly string[], topN?: number): RerankResult {
  const r = answer.safeParse(body);
  if (!r.success) throw unexpected(url, 'a rerank result ({"results":[{"index","relevance_score"}]})');
  const results = bestFirst(r.data.results.map((x) => {
    const echoed = typeof x.document === 'string' ? x.document : x.document?.text ?? undefined;
    const text = documents[x.index] ?? echoed;
    return { index: x.index, score: x.relevance_score, ...(text !== undefined ? { text } : {}) };
  }));
  return { results: topN !== undefined ? results.slice(0, topN) : results };
}
