/**
 * The task panel's short history: the last runs of each task, newest first, with their inputs and a
 * result small enough to keep (media only as type and size). Pure; the panel keeps it in workspaceState.
 */
import type { HistoryEntry, PanelResult, PanelTask, TaskInputs } from './protocol';

export const HISTORY_PER_TASK = 10;

/** The entry added in front; then at most `perTask` entries of each task, newest first. */
export function addToHistory(list: readonly HistoryEntry[], entry: HistoryEntry, perTask = HISTORY_PER_TASK): HistoryEntry[] {
  const counts = new Map<PanelTask, number>();
  const out: HistoryEntry[] = [];
  for (const e of [entry, ...list]) {
    const n = counts.get(e.task) ?? 0;
    if (n >= perTask) continue;
    counts.set(e.task, n + 1);
    out.push(e);
  }
  return out;
}

/** What is kept of a result: media lose their bytes (type and size stay). */
export function keptResult(result: PanelResult): PanelResult {
  if (result.task === 'speech' || result.task === 'image') return { task: result.task, mimeType: result.mimeType, bytes: result.bytes };
  return result;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const clip = (s: string, n = 60): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s).replace(/\s+/g, ' ');

/** One line describing a run for the History list: what was asked (when the result does not say) and what came back. */
export function summarize(result: PanelResult, inputs: TaskInputs = {}): string {
  const asked = result.task === 'speech' || result.task === 'translation' || result.task === 'classification' ? inputs.text
    : result.task === 'image' ? inputs.prompt
      : result.task === 'transcription' ? inputs.file?.split(/[\\/]/).pop() : undefined;
  const outcome = summarizeResult(result);
  return asked?.trim() ? `“${clip(asked.trim(), 40)}” → ${outcome}` : outcome;
}

function summarizeResult(result: PanelResult): string {
  switch (result.task) {
    case 'rerank': {
      const best = result.items[0];
      return best ? `${result.items.length} ranked; best #${best.index + 1}: ${clip(best.text, 40)}` : 'no results';
    }
    case 'classification': {
      const top = result.labels[0];
      return top ? `${top.label} (${top.score.toFixed(3)})` : 'no labels';
    }
    case 'embedding': return `${result.texts.length} vectors × ${result.dimensions} dimensions`;
    case 'transcription': return clip(result.text);
    case 'translation': return clip(result.translation);
    case 'speech': case 'image': return `${result.mimeType}, ${formatBytes(result.bytes)}`;
    case 'prediction': return clip(JSON.stringify(result.data) ?? 'no data');
  }
}

/** A stored history that no longer parses as a list is dropped rather than trusted. */
export function readHistory(stored: unknown): HistoryEntry[] {
  if (!Array.isArray(stored)) return [];
  return stored.filter((e): e is HistoryEntry => typeof e === 'object' && e !== null && typeof (e as HistoryEntry).task === 'string'
    && typeof (e as HistoryEntry).endpointId === 'string' && typeof (e as HistoryEntry).modelId === 'string' && typeof (e as HistoryEntry).inputs === 'object');
}
