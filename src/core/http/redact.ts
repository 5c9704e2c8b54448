/** Keeps secrets out of logs and messages (docs/endpoints.md, "Security rules"). */
const ALWAYS = ['authorization', 'proxy-authorization', 'api-key', 'x-api-key', 'cookie', 'set-cookie'];

export function redactHeaders(headers: Record<string, string>, extraNames: string[] = []): Record<string, string> {
  const secret = new Set([...ALWAYS, ...extraNames.map((n) => n.toLowerCase())]);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = secret.has(k.toLowerCase()) ? '[redacted]' : v;
  return out;
}

/** Query parameters that carry credentials. */
const CREDENTIAL_PARAM = /([?&;](?:key|api_key|apikey|api-key|token|access_token|id_token|refresh_token|client_secret|client_id|password|secret|sig|signature)=)[^&#\s"']*/gi;

/** Hides `?key=…`-style credentials and user info (`//user:password@`) in URLs, also inside longer text. */
export function redactUrl(url: string): string {
  return url
    .replace(CREDENTIAL_PARAM, '$1[redacted]')
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s?#]*@/gi, '$1[redacted]@');
}
