/**
 * text-embeddings-inference (TEI) routes: `/rerank` (`texts` in, `[{index, score, text?}]` out),
 * `/embed` (`[[…]]`), `/predict` (`[{score, label}]`, or one list per input for a batch). OICM's TEI
 * deployments and GPUStack's generic proxy answer exactly these.
 */
import * as z from 'zod';
import type { ClassifyRequest, ClassifyResult, EmbedRequest, EmbedResult, RerankRequest, RerankResult } from '../tasks/types';
import { bestFirst, unexpected, withParams } from './decode';

export function teiRerankBody(req: RerankRequest): Record<string, unknown> {
  return withParams({ query: req.query, texts: req.documents }, req.params);
}

const ranks = z.array(z.object({ index: z.number().int().nonnegative(), score: z.number(), text: z.string().nullish() }).loose());

export function decodeTeiRerank(body: unknown, url: string, documents: readonly string[], topN?: number): RerankResult {
  const r = ranks.safeParse(body);
  if (!r.success) throw unexpected(url, 'a TEI rerank result ([{"index","score"}])');
  const results = bestFirst(r.data.map((x) => {
    const text = documents[x.index] ?? x.text ?? undefined;
    return { index: x.index, score: x.score, ...(text !== undefined ? { text } : {}) };
  }));
  return { results: topN !== undefined ? results.slice(0, topN) : results };
}

export function teiEmbedBody(req: EmbedRequest): Record<string, unknown> {
  return withParams({ inputs: req.texts }, req.params);
}

const vectors = z.array(z.array(z.number()));

export function decodeTeiEmbed(body: unknown, url: string): EmbedResult {
  const r = vectors.safeParse(body);
  if (!r.success) throw unexpected(url, 'TEI embeddings ([[…]])');
  return { embeddings: r.data, dimensions: r.data[0]?.length ?? 0 };
}

export function teiPredictBody(req: ClassifyRequest): Record<string, unknown> {
  return withParams({ inputs: req.text }, req.params);
}

const labelled = z.array(z.object({ label: z.string(), score: z.number() }).loose());

/** A bare `[{label, score}]`, or a batch of them (the first input's). */
export function decodeLabels(body: unknown, url: string, shape = 'labels with scores ([{"label","score"}])'): ClassifyResult {
  const list = Array.isArray(body) && Array.isArray(body[0]) ? body[0] : body;
  const r = labelled.safeParse(list);
  if (!r.success) throw unexpected(url, shape);
  return { labels: bestFirst(r.data.map((x) => ({ label: x.label, score: x.score }))) };
}
