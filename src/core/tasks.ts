/** The kinds of work a model can do. A model may do several (an `llm` on GPUStack does chat and completion). */
export const TASKS = [
  'chat', 'completion', 'embedding', 'rerank', 'classification',
  'transcription', 'speech', 'image', 'translation', 'prediction',
] as const;
export type Task = (typeof TASKS)[number];

export function isTask(value: unknown): value is Task {
  return typeof value === 'string' && (TASKS as readonly string[]).includes(value);
}
