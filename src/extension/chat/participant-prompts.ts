/**
 * The user messages @maas builds: context the user attached (files, ranges, strings) with their names,
 * and the /explain and /refactor prompts around the active selection. What goes to the model is plain
 * text and fenced code (no escaping: the model reads it, a person does not). Pure.
 */
import { fencedCode } from './markdown-fence';

/** Most characters of one attached reference sent to the model; the rest is cut and the cut is said. */
export const REFERENCE_CHAR_LIMIT = 20_000;
/** Most characters of all attached references together. */
export const REFERENCES_TOTAL_LIMIT = 60_000;
/** Most characters of a selection sent by /explain and /refactor. */
export const SELECTION_CHAR_LIMIT = 40_000;

export interface ContextItem {
  /** How the model and the user know it: a workspace-relative path, `path:12-30`, or the reference's id. */
  name: string;
  /** Language id for the code fence, when the item is code. */
  languageId?: string;
  text: string;
  /** The item's full length when `text` was cut short. */
  fullLength?: number;
}

export interface CappedContext { items: ContextItem[]; /** Names of the items that were cut short or left out. */ truncated: string[] }

/** Cuts each item to REFERENCE_CHAR_LIMIT and all of them together to REFERENCES_TOTAL_LIMIT. */
export function capContext(items: readonly ContextItem[], perItem = REFERENCE_CHAR_LIMIT, total = REFERENCES_TOTAL_LIMIT): CappedContext {
  const out: ContextItem[] = [];
  const truncated: string[] = [];
  let left = total;
  for (const item of items) {
    const room = Math.min(perItem, left);
    const full = item.fullLength ?? item.text.length;
    const text = item.text.length > room ? item.text.slice(0, room) : item.text;
    if (text.length < full) truncated.push(item.name);
    out.push({ ...item, text, ...(text.length < full ? { fullLength: full } : {}) });
    left -= text.length;
  }
  return { items: out, truncated };
}

function contextBlock(item: ContextItem): string {
  const head = item.languageId ? `${item.name} (${item.languageId}):` : `${item.name}:`;
  const cut = item.fullLength !== undefined ? `\n(cut short: the first ${item.text.length} of ${item.fullLength} characters)` : '';
  return `${head}\n${fencedCode(item.text, item.languageId)}${cut}`;
}

/** The prompt, after the attached context (if any) with each item's name. */
export function promptWithContext(prompt: string, items: readonly ContextItem[]): string {
  if (!items.length) return prompt;
  return `The user attached this context:\n\n${items.map(contextBlock).join('\n\n')}\n\n${prompt}`;
}

export interface SelectionContext {
  /** Workspace-relative path (or the untitled document's name). */
  fileName: string;
  languageId: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  code: string;
}

function selectionBlock(s: SelectionContext): string {
  const lines = s.startLine === s.endLine ? `line ${s.startLine}` : `lines ${s.startLine}-${s.endLine}`;
  const code = s.code.length > SELECTION_CHAR_LIMIT ? s.code.slice(0, SELECTION_CHAR_LIMIT) : s.code;
  const cut = code.length < s.code.length ? `\n(cut short: the first ${code.length} of ${s.code.length} characters)` : '';
  return `From ${s.fileName} (${s.languageId}, ${lines}):\n\n${fencedCode(code, s.languageId)}${cut}`;
}

export function explainPrompt(s: SelectionContext, question: string): string {
  const ask = question.trim() ? `\n\n${question.trim()}` : '';
  return `Explain what this code does and how it works, briefly and clearly. Point out anything surprising or likely wrong.\n\n${selectionBlock(s)}${ask}`;
}

export const DEFAULT_REFACTOR_INSTRUCTION = 'Make it clearer and simpler without changing what it does.';

export function refactorPrompt(s: SelectionContext, instruction: string): string {
  const what = instruction.trim() || DEFAULT_REFACTOR_INSTRUCTION;
  return `Refactor this code. Instruction: ${what}\n\nAnswer with the complete refactored code in one fenced code block, then a few sentences on what changed and why.\n\n${selectionBlock(s)}`;
}
