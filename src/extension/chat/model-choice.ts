/**
 * Which model answers an @maas request: `maas.defaultChatModel` when it is offered; else the MaaS model
 * chosen in the chat's model picker; else the first chat model, with a note saying so and how to choose.
 * Pure.
 */
import { markdownCode } from '../../core/display-text';
import type { ChatModelChoice } from './chat-models';

export interface ModelDecision {
  choice: ChatModelChoice;
  /** A markdown sentence for the footer when the choice was not the user's. */
  note?: string;
}

export function decideModel(choices: readonly ChatModelChoice[], defaultRef: string | undefined, pickerRef: string | undefined, firstTurn: boolean): ModelDecision | undefined {
  const byRef = (ref: string | undefined) => (ref ? choices.find((c) => c.ref === ref) : undefined);
  const preferred = byRef(defaultRef);
  if (preferred) return { choice: preferred };
  const first = choices[0];
  if (defaultRef) {
    const fallback = byRef(pickerRef) ?? first;
    if (!fallback) return undefined;
    return { choice: fallback, note: `The default chat model ${markdownCode(defaultRef)} is not available now (its endpoint is not ready or no longer lists it); pick another with /model.` };
  }
  const picked = byRef(pickerRef);
  if (picked) return { choice: picked };
  if (!first) return undefined;
  return firstTurn ? { choice: first, note: 'No default chat model is set, so the first one was used; choose one with /model.' } : { choice: first };
}
