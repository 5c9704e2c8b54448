/**
 * The conversation so far, from the chat view's history, as the messages sent to the gateway: a request
 * turn of @maas becomes a user message, the answer that followed it an assistant message (its markdown
 * parts, without the footer). Turns of other participants, the participant's own notices (/models,
 * /model, setup help) and answers without any text are left out, so user and assistant alternate. Pure.
 */
import type { ChatMessage } from '../../core/chat';
import { isMaasChatMetadata } from './chat-metadata';

/** The parts of a `vscode.ChatRequestTurn` read here. */
export interface RequestTurnLike { readonly prompt: string; readonly participant: string; readonly command?: string }
/** The parts of a `vscode.ChatResponseTurn` read here. */
export interface ResponseTurnLike { readonly participant: string; readonly response: readonly unknown[]; readonly result: { readonly metadata?: unknown } }
export type TurnLike = RequestTurnLike | ResponseTurnLike;

const isRequest = (t: TurnLike): t is RequestTurnLike => typeof (t as RequestTurnLike).prompt === 'string';

/** A markdown part's text (`ChatResponseMarkdownPart.value` is a MarkdownString); undefined for any other part. */
function markdownOf(part: unknown): string | undefined {
  const value = (part as { value?: { value?: unknown } } | undefined)?.value?.value;
  return typeof value === 'string' ? value : undefined;
}

/** The answer's text: its markdown parts joined, without the trailer the participant appended. */
export function answerText(turn: ResponseTurnLike): string {
  let text = turn.response.map(markdownOf).filter((t): t is string => t !== undefined).join('');
  const meta = turn.result.metadata;
  const trailer = isMaasChatMetadata(meta) ? meta.trailer : undefined;
  if (trailer && text.endsWith(trailer)) text = text.slice(0, text.length - trailer.length);
  return text.trim();
}

export function historyMessages(turns: readonly TurnLike[], participantId: string): ChatMessage[] {
  const messages: ChatMessage[] = [];
  let pending: RequestTurnLike | undefined;
  for (const turn of turns) {
    if (turn.participant !== participantId) { pending = undefined; continue; }
    if (isRequest(turn)) { pending = turn; continue; }
    const meta = turn.result.metadata;
    const request = pending;
    pending = undefined;
    if (!request || !isMaasChatMetadata(meta) || meta.kind !== 'answer') continue;
    const answer = answerText(turn);
    const question = meta.userMessage ?? request.prompt;
    if (!answer || !question.trim()) continue;
    messages.push({ role: 'user', content: question }, { role: 'assistant', content: answer });
  }
  return messages;
}
