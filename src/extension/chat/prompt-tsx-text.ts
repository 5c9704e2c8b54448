/**
 * The text of a prompt-tsx element tree (what a tool built with `@vscode/prompt-tsx` returns in a
 * LanguageModelPromptTsxPart): `{node}` holds pieces (`type` 1) with `children`, and text nodes
 * (`type` 2) with `text`, a line break before them when `lineBreakBefore` says so. Pure.
 */
const MAX_DEPTH = 100;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function promptTsxText(value: unknown): string {
  const out: string[] = [];
  const walk = (n: unknown, depth: number): void => {
    if (depth > MAX_DEPTH || !isObj(n)) return;
    if (n.type === 2 && typeof n.text === 'string') {
      if (n.lineBreakBefore === true && out.length) out.push('\n');
      out.push(n.text);
      return;
    }
    if (Array.isArray(n.children)) for (const c of n.children) walk(c, depth + 1);
  };
  walk(isObj(value) && 'node' in value ? value.node : value, 0);
  return out.join('');
}
