/** The OAuth2 client-credentials token endpoint (foreign origin) and the access tokens it issued. */
import { randomBytes } from 'node:crypto';
import { KEYS } from './config';
import { json, send, type Ctx, type Reply } from './http';

const LIFETIME_S = 3600;

export class TokenStore {
  private tokens = new Map<string, number>();   // token → expiry (ms since epoch)

  issue(): string {
    const token = `itk.${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, Date.now() + LIFETIME_S * 1000);
    return token;
  }

  valid(token: string | undefined): boolean {
    if (!token) return false;
    const exp = this.tokens.get(token);
    return exp !== undefined && exp > Date.now();
  }
}

/** `application/x-www-form-urlencoded` decoding (`+` is a space), as RFC 6749 §2.3.1 asks of the Basic credentials. */
function formDecode(s: string): string | undefined {
  try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return undefined; }
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const id = formDecode(decoded.slice(0, colon));
  const secret = formDecode(decoded.slice(colon + 1));
  return id === undefined || secret === undefined ? undefined : { id, secret };
}

const oauthError = (status: number, error: string, description: string, headers: Record<string, string> = {}): Reply =>
  json(status, { error, error_description: description }, { 'cache-control': 'no-store', pragma: 'no-cache', ...headers });

/** `POST /oauth2/token`: HTTP Basic client authentication, form body `grant_type=client_credentials`. */
export async function tokenEndpoint(ctx: Ctx): Promise<void> {
  const type = String(ctx.req.headers['content-type'] ?? '');
  if (!/^application\/x-www-form-urlencoded/i.test(type)) {
    await send(ctx, oauthError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded'));
    return;
  }
  const form = new URLSearchParams(ctx.body.toString('utf8'));
  const creds = basicCredentials(ctx.req.headers.authorization);
  if (!creds || creds.id !== KEYS.intelClientId || creds.secret !== KEYS.intelClientSecret) {
    await send(ctx, oauthError(401, 'invalid_client', 'Client authentication failed', { 'www-authenticate': 'Basic realm="oauth2"' }));
    return;
  }
  const grant = form.get('grant_type');
  if (!grant) { await send(ctx, oauthError(400, 'invalid_request', 'Missing grant_type')); return; }
  if (grant !== 'client_credentials') { await send(ctx, oauthError(400, 'unsupported_grant_type', `Grant type ${grant} is not supported`)); return; }
  await send(ctx, json(200, { access_token: ctx.state.tokens.issue(), token_type: 'Bearer', expires_in: LIFETIME_S }, { 'cache-control': 'no-store', pragma: 'no-cache' }));
}
