/**
 * The streaming commands' shared body (chat, complete): select the endpoint, read the prompt, run the
 * stream with SIGINT cancellation, and print events — as JSON lines with `--json`, else text on stdout
 * with reasoning dimmed on stderr and errors on stderr.
 */
import type { ParsedArgs } from '../args';
import { CommandExit, type CommandContext } from '../context';
import type { EndpointClientApi } from '../../core/endpoint-client';
import type { StreamEvent, TerminalEvent } from '../../core/stream/events';
import { hintFor } from '../hints';
import { exitCodeForKind, EXIT_INTERRUPTED, EXIT_OK } from '../exit-codes';
import { readPrompt } from './prompt';

export type StartStream = (client: EndpointClientApi, prompt: string, args: ParsedArgs, signal: AbortSignal) => AsyncGenerator<StreamEvent>;

const CANCELLED: TerminalEvent = { type: 'done', finishReason: 'cancelled' };

/** Prints events in text mode; remembers what it needs for newlines and the summary. */
class TextPrinter {
  private wroteText = false;
  private textEndsWithNewline = false;
  private reasoningOpen = false;

  constructor(private readonly ctx: CommandContext) {}

  content(e: StreamEvent): void {
    if (e.type === 'text' && e.text) {
      this.closeReasoning();
      this.ctx.out.result(e.text);
      this.wroteText = true;
      this.textEndsWithNewline = e.text.endsWith('\n');
    } else if (e.type === 'reasoning' && e.text) {
      this.ctx.out.reasoning(e.text);
      this.reasoningOpen = !e.text.endsWith('\n');
    }
  }

  /** A finished answer always ends with one newline; a broken or cancelled one only if text was printed. */
  finish(completed: boolean): void {
    this.closeReasoning();
    if (completed || (this.wroteText && !this.textEndsWithNewline)) this.ctx.out.result('\n');
  }

  private closeReasoning(): void {
    if (this.reasoningOpen) { this.ctx.io.stderr.write('\n'); this.reasoningOpen = false; }
  }
}

export async function runStreamCommand(ctx: CommandContext, args: ParsedArgs, start: StartStream): Promise<number> {
  const config = await ctx.config(args.required('config'));
  const endpointId = args.required('endpoint');
  const endpoint = ctx.endpoint(config, endpointId);
  const modelId = args.required('model');
  const prompt = await readPrompt(ctx, args.positionals[0]);
  const creds = ctx.credentials(config, endpointId);
  const client = ctx.client(endpoint, creds);
  const stop = ctx.interruption();
  const printer = new TextPrinter(ctx);
  const iterator = start(client, prompt, args, stop.signal);

  const emitTerminal = (t: TerminalEvent): number => {
    if (ctx.json) ctx.out.jsonLine(t);
    if (t.type === 'done') {
      if (!ctx.json) {
        printer.finish(t.finishReason !== 'cancelled');
        if (t.finishReason === 'length') ctx.out.warn(`${endpoint.id}: the answer stopped at the token limit (finish reason "length"); raise --max-tokens for a longer one`);
        if (t.finishReason === 'content_filter') ctx.out.warn(`${endpoint.id}: the gateway's content filter ended the answer`);
      }
      return t.finishReason === 'cancelled' ? EXIT_INTERRUPTED : EXIT_OK;
    }
    if (!ctx.json) {
      printer.finish(false);
      ctx.out.error(endpoint.id, t.message, hintFor(t.kind, endpoint, creds, modelId));
    }
    return exitCodeForKind(t.kind);
  };

  try {
    for (;;) {
      const step = await Promise.race([iterator.next(), stop.forced]);
      if (step === 'forced') {
        void iterator.return(undefined).catch(() => undefined);
        return emitTerminal(CANCELLED);
      }
      if (step.done) {
        // Core promises a terminal event; keep the contract even if it does not.
        if (stop.interrupted()) return emitTerminal(CANCELLED);
        return emitTerminal({ type: 'error', kind: 'protocol', message: 'The stream ended without a done or error event' });
      }
      const event = step.value;
      if (event.type === 'done' || event.type === 'error') {
        // After SIGINT the request was aborted on purpose: whatever core says, the answer is "cancelled".
        const code = emitTerminal(stop.interrupted() ? CANCELLED : event);
        void iterator.return(undefined).catch(() => undefined);
        return code;
      }
      if (ctx.json) ctx.out.jsonLine(event);
      else printer.content(event);
    }
  } catch (e) {
    if (e instanceof CommandExit) throw e;
    // The stream must never throw; report it as the terminal error it should have been.
    const { doc } = ctx.describeFailure(e, endpoint, creds, modelId);
    const { endpoint: _omit, ...event } = doc;
    return emitTerminal({ type: 'error', ...event });
  } finally {
    stop.dispose();
    try { client.dispose(); } catch { /* nothing to do */ }
  }
}

