/**
 * VS Code's language-model request messages → core's ChatMessage list: the host's part classes read
 * into plain data here, translated by lm-chat-messages.ts.
 */
import * as vscode from 'vscode';
import type { ChatMessage } from '../../core/chat';
import { toChatMessages, type InputMessage, type InputPart } from './lm-chat-messages';
import { promptTsxText } from './prompt-tsx-text';

/** The host has a System role (3) at run time that the stable typings do not declare. */
const SYSTEM_ROLE: number | undefined = (vscode.LanguageModelChatMessageRole as unknown as { System?: number }).System;

const utf8 = new TextDecoder();

function isTextMime(mime: string): boolean {
  return mime.startsWith('text/') || mime === 'application/json' || mime.endsWith('+json');
}

/** A tool result's content as the text the model reads. */
export function toolResultText(content: readonly unknown[]): string {
  const pieces: string[] = [];
  for (const c of content) {
    if (c instanceof vscode.LanguageModelTextPart) pieces.push(c.value);
    else if (c instanceof vscode.LanguageModelPromptTsxPart) pieces.push(promptTsxText(c.value));
    else if (c instanceof vscode.LanguageModelDataPart && isTextMime(c.mimeType)) pieces.push(utf8.decode(c.data));
  }
  return pieces.join('');
}

/** One content part as plain data; undefined for what is not sent (thinking, non-image data, unknown parts). */
export function inputPart(p: unknown): InputPart | undefined {
  if (p instanceof vscode.LanguageModelTextPart) return { kind: 'text', text: p.value };
  if (p instanceof vscode.LanguageModelToolCallPart) return { kind: 'toolCall', callId: p.callId, name: p.name, input: p.input };
  if (p instanceof vscode.LanguageModelToolResultPart) return { kind: 'toolResult', callId: p.callId, text: toolResultText(p.content) };
  if (p instanceof vscode.LanguageModelDataPart && p.mimeType.startsWith('image/')) return { kind: 'image', mimeType: p.mimeType, data: p.data };
  return undefined;
}

function roleOf(role: vscode.LanguageModelChatMessageRole): InputMessage['role'] {
  if (role === vscode.LanguageModelChatMessageRole.Assistant) return 'assistant';
  if (SYSTEM_ROLE !== undefined && (role as number) === SYSTEM_ROLE) return 'system';
  return 'user';
}

export function toInputMessages(messages: readonly vscode.LanguageModelChatRequestMessage[]): InputMessage[] {
  return messages.map((m) => ({
    role: roleOf(m.role),
    parts: m.content.flatMap((p) => { const part = inputPart(p); return part ? [part] : []; }),
  }));
}

export function toCoreMessages(messages: readonly vscode.LanguageModelChatRequestMessage[]): ChatMessage[] {
  return toChatMessages(toInputMessages(messages));
}
