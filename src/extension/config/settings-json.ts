/**
 * Finds an entry of `maas.endpoints` in the text of settings.json (JSON with comments), so Edit in
 * settings.json can put the cursor on it. Pure and forgiving: undefined when it cannot tell.
 */

/** Offsets of the `{` of each top-level object in the array that starts at `open` (a `[`), and its end. */
function arrayObjects(text: string, open: number): { starts: number[]; end: number } {
  const starts: number[] = [];
  let end = text.length;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '[' || c === '{') {
      if (c === '{' && depth === 1) starts.push(i);
      depth++;
    } else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) { end = i; break; }
    }
  }
  return { starts, end };
}

/**
 * The offset to reveal: the entry whose `"id"` is `target` (a string), or the entry at position `target`
 * (a number), or the `"maas.endpoints"` key itself when the entry is not found.
 */
export function locateEndpointEntry(text: string, target: string | number | undefined): { offset: number; length: number } | undefined {
  const key = /"maas\.endpoints"\s*:\s*\[/.exec(text);
  if (!key) return undefined;
  const open = key.index + key[0].length - 1;
  const fallback = { offset: key.index, length: '"maas.endpoints"'.length };
  const { starts, end } = arrayObjects(text, open);
  if (typeof target === 'number') {
    const at = starts[target];
    return at === undefined ? fallback : { offset: at, length: 1 };
  }
  if (typeof target === 'string') {
    const idText = JSON.stringify(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(`"id"\\s*:\\s*${idText}`, 'g');
    re.lastIndex = open;
    const m = re.exec(text);
    if (m && m.index < end) return { offset: m.index, length: m[0].length };
  }
  return fallback;
}
