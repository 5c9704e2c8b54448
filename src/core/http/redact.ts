/** Keeps secrets out of logs and messages (docs/endpoints.md, "Security rules"). */
const ALWAYS = ['authorization', 'proxy-authorization', 'api-key', 'x-api-key', 'cookie', 'set-cookie'];

export function redactHeaders(headers: Record<string, string>, extraNames: string[] = []): Record<string, string> {
  const secret = new Set([...ALWAYS, ...extraNames.map((n) => n.toLowerCase())]);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = secret.has(k.toLowerCase()) ? '[redacted]' : v;
  return out;
}

/** Hides `?key=…`-style credentials in URLs. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:key|api_key|apikey|api-key|token|access_token|client_secret)=)[^&#]*/gi, '$1[redacted]');
}

/** Replaces every known secret value in a text (defence in depth for messages built from server bodies). */
export function scrubSecrets(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  return out;
}
