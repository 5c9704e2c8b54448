/**
 * Splits `<think>…</think>` out of streamed text (docs/architecture.md): only when the server sends no
 * reasoning field, and either the first non-whitespace text is `<think>`, or a `</think>` arrives for a
 * model flagged as reasoning. After the first `</think>` everything is text. Tags may be split across chunks.
 */
import type { ContentEvent, StreamEvent } from './events';
import { MAX_HELD_THINK_CHARS } from './limits';

const OPEN = '<think>';
const CLOSE = '</think>';

/** Length of the longest suffix of `s` that is a proper prefix of `tag`. */
function partialTagSuffix(s: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, s.length); n > 0; n--) if (tag.startsWith(s.slice(s.length - n))) return n;
  return 0;
}

type State = 'detect' | 'thinking' | 'flagged' | 'text';

export class ThinkSplitter {
  private state: State;
  private buf = '';
  private afterClose = false;
  /** Where in `buf` a `</think>` could still start (held text is searched once, not on every push). */
  private scanFrom = 0;

  constructor(private readonly flaggedReasoning = false, private readonly maxHeld = MAX_HELD_THINK_CHARS) {
    this.state = 'detect';
  }

  /** The server sent a reasoning field: tags are left alone from now on. */
  disable(): ContentEvent[] {
    const out = this.state === 'text' ? [] : this.flushAs('text');
    this.state = 'text';
    return out;
  }

  /** `push`, appending to `out` (no array per call once the text is known to be plain text). */
  pushInto(text: string, out: StreamEvent[]): void {
    if (this.state === 'text' && !this.afterClose) {
      if (text) out.push({ type: 'text', text });
      return;
    }
    const events = this.push(text);
    for (let i = 0; i < events.length; i++) out.push(events[i]);
  }

  push(text: string): ContentEvent[] {
    if (this.state === 'text') return this.text(text);
    this.buf += text;
    const out: ContentEvent[] = [];
    for (;;) {
      if (this.state === 'detect') {
        const lead = this.buf.trimStart();
        if (lead.length === 0) return this.buf.length > this.maxHeld ? this.giveUp() : out;
        if (lead.startsWith(OPEN)) { this.buf = lead.slice(OPEN.length); this.state = 'thinking'; continue; }
        if (OPEN.startsWith(lead)) return out; // could still become <think>
        if (this.flaggedReasoning) { this.state = 'flagged'; continue; }
        this.state = 'text';
        return [...out, ...this.flushAs('text')];
      }
      if (this.state === 'thinking' || this.state === 'flagged') {
        const close = this.buf.indexOf(CLOSE, this.scanFrom);
        if (close >= 0) {
          const reasoning = this.buf.slice(0, close);
          if (reasoning) out.push({ type: 'reasoning', text: reasoning });
          const rest = this.buf.slice(close + CLOSE.length);
          this.buf = '';
          this.scanFrom = 0;
          this.state = 'text';
          this.afterClose = true;
          return [...out, ...this.text(rest)];
        }
        if (this.state === 'flagged') { // held until </think> shows whether it was reasoning
          if (this.buf.length > this.maxHeld) return this.giveUp();
          this.scanFrom = Math.max(0, this.buf.length - (CLOSE.length - 1));
          return out;
        }
        const keep = partialTagSuffix(this.buf, CLOSE);
        const emit = this.buf.slice(0, this.buf.length - keep);
        this.buf = this.buf.slice(this.buf.length - keep);
        if (emit) out.push({ type: 'reasoning', text: emit });
        return out;
      }
      return out;
    }
  }

  /**
   * Undecided for too long (no `</think>` within the cap): what is held is given as answer text and
   * splitting stops — nothing lost, nothing grows without bound. Checked after the search, so a close tag
   * in the chunk that crosses the cap still splits.
   */
  private giveUp(): ContentEvent[] {
    this.state = 'text';
    return this.flushAs('text');
  }

  /** End of stream: whatever is held back is emitted as what it most likely was. */
  end(): ContentEvent[] {
    if (this.state === 'thinking') return this.flushAs('reasoning');
    return this.flushAs('text');
  }

  private flushAs(type: 'text' | 'reasoning'): ContentEvent[] {
    const b = this.buf;
    this.buf = '';
    this.scanFrom = 0;
    return b ? [{ type, text: b }] : [];
  }

  private text(t: string): ContentEvent[] {
    if (this.afterClose) {
      t = t.replace(/^\s+/, '');
      if (!t) return [];
      this.afterClose = false;
    }
    return t ? [{ type: 'text', text: t }] : [];
  }
}
