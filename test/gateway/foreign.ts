/**
 * The foreign origin: the OAuth2 token endpoint, the target of the cross-origin model URL
 * (`gpt-4o-external`) and of `redirect` faults. Every request is recorded by the caller, so tests can
 * prove no credential reached it. It honours no access token of its own.
 */
import { json, send, type Ctx } from './http';
import { tokenEndpoint } from './oauth';
import { rhoaiFlavor } from './platforms/rhoai';
import { handleChat } from './vllm';

export async function handleForeign(ctx: Ctx): Promise<void> {
  const raw = ctx.req.url ?? '/';
  if (ctx.state.redirectedPaths.has(raw)) { await send(ctx, json(200, { redirected: true })); return; }
  if (ctx.path === '/oauth2/token') {
    if (ctx.method === 'POST') await tokenEndpoint(ctx);
    else await send(ctx, json(405, { error: 'invalid_request', error_description: 'Use POST' }));
    return;
  }
  if (ctx.path === '/rhoai/v1/chat/completions' && ctx.method === 'POST') {
    // answers without asking for a key: a client that wrongly sent one "succeeds", and the log shows it
    await handleChat(ctx, rhoaiFlavor);
    return;
  }
  await send(ctx, json(404, { error: 'not_found', message: `No route for ${ctx.method} ${ctx.path} on the foreign origin` }));
}
