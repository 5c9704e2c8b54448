/** Deterministic answers: what every emulated model "generates", and small media bodies. */
import { createHash } from 'node:crypto';
import { isObj } from './http';

/** How a chat model streams its thinking: `reasoning` in `delta.reasoning` (current vLLM), `reasoning-content`
 *  in `delta.reasoning_content` (DeepSeek, llama.cpp, older vLLM), `think-tags` inside the content. */
export type ChatStyle = 'plain' | 'reasoning' | 'reasoning-content' | 'think-tags';

export interface Piece { kind: 'text' | 'reasoning'; text: string }

export interface Answer {
  pieces: Piece[];
  finishReason: 'stop' | 'length';
  promptTokens: number;
  completionTokens: number;
}

export function wordCount(s: string): number {
  return s.split(/\s+/).filter((w) => w.length > 0).length;
}

/** Splits on spaces, each space kept at the start of the next piece: "a b" → ["a", " b"]. */
export function splitKeepSpaces(s: string): string[] {
  return s.split(/(?= )/).filter((p) => p.length > 0);
}

/** `[image: <mime>]` for an image part (OpenAI `image_url` with a data URL, Anthropic base64 `image`), so answers show images arrived. */
function imageMention(p: Record<string, unknown>): string {
  if (p.type === 'image_url' && isObj(p.image_url) && typeof p.image_url.url === 'string') {
    return `[image: ${/^data:([^;,]+)/.exec(p.image_url.url)?.[1] ?? 'url'}]`;
  }
  if (p.type === 'image' && isObj(p.source)) return `[image: ${typeof p.source.media_type === 'string' ? p.source.media_type : 'url'}]`;
  return '';
}

/** The text of a chat message's `content`: a string, or the `text` of its text parts and a mention of each image part. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((p) => (!isObj(p) ? '' : typeof p.text === 'string' ? p.text : imageMention(p))).filter((t) => t.length > 0).join('\n');
  }
  return '';
}

export interface ChatMessage { role: string; content: string }

export function toMessages(raw: unknown): ChatMessage[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObj).map((m) => ({ role: typeof m.role === 'string' ? m.role : 'user', content: contentText(m.content) }));
}

export function lastUserText(messages: ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].role === 'user') return messages[i].content;
  return '';
}

/** The first line of the editor's refactor prompt (src/extension/editor/prompts.ts; a unit test keeps them in step). Found anywhere in the last user turn: Intel's templates may fold the system text into it. */
export const REFACTOR_PROMPT_MARKER = 'Refactor the selected code as instructed.';

/**
 * The refactor answer: a chatter sentence, then the prompt's code in a fenced block — dedented (as models
 * often return it) with a comment line `refactored: <instruction>` on top (`#` for hash-comment
 * languages, else `//`) — then a closing sentence. Undefined when the prompt has no instruction or code.
 */
