/**
 * The streaming commands' shared body (chat, complete): select the endpoint, read the prompt, run the
 * stream with SIGINT cancellation, and print it batch by batch (stream-printer.ts) — JSON lines with
 * `--json`, else text on stdout with reasoning dimmed on stderr and errors on stderr.
 */
import type { ParsedArgs } from '../args';
import type { CommandContext } from '../context';
import { CommandExit } from '../command-exit';
import type { EndpointClientApi } from '../../core/endpoint-client';
import type { EventBatch, TerminalEvent } from '../../core/stream/events';
import { FORCED } from '../interruption';
import { hintFor } from '../hints';
import { exitCodeForKind, EXIT_INTERRUPTED, EXIT_OK } from '../exit-codes';
import { readPrompt } from './prompt';
import { StreamPrinter } from './stream-printer';

export type StartStream = (client: EndpointClientApi, prompt: string, args: ParsedArgs, signal: AbortSignal) => AsyncIterable<EventBatch>;

const CANCELLED: TerminalEvent = { type: 'done', finishReason: 'cancelled' };

function exitCode(t: TerminalEvent): number {
  if (t.type === 'error') return exitCodeForKind(t.kind);
  return t.finishReason === 'cancelled' ? EXIT_INTERRUPTED : EXIT_OK;
}

export async function runStreamCommand(ctx: CommandContext, args: ParsedArgs, start: StartStream): Promise<number> {
  const config = await ctx.config(args.required('config'));
  const endpointId = args.required('endpoint');
  const endpoint = ctx.endpoint(config, endpointId);
  const modelId = args.required('model');
  const prompt = await readPrompt(ctx, args.positionals[0]);
  const creds = ctx.credentials(config, endpointId);
  const printer = new StreamPrinter(ctx, { endpointId: endpoint.id, hint: (kind) => hintFor(kind, endpoint, creds, modelId) });
  let client: EndpointClientApi;
  try {
    client = await ctx.client(endpoint, creds);
  } catch (e) {
    // A client that cannot be made is this endpoint's error, reported as the stream's terminal event.
    const { doc } = ctx.describeFailure(e, endpoint, creds, modelId);
    const { endpoint: _omit, ...event } = doc;
    printer.terminal({ type: 'error', ...event });
    printer.write();
    return exitCodeForKind(doc.kind);
  }
  const stop = ctx.interruption();
  const batches = start(client, prompt, args, stop.signal)[Symbol.asyncIterator]();
  const release = (): void => {
    if (batches.return) batches.return(undefined).catch(() => undefined);
  };

  /** Prints the terminal event with whatever the batch held before it, and gives the exit code. */
  const end = (t: TerminalEvent): number => {
    printer.terminal(t);
    printer.write();
    return exitCode(t);
  };

  try {
    for (;;) {
      // No per-step reaction on a long-lived promise (interruption.ts): nothing of a batch outlives its step.
      const step = await stop.race(batches.next());
      if (step === FORCED) { release(); return end(CANCELLED); }
      if (step.done) {
        // Core promises a terminal event; keep the contract even if it does not.
        if (stop.interrupted()) return end(CANCELLED);
        return end({ type: 'error', kind: 'protocol', message: 'The stream ended without a done or error event' });
      }
      for (const event of step.value) {
        if (event.type === 'done' || event.type === 'error') {
          // After SIGINT the request was aborted on purpose: whatever core says, the answer is "cancelled".
          release();
          return end(stop.interrupted() ? CANCELLED : event);
        }
        printer.event(event);
      }
      printer.write();
      // A slow reader of stdout (or stderr): take no more from the network until it has caught up.
      const backlog = ctx.io.stdout.backlog() ?? ctx.io.stderr.backlog();
      if (backlog && await stop.race(backlog) === FORCED) { release(); return end(CANCELLED); }
    }
  } catch (e) {
    if (e instanceof CommandExit) throw e;
    // The stream must never throw; report it as the terminal error it should have been.
    const { doc } = ctx.describeFailure(e, endpoint, creds, modelId);
    const { endpoint: _omit, ...event } = doc;
    return end({ type: 'error', ...event });
  } finally {
    stop.dispose();
    try { client.dispose(); } catch { /* nothing to do */ }
  }
}
