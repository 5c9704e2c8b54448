/** Normalised models: what discovery returns for every platform. */
import type { Task } from './tasks';
import type { ModelEntry } from './endpoint/schema';

export interface ModelInfo {
  endpointId: string;
  /** The id users pass (`--model`, `maas.defaultChatModel`); what goes in the request's `model` unless `servedModel` says otherwise. */
  id: string;
  label: string;
  tasks: Task[];
  /** Per-model base URL when the platform has one (OpenShift AI `url`, OICM `{baseUrl}/models/{id}/proxy`). */
  url?: string;
  contextLength?: number;
  /** The model's replies start with `<think>` reasoning. */
  reasoning?: boolean;
  /** Largest answer, in tokens, when the server says (or the model's `defaults.maxTokens`). */
  maxOutputTokens?: number;
  /** The platform's chat API can send tools and stream tool calls back (false on Intel Tiber's generatestream). */
  toolCalling?: boolean;
  /** The model accepts images in user messages. */
  imageInput?: boolean;
  /** TTS voices when the server lists them (GPUStack meta.voices). */
  voices?: string[];
  /** Where it came from: the gateway's catalogue, or only the endpoint's `models` setting. */
  source: 'discovered' | 'configured';
}

/** Configured entries override the task and label of a discovered model with the same id; the others are added. */
export function mergeConfiguredModels(endpointId: string, discovered: ModelInfo[], configured: ModelEntry[]): ModelInfo[] {
  const byId = new Map(discovered.map((m) => [m.id, { ...m }]));
  for (const c of configured) {
    const d = byId.get(c.id);
    if (d) { d.tasks = c.tasks; d.label = c.label; }
    else byId.set(c.id, { endpointId, id: c.id, label: c.label, tasks: c.tasks, source: 'configured' });
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
