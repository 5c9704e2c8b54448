/**
 * A token count without a tokenizer in the bundle: about four characters per token for English and
 * code, and one per character for scripts written without spaces, which errs on the side of "too long".
 */
import * as vscode from 'vscode';

export function estimateTextTokens(text: string): number {
  let wide = 0;
  for (const ch of text) if (ch.codePointAt(0)! > 0x2e80) wide++;
  return Math.ceil((text.length - wide) / 4) + wide;
}

export function estimateTokens(text: string | vscode.LanguageModelChatRequestMessage): number {
  if (typeof text === 'string') return estimateTextTokens(text);
  let n = 4;
  for (const p of text.content) {
    if (p instanceof vscode.LanguageModelTextPart) n += estimateTextTokens(p.value);
    else n += 16;
  }
  return n;
}
