/** How task results print: the contract's JSON document per command, and the lines people read. */
import * as path from 'node:path';
import type { ClassifyResult, EmbedResult, PredictResult, RerankResult } from '../../core/tasks/types';

/** One line per document: score, original position, text cut to `columns` when stdout is a terminal. */
export function rerankLines(r: RerankResult, columns?: number): string {
  const scores = r.results.map((x) => formatScore(x.score));
  const sw = Math.max(...scores.map((s) => s.length), 0);
  const iw = Math.max(...r.results.map((x) => String(x.index).length), 0) + 2;
  return r.results.map((x, i) => {
    const head = `${scores[i].padStart(sw)}  ${`[${x.index}]`.padEnd(iw)}`;
    const text = oneLine(x.text ?? '');
    return `${head}  ${columns ? cut(text, columns - head.length - 2) : text}`.trimEnd() + '\n';
  }).join('');
}

export function labelLines(r: ClassifyResult): string {
  const w = Math.max(...r.labels.map((l) => l.label.length), 0);
  return r.labels.map((l) => `${oneLine(l.label).padEnd(w)}  ${formatScore(l.score)}\n`).join('');
}

export function embedSummary(r: EmbedResult): string {
  const n = r.embeddings.length;
  return `${n} ${n === 1 ? 'vector' : 'vectors'} of ${r.dimensions} dimensions\n`;
}

export function predictionText(r: PredictResult): string {
  return JSON.stringify(predictionDoc(r), null, 2) + '\n';
}

export function predictionDoc(r: PredictResult): { data: unknown; meta?: unknown } {
  return { data: r.data, ...(r.meta !== undefined ? { meta: r.meta } : {}) };
}

/** Scores as the server gave them, to 4 significant decimals (tiny ones in exponent form). */
export function formatScore(s: number): string {
  if (s !== 0 && Math.abs(s) < 0.0001) return s.toExponential(2);
  return s.toFixed(4);
}

function oneLine(s: string): string { return s.replace(/\s+/g, ' ').trim(); }

function cut(s: string, width: number): string {
  if (width < 8 || [...s].length <= width) return s;
  return [...s].slice(0, width - 1).join('') + '…';
}

const BY_EXTENSION: Record<string, string> = {
  '.wav': 'audio/wav', '.mp3': 'audio/mpeg', '.ogg': 'audio/ogg', '.opus': 'audio/ogg', '.flac': 'audio/flac', '.aac': 'audio/aac', '.pcm': 'audio/pcm',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp', '.gif': 'image/gif',
};

/** The type of bytes neither the server nor their signature named: from the file's extension. */
export function mimeFromOut(file: string): string {
  return BY_EXTENSION[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
