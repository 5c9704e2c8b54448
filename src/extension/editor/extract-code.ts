/**
 * The code in a model's answer to a refactor request: chatter before and after dropped, the fenced block
 * taken (``` or ~~~; the one labelled with the document's language, else the largest), a fence whose
 * block itself holds fences (markdown files) kept whole, an unfenced answer taken as it is, leftover
 * `<think>` reasoning removed, CRLF read as LF. Pure.
 */

export interface ExtractedCode {
  code: string;
  /** True when the code came from a fenced block. */
  fenced: boolean;
  /** The fence's info word, lower-cased (`ts`, `python`), when it had one. */
  language?: string;
  /** True when the block's closing fence has not arrived (the answer is still streaming, or was cut). */
  open?: boolean;
}

interface Fence { char: '`' | '~'; length: number; info: string }

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

function fenceOf(line: string): Fence | undefined {
  const m = FENCE.exec(line);
  if (!m) return undefined;
  const run = m[1];
  const info = m[2].trim();
  if (run[0] === '`' && info.includes('`')) return undefined; // not a fence in CommonMark
  return { char: run[0] as Fence['char'], length: run.length, info };
}

const closes = (f: Fence, open: Fence): boolean => f.char === open.char && f.length >= open.length && f.info === '';

interface Block { language: string; lines: string[]; open: boolean }

const MARKDOWN = new Set(['markdown', 'md', 'mdx']);

/**
 * Every fenced block, outermost only. Inside a block, a fence line with an info string opens a nested
 * block (a closing fence never has one) and a bare fence closes the innermost. A markdown-labelled
 * block, whose inner fences models often leave unlabelled, runs to the last bare fence that could close it.
 */
function blocks(lines: string[]): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = fenceOf(lines[i]);
    if (!open) continue;
    const language = open.info.split(/\s+/)[0].replace(/^\{?\.?|\}$/g, '').toLowerCase();
    let end = -1;
    if (MARKDOWN.has(language)) {
      for (let j = lines.length - 1; j > i; j--) {
        const f = fenceOf(lines[j]);
        if (f && closes(f, open)) { end = j; break; }
      }
    } else {
      let depth = 0;
      for (let j = i + 1; j < lines.length; j++) {
        const f = fenceOf(lines[j]);
        if (!f || f.char !== open.char) continue;
        if (f.info !== '') { depth++; continue; }
        if (depth > 0) { depth--; continue; }
        if (closes(f, open)) { end = j; break; }
      }
    }
    out.push({ language, lines: lines.slice(i + 1, end < 0 ? lines.length : end), open: end < 0 });
    if (end < 0) break;
    i = end;
  }
  return out;
}

/** Removes reasoning a server left in the text: a leading `<think>…</think>` (or an unclosed one). */
export function stripThinking(text: string): string {
  const m = /^\s*<think>/.exec(text);
  if (!m) return text;
  const close = text.indexOf('</think>', m[0].length);
  return close < 0 ? '' : text.slice(close + '</think>'.length);
}

/** Language ids (VS Code's) and the fence labels models use for them. */
const ALIASES: Record<string, string[]> = {
  typescript: ['ts', 'typescript'], typescriptreact: ['tsx', 'typescript', 'ts'],
  javascript: ['js', 'javascript', 'node'], javascriptreact: ['jsx', 'javascript', 'js'],
  python: ['py', 'python', 'python3'], shellscript: ['sh', 'bash', 'shell', 'zsh'],
  csharp: ['cs', 'csharp', 'c#'], cpp: ['cpp', 'c++', 'cc', 'cxx'], c: ['c', 'h'],
  markdown: ['md', 'markdown'], yaml: ['yaml', 'yml'], rust: ['rs', 'rust'], go: ['go', 'golang'],
  ruby: ['rb', 'ruby'], kotlin: ['kt', 'kotlin'], powershell: ['ps1', 'powershell', 'pwsh'],
  dockerfile: ['dockerfile', 'docker'], plaintext: ['text', 'txt', 'plaintext'],
};

export function fenceLabels(languageId: string): string[] {
  return ALIASES[languageId] ?? [languageId.toLowerCase()];
}

const INTRO = /^(sure|certainly|of course|okay|ok|here|below|the following|i('ve| have)?|this is|refactored|updated|modified)\b.*[:.!]$/i;
const OUTRO = /^(this|these|the (above|code|changes|refactor)|i('ve| have)?|note|explanation|changes|key changes|summary|let me know|hope|in this)\b/i;

/** An answer without fences: one introducing line (ending in `:`) and closing prose paragraphs removed. */
function unfenced(text: string): string {
  const paragraphs = text.split(/\n[ \t]*\n/);
  if (paragraphs.length > 1 && !paragraphs[0].includes('\n') && INTRO.test(paragraphs[0].trim()) && paragraphs[0].trim().endsWith(':')) paragraphs.shift();
  while (paragraphs.length > 1 && OUTRO.test(paragraphs[paragraphs.length - 1].trim())) paragraphs.pop();
  const code = paragraphs.join('\n\n');
  const inline = /^`([^`\n]+)`$/.exec(code.trim());
  return inline ? inline[1] : code;
}

const trimBlankLines = (s: string): string => s.replace(/^(?:[ \t]*\n)+/, '').replace(/(?:\n[ \t]*)+$/, '');

/**
 * The code in `answer`, or undefined when it holds none. `languageId` (VS Code's id of the document)
 * picks among several blocks. With `partial` (the answer is still streaming), text before any fence
 * has opened yields nothing rather than chatter that might still turn out to be an introduction.
 */
export function extractCode(answer: string, languageId: string, partial = false): ExtractedCode | undefined {
  const text = stripThinking(answer.replace(/\r\n?/g, '\n'));
  const lines = text.split('\n');
  // While streaming, the last line may be an unfinished fence line ("```ty"): hold it back.
  const complete = partial ? lines.slice(0, -1) : lines;
  const found = blocks(complete);
  if (found.length === 0) {
    if (partial) return undefined;
    const code = trimBlankLines(unfenced(text.trim()));
    return code.trim() ? { code, fenced: false } : undefined;
  }
  const last = lines[lines.length - 1];
  if (partial && found[found.length - 1].open && !/^ {0,3}[`~]/.test(last)) found[found.length - 1].lines.push(last);
  const labels = fenceLabels(languageId);
  const matching = found.filter((b) => labels.includes(b.language));
  const pool = matching.length ? matching : found.filter((b) => b.language === '' || !['diff', 'patch', 'console', 'output'].includes(b.language));
  const candidates = pool.length ? pool : found;
  const size = (b: Block): number => b.lines.join('\n').trim().length;
  const best = candidates.reduce((a, b) => (size(b) > size(a) ? b : a));
  const code = trimBlankLines(best.lines.join('\n'));
  return { code, fenced: true, ...(best.language ? { language: best.language } : {}), ...(best.open ? { open: true } : {}) };
}
