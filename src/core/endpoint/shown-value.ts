/**
 * A rejected configuration value as a message may repeat it: at most 80 characters, URLs with their
 * query and user info redacted, control characters escaped, and only strings, numbers, booleans and
 * null (an object or list is named, never printed: it may be huge or nested too deep to print). Pure;
 * it never recurses into a value.
 */

/** The longest value repeated in a message. */
export const SHOWN_MAX = 80;

/** C0/C1 controls and bidi overrides/isolates, shown as `\uXXXX` so the reader sees they are there. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/** A URL's user info, and the whole of its query, hidden (a key may sit in either). */
function redactUrls(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^\s"'<>]*)/gi, (_m, scheme: string, rest: string) => {
    let r = rest.replace(/^[^/?#@]*@/, '[redacted]@');
    const q = r.indexOf('?');
    if (q >= 0) {
      const hash = r.indexOf('#', q);
      r = `${r.slice(0, q)}?[redacted]${hash >= 0 ? r.slice(hash) : ''}`;
    }
    return scheme + r;
  });
}

/** A string value, quoted, redacted, escaped and cut to SHOWN_MAX characters (an ellipsis says it was cut). */
export function shownString(value: string): string {
  // Cut first (a 200 kB value costs nothing more), with room for what redaction and escaping change.
  const head = value.length > SHOWN_MAX * 4 ? value.slice(0, SHOWN_MAX * 4) : value;
  const chars = [...redactUrls(head)];
  const cut = chars.length > SHOWN_MAX || head.length < value.length;
  const body = cut ? `${chars.slice(0, SHOWN_MAX - 1).join('')}…` : chars.join('');
  const escaped = body.replace(/\\/g, '\\\\').replace(/"/g, '\\"')
    .replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"`;
}

/** Any value as a message may show it: a string, number, boolean or null as itself; anything else named by its type. */
export function shownValue(value: unknown): string {
  if (typeof value === 'string') return shownString(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
