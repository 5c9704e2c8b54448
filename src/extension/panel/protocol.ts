/**
 * The task panel's messages between the extension host and its web page (media/panel). Type-only: the
 * page's bundle imports this file and must get no code from it. The host checks every message from the
 * page with validate.ts before acting on it.
 */
import type { RunnableTask, SchemaField } from '../../core/tasks/types';

export type PanelTask = RunnableTask;

/** A model the panel can run, with the tasks it does (only runnable ones). */
export interface ModelChoice {
  endpointId: string;
  endpointLabel: string;
  modelId: string;
  label: string;
  tasks: PanelTask[];
  voices?: string[];
}

/**
 * The form as the user typed it, every field a string (so it can go back into the form unchanged).
 * rerank: query, documents (one per line, or paragraphs when blank lines separate them), topN;
 * classification, translation, speech: text; embedding: texts (one per line); transcription: file,
 * language; speech: voice and `params` (the model's schema fields); image: prompt, size; prediction: input (JSON).
 */
export interface TaskInputs {
  query?: string;
  documents?: string;
  topN?: string;
  text?: string;
  texts?: string;
  file?: string;
  language?: string;
  voice?: string;
  params?: Record<string, string>;
  prompt?: string;
  size?: string;
  input?: string;
}

export interface Selection { task: PanelTask; endpointId?: string; modelId?: string }

/** A result as the page shows it. Media come as a data URL the page plays or shows. */
export type PanelResult =
  | { task: 'rerank'; query: string; items: { index: number; score: number; text: string }[] }
  | { task: 'classification'; labels: { label: string; score: number }[] }
  | { task: 'embedding'; texts: string[]; dimensions: number; similarity: number[][] }
  | { task: 'transcription'; text: string }
  | { task: 'translation'; translation: string }
  | { task: 'speech' | 'image'; mimeType: string; bytes: number; dataUrl?: string }
  | { task: 'prediction'; data: unknown; meta?: unknown };

/** One remembered run: its inputs and (media as type and size only) its result. Never a secret. */
export interface HistoryEntry {
  task: PanelTask;
  endpointId: string;
  modelId: string;
  inputs: TaskInputs;
  /** One line for the History list. */
  summary: string;
  result?: PanelResult;
  /** Milliseconds since the epoch. */
  at: number;
}

export interface ErrorFixButton { id: number; title: string }

export type HostMessage =
  | { type: 'init'; models: ModelChoice[]; history: HistoryEntry[]; selection?: Selection; inputs?: TaskInputs }
  | { type: 'models'; models: ModelChoice[] }
  | { type: 'prefill'; selection: Selection; inputs?: TaskInputs }
  | { type: 'schema'; task: PanelTask; endpointId: string; modelId: string; fields: SchemaField[]; error?: string }
  | { type: 'file'; path: string }
  | { type: 'progress'; runId: number; sent: number; total: number }
  /** Core waits `waitMs` before trying again (a 429 or 5xx it waits out itself): the page counts down; Cancel stops it. */
  | { type: 'retryWait'; runId: number; waitMs: number; nextAttempt: number; maxAttempts: number; reason: string }
  | { type: 'result'; runId: number; result: PanelResult; history: HistoryEntry[] }
  | { type: 'error'; runId: number; message: string; fixes: ErrorFixButton[] }
  | { type: 'cancelled'; runId: number }
  | { type: 'notice'; message: string };

export type PageMessage =
  | { type: 'ready' }
  | { type: 'run'; runId: number; task: PanelTask; endpointId: string; modelId: string; inputs: TaskInputs }
  | { type: 'cancel'; runId: number }
  | { type: 'pickFile' }
  | { type: 'schema'; task: PanelTask; endpointId: string; modelId: string }
  | { type: 'copy'; text: string }
  | { type: 'insert'; text: string }
  | { type: 'save'; runId: number }
  | { type: 'fix'; id: number };
