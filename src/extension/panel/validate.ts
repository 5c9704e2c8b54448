/**
 * Checks a message from the task panel's page before the host acts on it: the page is a web page, so
 * its messages are treated as untrusted input (known type, fields of the right type, sizes capped).
 * Pure. Returns undefined for anything else.
 */
import { RUNNABLE_TASKS, type RunnableTask } from '../../core/tasks/types';
import type { PageMessage, TaskInputs } from './protocol';

/** The largest text field accepted from the page (a long document list for rerank fits). */
export const MAX_FIELD = 1_000_000;
const INPUT_KEYS = ['query', 'documents', 'topN', 'text', 'texts', 'file', 'language', 'voice', 'prompt', 'size', 'input'] as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max = 400): v is string => typeof v === 'string' && v.length <= max;
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isTask = (v: unknown): v is RunnableTask => typeof v === 'string' && (RUNNABLE_TASKS as readonly string[]).includes(v);

/** The inputs with only known string fields kept; undefined when a field has the wrong type or size. */
export function validInputs(v: unknown): TaskInputs | undefined {
  if (!isObj(v)) return undefined;
  const out: TaskInputs = {};
  for (const k of INPUT_KEYS) {
    const x = v[k];
    if (x === undefined) continue;
    if (!isStr(x, MAX_FIELD)) return undefined;
    out[k] = x;
  }
  if (v.params !== undefined) {
    if (!isObj(v.params)) return undefined;
    const params: Record<string, string> = {};
    for (const [k, x] of Object.entries(v.params)) {
      if (!isStr(k, 200) || !isStr(x, MAX_FIELD) || k === '__proto__') return undefined;
      params[k] = x;
    }
    out.params = params;
  }
  return out;
}

export function validPageMessage(v: unknown): PageMessage | undefined {
  if (!isObj(v) || typeof v.type !== 'string') return undefined;
  switch (v.type) {
    case 'ready': return { type: 'ready' };
    case 'pickFile': return { type: 'pickFile' };
    case 'cancel': return isId(v.runId) ? { type: 'cancel', runId: v.runId } : undefined;
    case 'save': return isId(v.runId) ? { type: 'save', runId: v.runId } : undefined;
    case 'fix': return isId(v.id) ? { type: 'fix', id: v.id } : undefined;
    case 'copy': case 'insert': return isStr(v.text, MAX_FIELD) ? { type: v.type, text: v.text } : undefined;
    case 'schema':
      return isTask(v.task) && isStr(v.endpointId) && isStr(v.modelId) ? { type: 'schema', task: v.task, endpointId: v.endpointId, modelId: v.modelId } : undefined;
    case 'run': {
      const inputs = validInputs(v.inputs);
      if (!isId(v.runId) || !isTask(v.task) || !isStr(v.endpointId) || !isStr(v.modelId) || !inputs) return undefined;
      return { type: 'run', runId: v.runId, task: v.task, endpointId: v.endpointId, modelId: v.modelId, inputs };
    }
    default: return undefined;
  }
}
