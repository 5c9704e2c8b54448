/**
 * From the panel's form to core's request, and from core's result to what the page shows. Pure. A form
 * that cannot be sent throws InputError, whose message the page shows beside the form.
 */
import type { MediaResult, RunnableTask, TaskRequest, TaskResult } from '../../core/tasks/types';
import type { PanelResult, TaskInputs } from './protocol';
import { cosineMatrix } from './similarity';

export class InputError extends Error {}

/** One item per line; when blank lines separate the text, one item per paragraph. Empty items dropped. */
export function splitItems(text: string): string[] {
  const normalized = text.replace(/\r\n?/g, '\n').trim();
  const parts = /\n[ \t]*\n/.test(normalized) ? normalized.split(/\n[ \t]*\n+/) : normalized.split('\n');
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

const need = (value: string | undefined, what: string): string => {
  const v = value?.trim() ?? '';
  if (!v) throw new InputError(`Enter ${what}.`);
  return v;
};

export function toRequest<T extends RunnableTask>(task: T, model: string, inputs: TaskInputs): TaskRequest<T> {
  return buildRequest(task, model, inputs) as TaskRequest<T>;
}

/** Every task's request from one switch; toRequest gives it the task's type. */
function buildRequest(task: RunnableTask, model: string, i: TaskInputs): unknown {
  switch (task) {
    case 'rerank': {
      const query = need(i.query, 'a query');
      const documents = splitItems(i.documents ?? '');
      if (!documents.length) throw new InputError('Enter the documents to rank, one per line (or paragraphs separated by a blank line).');
      const top = i.topN?.trim();
      let topN: number | undefined;
      if (top) {
        topN = Number(top);
        if (!Number.isInteger(topN) || topN < 1) throw new InputError('Top N is a whole number of 1 or more (or empty for all).');
      }
      return { model, query, documents, ...(topN !== undefined ? { topN } : {}) };
    }
    case 'classification': return { model, text: need(i.text, 'the text to classify') };
    case 'translation': return { model, text: need(i.text, 'the text to translate') };
    case 'embedding': {
      const texts = splitItems(i.texts ?? '');
      if (!texts.length) throw new InputError('Enter the texts to embed, one per line.');
      return { model, texts };
    }
    case 'transcription': {
      const file = need(i.file, 'an audio file (Choose File…)');
      const language = i.language?.trim();
      return { model, file, ...(language ? { language } : {}) };
    }
    case 'speech': {
      const text = need(i.text, 'the text to speak');
      const voice = i.voice?.trim();
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(i.params ?? {})) if (v.trim() !== '') params[k] = v.trim();
      return { model, text, ...(voice ? { voice } : {}), ...(Object.keys(params).length ? { params } : {}) };
    }
    case 'image': {
      const prompt = need(i.prompt, 'a prompt');
      const size = i.size?.trim();
      if (size && !/^\d+x\d+$/.test(size)) throw new InputError('Size is WIDTHxHEIGHT, e.g. 512x512.');
      return { model, prompt, ...(size ? { size } : {}) };
    }
    case 'prediction': {
      const raw = need(i.input, 'the input as JSON');
      try {
        return { model, input: JSON.parse(raw) as unknown };
      } catch (e) {
        throw new InputError(`The input is not JSON: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}

const dataUrl = (m: MediaResult): string => `data:${m.mimeType};base64,${Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength).toString('base64')}`;

/** What the page shows for a result (rerank items carry their document's text even when the server left it out). */
export function toPanelResult<T extends RunnableTask>(task: T, req: TaskRequest<T>, result: TaskResult<T>): PanelResult {
  switch (task) {
    case 'rerank': {
      const r = req as TaskRequest<'rerank'>;
      const items = (result as TaskResult<'rerank'>).results.map((x) => ({ index: x.index, score: x.score, text: x.text ?? r.documents[x.index] ?? '' }));
      return { task, query: r.query, items };
    }
    case 'classification': return { task, labels: (result as TaskResult<'classification'>).labels };
    case 'embedding': {
      const e = result as TaskResult<'embedding'>;
      return { task, texts: (req as TaskRequest<'embedding'>).texts, dimensions: e.dimensions, similarity: cosineMatrix(e.embeddings) };
    }
    case 'transcription': return { task, text: (result as TaskResult<'transcription'>).text };
    case 'translation': return { task, translation: (result as TaskResult<'translation'>).translation };
    case 'speech': case 'image': {
      const m = result as MediaResult;
      return { task, mimeType: m.mimeType, bytes: m.bytes.byteLength, dataUrl: dataUrl(m) };
    }
    case 'prediction': {
      const p = result as TaskResult<'prediction'>;
      return { task, data: p.data, ...(p.meta !== undefined ? { meta: p.meta } : {}) };
    }
  }
  throw new Error(`unknown task ${String(task)}`);
}
