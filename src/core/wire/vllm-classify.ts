/**
 * vLLM `/classify`: `{model, input}` → `{data:[{index, label, probs, num_classes}]}`. Only the top class
 * is named; the others are called `class <index>`.
 */
import * as z from 'zod';
import type { ClassifyRequest, ClassifyResult } from '../tasks/types';
import { bestFirst, unexpected, withParams } from './decode';

export function vllmClassifyBody(req: ClassifyRequest): Record<string, unknown> {
  return withParams({ model: req.model, input: req.text }, req.params);
}

const answer = z.object({ data: z.array(z.object({ label: z.string().nullish(), probs: z.array(z.number()) }).loose()).min(1) }).loose();

export function decodeVllmClassify(body: unknown, url: string): ClassifyResult {
  const r = answer.safeParse(body);
  if (!r.success) throw unexpected(url, 'a vLLM classification ({"data":[{"label","probs":[…]}]})');
  const first = r.data.data[0];
  let top = 0;
  first.probs.forEach((p, i) => { if (p > first.probs[top]) top = i; });
  return { labels: bestFirst(first.probs.map((score, i) => ({ label: i === top && first.label ? first.label : `class ${i}`, score }))) };
}
