/** Joining URLs (docs/endpoints.md, wire notes): one pure function, never WHATWG relative resolution. */

/** Trim whitespace and trailing slashes; reject a query or fragment. Throws Error with a user-facing reason. */
export function normaliseBase(baseUrl: string): string {
  const trimmed = baseUrl.trim().replace(/\/+$/, '');
  const u = new URL(trimmed);
  if (u.search || trimmed.includes('?')) throw new Error('must not contain a query string (?…)');
  if (u.hash || trimmed.includes('#')) throw new Error('must not contain a fragment (#…)');
  return trimmed;
}

/** `base + '/' + path`, with exactly one slash between them. `path` may carry its own query string. */
export function joinUrl(base: string, path: string): string {
  const b = base.trim().replace(/\/+$/, '');
  const p = path.replace(/^\/+/, '');
  return p ? `${b}/${p}` : b;
}

/** `scheme://host[:port]` of a URL, lower-cased, default ports dropped. */
export function originOf(url: string): string {
  return new URL(url).origin;
}

/** Remove one trailing path segment such as `/v1` (case-insensitive) if present. */
export function stripSuffix(base: string, suffix: string): { url: string; stripped: boolean } {
  const lower = base.toLowerCase();
  if (lower.endsWith(suffix.toLowerCase())) return { url: base.slice(0, base.length - suffix.length), stripped: true };
  return { url: base, stripped: false };
}

/** OpenAI operation paths that users paste along with the base URL, and their names in plain words. */
export const OPERATION_SUFFIXES: readonly { suffix: string; what: string }[] = [
  { suffix: '/chat/completions', what: 'the chat completions address' },
  { suffix: '/completions', what: 'the completions address' },
  { suffix: '/models', what: 'the model list address' },
];

/** `base` without a pasted operation path (`…/v1/chat/completions` → `…/v1`), and what was removed. */
export function stripOperationPath(base: string): { url: string; removed?: { suffix: string; what: string } } {
  for (const op of OPERATION_SUFFIXES) {
    const s = stripSuffix(base, op.suffix);
    if (s.stripped && /^https?:\/\/[^/]+/i.test(s.url)) return { url: s.url, removed: op };
  }
  return { url: base };
}

export function hasVersionSegment(base: string): boolean {
  return /\/v\d+(?:[./]|$)/i.test(new URL(base).pathname);
}

/** The server root of an OpenAI-style base: a trailing version segment (`/v1`) removed. */
export function serverRoot(base: string): string {
  return normaliseBase(base).replace(/\/v\d+$/i, '');
}
