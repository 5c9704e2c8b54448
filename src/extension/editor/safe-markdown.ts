/**
 * A model's markdown made safe for the explanation preview: raw HTML shown as text and images turned into
 * plain links (so an answer cannot load remote content), while fenced and inline code stay exactly as
 * written. The preview then renders what `supportHtml: false` would in the chat view. Pure.
 */

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Escapes `<` and image syntax in prose, leaving code spans (`` `…` ``, any backtick run) alone. */
function prose(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    const tick = line.indexOf('`', i);
    const plainEnd = tick < 0 ? line.length : tick;
    out += line.slice(i, plainEnd).replace(/</g, '&lt;').replace(/!\[/g, '\\![');
    if (tick < 0) break;
    const run = /^`+/.exec(line.slice(tick))![0];
    const close = line.indexOf(run, tick + run.length);
    // an unclosed run is literal text (CommonMark), so what follows is prose
    if (close < 0) { out += run + prose(line.slice(tick + run.length)); break; }
    out += line.slice(tick, close + run.length);
    i = close + run.length;
  }
  return out;
}

export function safeMarkdown(text: string): string {
  let open: string | undefined;
  return text.split('\n').map((line) => {
    const fence = FENCE.exec(line)?.[1];
    if (open !== undefined) {
      if (fence && fence[0] === open[0] && fence.length >= open.length && line.trim() === fence) open = undefined;
      return line;
    }
    if (fence) { open = fence; return line; }
    return prose(line);
  }).join('\n');
}
