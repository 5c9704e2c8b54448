/** One streamed answer for an editor command: the text as it grows (reasoning left out), and how it ended. */
import type * as vscode from 'vscode';
import type { ChatRequest } from '../../core/chat';
import type { EndpointClientApi } from '../../core/endpoint-client';
import type { ErrorEvent, FinishReason } from '../../core/stream/events';
import { abortOnCancel } from '../chat/abort';

export type StreamEnd =
  | { kind: 'done'; finishReason: FinishReason }
  | { kind: 'cancelled' }
  | { kind: 'error'; error: ErrorEvent };

export interface StreamOutcome { text: string; end: StreamEnd }

/** Streams `req`; `onText` gets the whole text so far after each network read that added to it. Never throws. */
export async function streamAnswer(client: EndpointClientApi, req: ChatRequest, token: vscode.CancellationToken, onText: (text: string) => void): Promise<StreamOutcome> {
  const abort = abortOnCancel(token);
  let text = '';
  let end: StreamEnd | undefined;
  try {
    for await (const batch of client.chatBatches(req, abort.signal)) {
      const before = text.length;
      for (const e of batch) {
        if (e.type === 'text') text += e.text;
        else if (e.type === 'done') end = e.finishReason === 'cancelled' ? { kind: 'cancelled' } : { kind: 'done', finishReason: e.finishReason };
        else if (e.type === 'error') end = { kind: 'error', error: e };
      }
      if (text.length !== before) onText(text);
    }
  } catch (e) {
    end = { kind: 'error', error: { type: 'error', kind: 'protocol', message: e instanceof Error ? e.message : String(e) } };
  } finally {
    abort.dispose();
  }
  if (token.isCancellationRequested) end = { kind: 'cancelled' };
  return { text, end: end ?? { kind: 'done', finishReason: 'unknown' } };
}
