/**
 * GPUStack's generic proxy, `/model/proxy/<route id>/<upstream path>`: for a route marked
 * `generic_proxy`, the prefix is stripped and the request reaches the route's own server unchanged —
 * here a TEI reranker (`/rerank` with `texts`, `/embed`), answering TEI's bodies and errors.
 */
import { relevance } from '../answers';
import { isObj, json, jsonBody, send, str, type Ctx, type Reply } from '../http';

const teiValidation = (message: string): Reply => json(422, { error: `Input validation error: ${message}`, error_type: 'Validation' });

/** The TEI server behind a generic-proxy route, at its upstream path. */
export async function teiBehindProxy(ctx: Ctx, upstreamPath: string): Promise<void> {
  if (ctx.method !== 'POST' || upstreamPath !== '/rerank') { await send(ctx, { status: 404, body: '' }); return; }
  const b = jsonBody(ctx);
  const query = isObj(b) ? str(b, 'query') : undefined;
  const texts = isObj(b) && Array.isArray(b.texts) ? b.texts.filter((x): x is string => typeof x === 'string') : [];
  if (!query) { await send(ctx, teiValidation('`query` cannot be empty')); return; }
  if (texts.length === 0) { await send(ctx, teiValidation('`texts` cannot be empty')); return; }
  const withText = isObj(b) && b.return_text === true;
  // raw logits (TEI's raw_scores) would be negative; TEI's default is the sigmoid
  const ranked = texts.map((t, index) => ({ index, ...(withText ? { text: t } : {}), score: Math.round((1 / (1 + Math.exp(-relevance(query, t, index)))) * 1e7) / 1e7 }))
    .sort((x, y) => y.score - x.score);
  await send(ctx, json(200, ranked));
}
