/** OpenAI `/v1/images/generations`: asks for `b64_json`; answers `{data:[{b64_json}|{url}]}`. */
import * as z from 'zod';
import type { ImageRequest } from '../tasks/types';
import { unexpected, withParams } from './decode';

export function imagesBody(req: ImageRequest, model = req.model): Record<string, unknown> {
  return withParams({ model, prompt: req.prompt, n: 1, response_format: 'b64_json', ...(req.size ? { size: req.size } : {}) }, req.params);
}

const answer = z.object({ data: z.array(z.object({ b64_json: z.string().nullish(), url: z.string().nullish() }).loose()).min(1) }).loose();

/** The first image: its base64, or the URL to fetch it from. */
export function decodeImages(body: unknown, url: string): { b64: string } | { url: string } {
  const r = answer.safeParse(body);
  const first = r.success ? r.data.data[0] : undefined;
  if (first?.b64_json) return { b64: first.b64_json };
  if (first?.url) return { url: first.url };
  throw unexpected(url, 'an image ({"data":[{"b64_json"}]})');
}
