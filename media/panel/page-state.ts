/** What the page keeps across reloads (webview state): the choices and every task's form. Never a secret, never media. */
import type { PanelTask, TaskInputs } from '../../src/extension/panel/protocol';

export interface PageState {
  task: PanelTask;
  /** The model chosen per task, as `endpointId\nmodelId`. */
  models: Partial<Record<PanelTask, string>>;
  inputs: Partial<Record<PanelTask, TaskInputs>>;
}

export const TASK_LABELS: Record<PanelTask, string> = {
  rerank: 'Rerank', classification: 'Classification', embedding: 'Embeddings', transcription: 'Speech to text',
  speech: 'Text to speech', translation: 'Translation', image: 'Image generation', prediction: 'Prediction',
};

export const TASK_ICONS: Record<PanelTask, string> = {
  rerank: 'list-ordered', classification: 'tag', embedding: 'symbol-array', transcription: 'mic',
  speech: 'unmute', translation: 'globe', image: 'file-media', prediction: 'graph-line',
};

export const modelKey = (endpointId: string, modelId: string): string => `${endpointId}\n${modelId}`;
