/**
 * A language-model conversation as VS Code hands it to a provider, in plain data (lm-messages.ts reads
 * the host's part classes into these), → core's ChatMessage list. Pure.
 *
 * - system turns keep their text;
 * - assistant turns carry their text and the tools they called (arguments as JSON text);
 * - a user turn's tool results become `tool` turns (each answering its call), placed before what the
 *   user wrote in the same turn, since both wire shapes want results right after the calls;
 * - images go with the user's text; other data (cache hints, usage) is not part of the conversation.
 */
import type { ChatImage, ChatMessage } from '../../core/chat';

export type InputPart =
  | { kind: 'text'; text: string }
  | { kind: 'toolCall'; callId: string; name: string; input: unknown }
  | { kind: 'toolResult'; callId: string; text: string }
  | { kind: 'image'; mimeType: string; data: Uint8Array };

export interface InputMessage { role: 'system' | 'user' | 'assistant'; parts: readonly InputPart[] }

function textOf(parts: readonly InputPart[]): string {
  let text = '';
  for (const p of parts) if (p.kind === 'text') text += p.text;
  return text;
}

function userTurns(parts: readonly InputPart[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const p of parts) if (p.kind === 'toolResult') out.push({ role: 'tool', content: p.text, toolCallId: p.callId });
  const content = textOf(parts);
  const images: ChatImage[] = [];
  for (const p of parts) if (p.kind === 'image') images.push({ mimeType: p.mimeType, data: p.data });
  if (content || images.length) out.push({ role: 'user', content, ...(images.length ? { images } : {}) });
  return out;
}

function assistantTurn(parts: readonly InputPart[]): ChatMessage[] {
  const content = textOf(parts);
  const toolCalls = parts.flatMap((p) => (p.kind === 'toolCall' ? [{ id: p.callId, name: p.name, arguments: JSON.stringify(p.input ?? {}) }] : []));
  if (!content && !toolCalls.length) return []; // an empty turn is refused by Anthropic-style servers and says nothing
  return [{ role: 'assistant', content, ...(toolCalls.length ? { toolCalls } : {}) }];
}

export function toChatMessages(messages: readonly InputMessage[]): ChatMessage[] {
  return messages.flatMap((m): ChatMessage[] => {
    if (m.role === 'system') {
      const content = textOf(m.parts);
      return content ? [{ role: 'system', content }] : [];
    }
    return m.role === 'assistant' ? assistantTurn(m.parts) : userTurns(m.parts);
  });
}
