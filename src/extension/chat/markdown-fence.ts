/**
 * Code fences in markdown, for text the participant writes around the model's answer: a fence no line of
 * the code can close, and a tracker that knows, chunk by chunk, whether the answer so far has left a
 * fence open (an answer cut off by `length`, an error or a cancel), so the footer is not swallowed by
 * it. The tracker keeps only the current line's start and the open fence. Pure.
 */

/** A backtick fence longer than any run of backticks in `code` (at least three). */
export function fenceFor(code: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((r) => r.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** `code` in a fenced block tagged with `language`. */
export function fencedCode(code: string, language = ''): string {
  const fence = fenceFor(code);
  return `${fence}${language.replace(/[^\w#+.-]/g, '')}\n${code}${code.endsWith('\n') ? '' : '\n'}${fence}`;
}

const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

export class FenceTracker {
  /** The open fence's marker (e.g. "```"), or undefined outside any fence. */
  private open: string | undefined;
  /** The start of the line being received (its first 200 characters decide whether it is a fence line). */
  private line = '';

  push(text: string): void {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      const piece = nl < 0 ? text.slice(start) : text.slice(start, nl);
      if (this.line.length < 200) this.line = (this.line + piece).slice(0, 200);
      if (nl < 0) return;
      this.endLine();
      start = nl + 1;
    }
  }

  /** The markdown that closes a fence left open ('' when none is). */
  closing(): string {
    return this.open ? `\n${this.open}\n` : '';
  }

  private endLine(): void {
    const m = FENCE_LINE.exec(this.line);
    if (m) {
      const marker = m[1];
      if (this.open === undefined) {
        if (!(marker[0] === '`' && m[2].includes('`'))) this.open = marker;
      } else if (marker[0] === this.open[0] && marker.length >= this.open.length && m[2].trim() === '') {
        this.open = undefined;
      }
    }
    this.line = '';
  }
}
