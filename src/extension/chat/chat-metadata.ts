/**
 * What an @maas answer records in its ChatResult.metadata: the model it used, the usage the platform
 * reported, and what the next turn needs to rebuild the conversation (the user message as it was sent,
 * and the lines the participant added after the answer). Pure.
 */

export interface AnswerUsage { inputTokens?: number; outputTokens?: number }

export interface MaasChatMetadata {
  /** `answer`: the model answered (perhaps partly); `info`: a message of the participant's own (/models, /model, setup help). */
  kind: 'answer' | 'info';
  /** `<endpointId>/<modelId>` of the model that answered. */
  modelRef?: string;
  usage?: AnswerUsage;
  /** The user message as sent (prompt with its attached context, or the /explain and /refactor prompt). */
  userMessage?: string;
  /** Markdown the participant appended after the answer (the footer, or the error line): left out of the history. */
  trailer?: string;
  /** Why the answer stopped, when it failed (the reason itself is shown in the answer). */
  error?: { kind: string; status?: number };
}

export function isMaasChatMetadata(v: unknown): v is MaasChatMetadata {
  return !!v && typeof v === 'object' && ((v as { kind?: unknown }).kind === 'answer' || (v as { kind?: unknown }).kind === 'info');
}
