/**
 * Server-controlled and configuration text on its way to a person: control characters removed, length
 * capped, and (for markdown surfaces) markdown syntax escaped so a reason cannot become a link, an image
 * or a code-span break-out. Pure.
 */

// C0 and C1 controls except tab and newline, plus bidi overrides/isolates.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Plain text for display: no control characters (ANSI escapes lose their ESC), at most `max` characters. */
export function displayText(text: string, max = 2000): string {
  const clean = text.replace(CONTROL, '');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** `displayText`, then every markdown metacharacter backslash-escaped: safe inside markdown prose. */
export function markdownText(text: string, max = 2000): string {
  return displayText(text, max).replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (c) => `\\${c}`);
}

/** A code span that no backtick in `text` can break out of. */
export function markdownCode(text: string, max = 500): string {
  const t = displayText(text, max).replace(/\n/g, ' ');
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}
