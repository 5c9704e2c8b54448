/**
 * What the editor commands ask the model: the file's name, its language and the selected code in a fence
 * no backtick run in the code can close. Pure.
 */
import type { ChatMessage } from '../../core/chat';

export interface SelectedCode {
  /** The file's name (no directories: they say nothing about the code and may be private). */
  fileName: string;
  languageId: string;
  code: string;
}

/** The first line of every refactor request; the reference gateway recognises refactor prompts by it. */
export const REFACTOR_MARKER = 'Refactor the selected code as instructed.';

/** A fence longer than any backtick run in `code`. */
export function fenceFor(code: string): string {
  const longest = Math.max(0, ...(code.match(/`{3,}/g) ?? []).map((r) => r.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

function fenced(sel: SelectedCode): string {
  const fence = fenceFor(sel.code);
  return `${fence}${sel.languageId}\n${sel.code.replace(/\r\n?/g, '\n')}\n${fence}`;
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

export function refactorMessages(sel: SelectedCode, instruction: string): ChatMessage[] {
  return [
    {
      role: 'system',
      content: 'You are a careful programmer. When asked to change code, answer with the complete replacement for the given code in one fenced code block, keeping its indentation and style, and nothing else changed.',
    },
    {
      role: 'user',
      content: [
        REFACTOR_MARKER,
        `Instruction: ${oneLine(instruction)}`,
        `File: ${sel.fileName} (language: ${sel.languageId})`,
        'Code:',
        fenced(sel),
        'Answer with the replacement code in one fenced code block.',
      ].join('\n'),
    },
  ];
}

export function explainMessages(sel: SelectedCode): ChatMessage[] {
  return [{
    role: 'user',
    content: [
      `Explain what this code from ${sel.fileName} (language: ${sel.languageId}) does, for a developer reading it for the first time. Answer in markdown.`,
      fenced(sel),
    ].join('\n'),
  }];
}
