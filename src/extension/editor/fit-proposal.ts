/**
 * A proposal made to fit the selection it replaces: the document's line ends, the selection's indentation
 * when the model dropped it (or echoed the selection's unindented first line), and a final line break
 * exactly when the selection had one. Pure.
 */

export interface SelectionShape {
  /** The text of the selection's first line before the selection starts (it stays in the document). */
  before: string;
  /** The selected text as it is in the document. */
  original: string;
  eol: '\n' | '\r\n';
}

const indentOf = (line: string): string => /^[ \t]*/.exec(line)![0];
const isBlank = (line: string): boolean => line.trim() === '';

/** The longest leading whitespace every non-blank line shares. */
export function commonIndent(lines: string[]): string {
  let common: string | undefined;
  for (const line of lines) {
    if (isBlank(line)) continue;
    const ind = indentOf(line);
    if (common === undefined) { common = ind; continue; }
    let i = 0;
    while (i < common.length && i < ind.length && common[i] === ind[i]) i++;
    common = common.slice(0, i);
  }
  return common ?? '';
}

function reindent(lines: string[], from: string, to: string): string[] {
  return lines.map((l) => (isBlank(l) ? '' : to + l.slice(from.length)));
}

export function fitProposal(code: string, shape: SelectionShape): string {
  const original = shape.original.replace(/\r\n?/g, '\n').split('\n');
  const endsWithBreak = original.length > 1 && original[original.length - 1] === '';
  let lines = code.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  const before = shape.before;
  if (/^[ \t]*$/.test(before)) {
    // The selection as whole lines: the indentation the replacement must have.
    const target = commonIndent([before + original[0], ...original.slice(1)]);
    // An answer shaped like the selection (first line without the indentation before it, the rest indented).
    if (before && indentOf(lines[0]) === '' && lines.length > 1 && commonIndent(lines.slice(1)).length >= before.length) lines[0] = before + lines[0];
    const have = commonIndent(lines);
    if (have !== target) lines = reindent(lines, have, target);
    lines[0] = lines[0].startsWith(before) ? lines[0].slice(before.length) : lines[0].trimStart();
  } else {
    // The selection starts mid-line: its first line follows the text before it; the rest keep the original's indentation.
    lines[0] = lines[0].trimStart();
    if (lines.length > 1) {
      const rest = original.slice(1);
      const target = rest.some((l) => !isBlank(l)) ? commonIndent(rest) : indentOf(before);
      const have = commonIndent(lines.slice(1));
      if (have.length < target.length) lines = [lines[0], ...reindent(lines.slice(1), have, target)];
    }
  }
  return lines.join(shape.eol) + (endsWithBreak ? shape.eol : '');
}
