/** The kinds of work a model can do. A model may do several (an `llm` on GPUStack does chat and completion). */
export const TASKS = [
  'chat', 'completion', 'embedding', 'rerank', 'classification',
  'transcription', 'speech', 'image', 'translation', 'prediction',
] as const;
export type Task = (typeof TASKS)[number];

export function isTask(value: unknown): value is Task {
  return typeof value === 'string' && (TASKS as readonly string[]).includes(value);
}

/**
 * The tasks of a model known only by its id (OpenAI model lists carry no task): rerankers first
 * (`bge-reranker-…` is a reranker, not an embedder), then embedding models, else a text generator.
 * Case-insensitive; `e5-`, `gte-` and `bge-` count only at the start of a name part (`intfloat/e5-…`).
 */
export function tasksFromModelId(id: string): Task[] {
  if (/rerank/i.test(id)) return ['rerank'];
  if (/embed|(?:^|[/_.:-])(?:bge|e5|gte)-/i.test(id)) return ['embedding'];
  return ['chat', 'completion'];
}
