/** The `--config FILE` document: `{ "endpoints": [...] }`, validated entry by entry by core. */
import { parseEndpoints, type ConfigProblem } from '../core/endpoint/config';
import type { Endpoint } from '../core/endpoint/schema';
import { MaasError } from '../core/errors';

export interface LoadedConfig {
  file: string;
  endpoints: Endpoint[];
  problems: ConfigProblem[];
  warnings: { endpointId: string; message: string }[];
  /** Warnings about the file itself (unknown top-level keys). */
  fileWarnings: string[];
  /** How many entries the file lists, valid or not. */
  entryCount: number;
  /** The ids of every entry that has one, valid or not, in file order. */
  entryIds: string[];
}

/** Reads and validates the file. A file that cannot be read or is not the right shape throws MaasError kind `config`. */
export async function loadConfig(file: string, readFile: (path: string) => Promise<string>): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new MaasError({ kind: 'config', message: `cannot read config file ${file}: ${why}` });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new MaasError({ kind: 'config', message: `config file ${file} is not valid JSON: ${(e as Error).message}` });
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || !('endpoints' in doc)) {
    throw new MaasError({ kind: 'config', message: `config file ${file} must be a JSON object { "endpoints": [ … ] }` });
  }
  const raw = doc.endpoints;
  const parsed = parseEndpoints(raw);
  const entries = Array.isArray(raw) ? raw : [];
  const fileWarnings = Object.keys(doc).filter((k) => k !== 'endpoints' && k !== '$schema')
    .map((k) => `config file ${file}: unknown top-level key "${k}" is ignored`);
  const entryIds = entries.flatMap((e: unknown) => (e && typeof e === 'object' && typeof (e as { id?: unknown }).id === 'string' ? [(e as { id: string }).id] : []));
  return { file, ...parsed, fileWarnings, entryCount: entries.length, entryIds };
}

/** The problems of one entry joined into one sentence-list. */
export function problemsByEntry(problems: readonly ConfigProblem[]): { index: number; endpointId?: string; message: string }[] {
  const byIndex = new Map<number, { index: number; endpointId?: string; messages: string[] }>();
  for (const p of problems) {
    const entry = byIndex.get(p.index) ?? { index: p.index, ...(p.endpointId ? { endpointId: p.endpointId } : {}), messages: [] };
    entry.messages.push(p.message);
    byIndex.set(p.index, entry);
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index).map((e) => ({
    index: e.index, ...(e.endpointId ? { endpointId: e.endpointId } : {}), message: joinProblems(e.messages),
  }));
}

/** `endpoint "x": a; endpoint "x": b` → `endpoint "x": a; b`. */
function joinProblems(messages: string[]): string {
  if (messages.length === 1) return messages[0];
  const prefix = /^(endpoint (?:"[^"]*"|#\d+)): /.exec(messages[0])?.[1];
  if (prefix && messages.every((m) => m.startsWith(`${prefix}: `))) {
    return `${prefix}: ${messages.map((m) => m.slice(prefix.length + 2)).join('; ')}`;
  }
  return messages.join('; ');
}
