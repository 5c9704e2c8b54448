/**
 * GPUStack's model routes as `/v2/my-models` lists them (all pages): each route's categories, its id
 * (the `<route id>` of the generic proxy `/model/proxy/<route id>/…`) and whether it is a generic-proxy
 * route (one whose server speaks its own API, e.g. TEI). Cached per endpoint for task calls.
 */
import * as z from 'zod';
import type { AdapterContext } from './adapter';
import { joinUrl } from '../endpoint/url';
import { MODEL_LIST } from '../http/client';

export interface ModelRoute { id?: number; categories: string[]; genericProxy: boolean }

const route = z.object({
  id: z.number().int().optional().catch(undefined),
  name: z.string(),
  effective_name: z.string().nullish(),
  categories: z.array(z.string()).nullish(),
  generic_proxy: z.boolean().nullish().catch(undefined),
}).loose();
const page = z.object({
  items: z.array(route),
  pagination: z.object({ page: z.number(), totalPage: z.number() }).loose().optional(),
}).loose();

const KEY = 'gpustack:routes';

/** route name (`effective_name ?? name`) → route; read fresh (discovery) and remembered for task calls. */
export async function myModelRoutes(ctx: AdapterContext, signal: AbortSignal): Promise<Map<string, ModelRoute>> {
  const out = new Map<string, ModelRoute>();
  for (let p = 1; p <= 50; p++) {
    const url = joinUrl(ctx.endpoint.baseUrl, `v2/my-models?page=${p}&perPage=100`);
    const res = await ctx.http.request({ url, accept: 'application/json' }, signal);
    const parsed = page.safeParse(await res.json(MODEL_LIST));
    if (!parsed.success) break;
    for (const r of parsed.data.items) {
      out.set(r.effective_name ?? r.name, { ...(r.id !== undefined ? { id: r.id } : {}), categories: r.categories ?? [], genericProxy: r.generic_proxy === true });
    }
    const pg = parsed.data.pagination;
    if (!pg || pg.page >= pg.totalPage) break;
  }
  ctx.cache.set(KEY, out);
  return out;
}

/** The remembered routes, else read once now. */
export async function knownRoutes(ctx: AdapterContext, signal: AbortSignal): Promise<Map<string, ModelRoute>> {
  return (ctx.cache.get(KEY) as Map<string, ModelRoute> | undefined) ?? myModelRoutes(ctx, signal);
}
