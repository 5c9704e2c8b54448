/**
 * What a streaming command prints, built up per batch of events and written once per batch: the model's
 * text (or, with `--json`, one JSON line per event) on stdout; reasoning, warnings and errors on stderr.
 * Nothing is held back between batches: `write()` is called after every batch and before every exit.
 */
import type { CommandContext } from '../context';
import type { StreamEvent, TerminalEvent } from '../../core/stream/events';
import { printableJson } from '../output';

/** Text waiting to be written, in order: consecutive pieces for the same stream are joined. */
class Pending {
  private readonly texts: string[] = [];
  private readonly toStderr: boolean[] = [];

  add(stderr: boolean, text: string): void {
    if (!text) return;
    const last = this.texts.length - 1;
    if (last >= 0 && this.toStderr[last] === stderr) this.texts[last] += text;
    else { this.texts.push(text); this.toStderr.push(stderr); }
  }

  /** One write per stream for a batch (more only when stdout and stderr text alternate within it). */
  write(ctx: CommandContext): void {
    for (let i = 0; i < this.texts.length; i++) (this.toStderr[i] ? ctx.io.stderr : ctx.io.stdout).write(this.texts[i]);
    this.texts.length = 0;
    this.toStderr.length = 0;
  }
}

export interface TerminalNotes {
  /** The endpoint id for messages. */
  endpointId: string;
  /** The hint for an error of this kind, if any. */
  hint(kind: Extract<TerminalEvent, { type: 'error' }>['kind']): string | undefined;
}

export class StreamPrinter {
  private readonly pending = new Pending();
  /** `--json`: this batch's lines, scrubbed together when the batch is written. */
  private jsonLines = '';
  /** Text mode: consecutive reasoning text, dimmed as one piece. */
  private reasoningRun = '';
  private wroteText = false;
  private textEndsWithNewline = false;
  private reasoningOpen = false;

  constructor(private readonly ctx: CommandContext, private readonly notes: TerminalNotes) {}

  /** A content or usage event. */
  event(e: StreamEvent): void {
    if (this.ctx.json) { this.jsonLines += JSON.stringify(e) + '\n'; return; }
    if (e.type === 'text' && e.text) {
      this.closeReasoning();
      this.pending.add(false, this.ctx.out.resultText(e.text));
      this.wroteText = true;
      this.textEndsWithNewline = e.text.endsWith('\n');
    } else if (e.type === 'reasoning' && e.text) {
      this.reasoningRun += e.text;
      this.reasoningOpen = !e.text.endsWith('\n');
    }
  }

  /** The one terminal event: its line (`--json`) or the answer's last newline and any warning or error. */
  terminal(t: TerminalEvent): void {
    if (this.ctx.json) { this.jsonLines += JSON.stringify(t) + '\n'; return; }
    const out = this.ctx.out;
    if (t.type === 'done') {
      this.finish(t.finishReason !== 'cancelled');
      if (t.finishReason === 'length') this.pending.add(true, out.warnText(`${this.notes.endpointId}: the answer stopped at the token limit (finish reason "length"); raise --max-tokens for a longer one`));
      if (t.finishReason === 'content_filter') this.pending.add(true, out.warnText(`${this.notes.endpointId}: the gateway's content filter ended the answer`));
      return;
    }
    this.finish(false);
    this.pending.add(true, out.errorText(this.notes.endpointId, t.message, this.notes.hint(t.kind)));
  }

  /** Writes what this batch produced. */
  write(): void {
    if (this.jsonLines) { this.pending.add(false, printableJson(this.ctx.out.scrub(this.jsonLines))); this.jsonLines = ''; }
    this.flushReasoning();
    this.pending.write(this.ctx);
  }

  /** A finished answer always ends with one newline; a broken or cancelled one only if text was printed. */
  private finish(completed: boolean): void {
    this.closeReasoning();
    if (completed || (this.wroteText && !this.textEndsWithNewline)) this.pending.add(false, '\n');
  }

  private flushReasoning(): void {
    if (this.reasoningRun) { this.pending.add(true, this.ctx.out.reasoningText(this.reasoningRun)); this.reasoningRun = ''; }
  }

  private closeReasoning(): void {
    this.flushReasoning();
    if (this.reasoningOpen) { this.pending.add(true, '\n'); this.reasoningOpen = false; }
  }
}
