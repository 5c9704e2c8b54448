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

/** A JSON value in the text: where it starts and ends, and its members. */
interface JsonNode {
  start: number;
  end: number;
  /** Object members (key, where the key starts) or array items (key = position). */
  members?: { key: string; keyStart: number; value: JsonNode }[];
}

/** A small JSON-with-comments reader (settings.json allows comments and trailing commas). Throws on malformed text. */
function readJsonc(text: string): JsonNode {
  let i = 0;
  const skip = () => {
    for (;;) {
      while (i < text.length && /\s/.test(text[i])) i++;
      if (text.startsWith('//', i)) { while (i < text.length && text[i] !== '\n') i++; continue; }
      if (text.startsWith('/*', i)) { const e = text.indexOf('*/', i + 2); if (e < 0) throw new Error('unterminated comment'); i = e + 2; continue; }
      return;
    }
  };
  const str = (): string => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) throw new Error('unterminated string');
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): JsonNode => {
    skip();
    const start = i;
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      const members: NonNullable<JsonNode['members']> = [];
      i++;
      for (;;) {
        skip();
        if (text[i] === close) { i++; return { start, end: i, members }; }
        if (i >= text.length) throw new Error('unterminated');
        let key = String(members.length);
        let keyStart = i;
        if (c === '{') {
          if (text[i] !== '"') throw new Error('key expected');
          keyStart = i;
          key = str();
          skip();
          if (text[i++] !== ':') throw new Error('colon expected');
        }
        members.push({ key, keyStart, value: value() });
        skip();
        if (text[i] === ',') i++;
        else if (text[i] !== close) throw new Error('comma expected');
      }
    }
    if (c === '"') { str(); return { start, end: i }; }
    while (i < text.length && !/[\s,\]}/]/.test(text[i])) i++;
    if (i === start) throw new Error('value expected');
    return { start, end: i };
  };
  return value();
}

/** What to select: an entry by position (invalid entries have no usable id) or by id, and a dotted field path. */
export interface FieldTarget { index?: number; endpointId?: string; field?: string }

/**
 * The range to select for a field of an entry of `maas.endpoints`: the field's value (`models.0.task` →
 * the task's value), else the deepest part of the path that exists (a missing field → the entry), else
 * what `locateEndpointEntry` finds. Undefined when the text has no `maas.endpoints`.
 */
export function locateEndpointField(text: string, target: FieldTarget): { offset: number; length: number } | undefined {
  let root: JsonNode;
  try { root = readJsonc(text); } catch { return locateEndpointEntry(text, target.index ?? target.endpointId); }
  const setting = root.members?.find((m) => m.key === 'maas.endpoints');
  if (!setting) return undefined;
  const entries = setting.value.members ?? [];
  const entry = target.index !== undefined
    ? entries[target.index]
    : entries.find((m) => m.value.members?.some((f) => f.key === 'id' && JSON.stringify(target.endpointId) === text.slice(f.value.start, f.value.end)));
  if (!entry) return { offset: setting.keyStart, length: '"maas.endpoints"'.length };
  let node = entry.value;
  for (const part of (target.field ?? '').split('.').filter(Boolean)) {
    const next = node.members?.find((m) => m.key === part);
    if (!next) break;
    node = next.value;
  }
  return { offset: node.start, length: node.end - node.start };
}
