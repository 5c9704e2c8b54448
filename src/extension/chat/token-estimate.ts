/**
 * A token count without a tokenizer in the bundle: about four characters per token for English and
 * code, and one per character for scripts written without spaces, which errs on the side of "too long".
 */
import type * as vscode from 'vscode';
import { inputPart } from './lm-messages';

/** What an image costs at most on common vision models (a tile budget), for the count only. */
const IMAGE_TOKENS = 1000;

export function estimateTextTokens(text: string): number {
  let wide = 0;
  for (const ch of text) if (ch.codePointAt(0)! > 0x2e80) wide++;
  return Math.ceil((text.length - wide) / 4) + wide;
}

export function estimateTokens(text: string | vscode.LanguageModelChatRequestMessage): number {
  if (typeof text === 'string') return estimateTextTokens(text);
  let n = 4;
  for (const c of text.content) {
    const p = inputPart(c);
    if (!p) continue;
    if (p.kind === 'text') n += estimateTextTokens(p.text);
    else if (p.kind === 'toolResult') n += 8 + estimateTextTokens(p.text);
    else if (p.kind === 'toolCall') n += 8 + estimateTextTokens(p.name + JSON.stringify(p.input ?? {}));
    else n += IMAGE_TOKENS;
  }
  return n;
}