export function refactorReply(userText: string): string | undefined {
  const lines = userText.replace(/\r\n?/g, '\n').split('\n');
  const instruction = lines.find((l) => l.startsWith('Instruction: '))?.slice('Instruction: '.length);
  const open = lines.findIndex((l) => /^`{3,}/.test(l));
  if (instruction === undefined || open < 0) return undefined;
  const fence = /^`+/.exec(lines[open])![0];
  const lang = lines[open].slice(fence.length).trim();
  const close = lines.findIndex((l, i) => i > open && l.trim() === fence);
  const code = lines.slice(open + 1, close < 0 ? lines.length : close);
  const indents = code.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  const comment = ['python', 'shellscript', 'yaml', 'ruby', 'perl', 'r', 'dockerfile', 'makefile', 'toml', 'powershell'].includes(lang) ? '#' : '//';
  return [
    'Sure! Here is the refactored code:',
    '',
    `${fence}${lang}`,
    `${comment} refactored: ${instruction}`,
    ...code.map((l) => l.slice(Math.min(cut, l.length))),
    fence,
    '',
    'This keeps the behaviour the same and applies the instruction.',
  ].join('\n');
}

/** `Hello from <model>. You said: <text>`, or the refactor answer for a refactor prompt. */
export function replyText(model: string, userText: string): string {
  const at = userText.indexOf(REFACTOR_PROMPT_MARKER);
  if (at >= 0) {
    const refactored = refactorReply(userText.slice(at));
    if (refactored !== undefined) return refactored;
  }
  return `Hello from ${model}. You said: ${userText}`;
}

function limit(pieces: Piece[], maxTokens: number | undefined, promptTokens: number): Answer {
  const cut = maxTokens !== undefined && maxTokens >= 0 && maxTokens < pieces.length;
  const kept = cut ? pieces.slice(0, maxTokens) : pieces;
  return { pieces: kept, finishReason: cut ? 'length' : 'stop', promptTokens, completionTokens: kept.length };
}

/**
 * The chat answer: `Hello from <model>. You said: <last user message>` in space-split pieces. A
 * `reasoning`/`reasoning-content` model first streams its thinking as reasoning pieces; a `think-tags` model streams it
 * inside the content as `<think>…</think>` (the closing tag split across two pieces). `maxTokens`
 * counts every piece, thinking included.
 */
export function chatAnswer(model: string, messages: ChatMessage[], style: ChatStyle, maxTokens?: number, extraPrompt = ''): Answer {
  const user = lastUserText(messages);
  const promptTokens = messages.reduce((n, m) => n + wordCount(m.content), 0) + wordCount(extraPrompt);
  const answer = splitKeepSpaces(replyText(model, user)).map((t): Piece => ({ kind: 'text', text: t }));
  const thinking = splitKeepSpaces(`Thinking about: ${user}`);
  let pieces: Piece[] = answer;
  if (style === 'reasoning' || style === 'reasoning-content') pieces = [...thinking.map((t): Piece => ({ kind: 'reasoning', text: t })), ...answer];
  if (style === 'think-tags') {
    const tagged = ['<think>', ...thinking, '</', 'think>', '\n\n'].map((t): Piece => ({ kind: 'text', text: t }));
    pieces = [...tagged, ...answer];
  }
  return limit(pieces, maxTokens, promptTokens);
}

/** The completion answer: ` completion of: <prompt>`. */
export function completionAnswer(prompt: string, maxTokens?: number): Answer {
  const pieces = splitKeepSpaces(` completion of: ${prompt}`).map((t): Piece => ({ kind: 'text', text: t }));
  return limit(pieces, maxTokens, wordCount(prompt));
}

export function joinText(a: Answer, kind: Piece['kind'] = 'text'): string {
  return a.pieces.filter((p) => p.kind === kind).map((p) => p.text).join('');
}

/** A deterministic unit vector for a text. */
export function embedding(input: string, dims = 8): number[] {
  const h = createHash('sha256').update(input).digest();
  const v = Array.from({ length: dims }, (_, i) => (h[i] - 127.5) / 127.5);
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => Math.round((x / norm) * 1e6) / 1e6);
}

/** A relevance logit: shared words between query and document, so "relevant" documents win. */
export function relevance(query: string, doc: string, index: number): number {
  const words = (s: string): Set<string> => new Set(s.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2));
  const q = words(query);
  let shared = 0;
  for (const w of words(doc)) if (q.has(w)) shared++;
  return Math.round((shared * 2.5 - 4 - index * 0.01) * 1e6) / 1e6;
}

/** Sentiment-ish labels for classification. */
export function classify(input: string): { label: string; score: number }[] {
  const positive = /\b(good|great|love|like|works|excellent|nice|happy)\b/i.test(input);
  return positive
    ? [{ label: 'POSITIVE', score: 0.9998 }, { label: 'NEGATIVE', score: 0.0002 }]
    : [{ label: 'NEGATIVE', score: 0.9731 }, { label: 'POSITIVE', score: 0.0269 }];
}

/** A tiny valid WAV: 0.05 s of a 440 Hz tone, 16-bit mono PCM at 8 kHz. */
export function wavBytes(): Buffer {
  const rate = 8000;
  const samples = 400;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(3000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);          // PCM
  h.writeUInt16LE(1, 22);          // mono
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28);   // byte rate
  h.writeUInt16LE(2, 32);          // block align
  h.writeUInt16LE(16, 34);         // bits per sample
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

/** A 1×1 PNG, base64. */
export const PNG_1X1_B64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

export function hex32(): string {
  return createHash('md5').update(`${Date.now()}-${Math.random()}`).digest('hex');
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
