/**
 * The small line under an @maas answer: the model, tokens in/out (when the platform reports usage), the
 * time to the first token and the output rate — plus any notes (a fallback model, a shortened
 * reference). Everything that is not ours is escaped. Pure.
 */
import { markdownText } from '../../core/display-text';

export interface FooterInput {
  /** The model as people know it: its label (its id unless the settings name it). */
  modelName: string;
  endpointLabel: string;
  inputTokens?: number;
  outputTokens?: number;
  /** From sending the request to the first text or reasoning. */
  firstTokenMs?: number;
  /** From the first token to the end of the stream. */
  streamMs?: number;
  /** Sentences in markdown, already escaped where they hold foreign text. */
  notes?: string[];
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** Output tokens per second over the streaming time; undefined when either is unknown or zero. */
export function tokensPerSecond(outputTokens: number | undefined, streamMs: number | undefined): number | undefined {
  if (!outputTokens || !streamMs || streamMs <= 0) return undefined;
  return outputTokens / (streamMs / 1000);
}

const count = (n: number): string => n.toLocaleString('en-US');

/** The footer's facts, in order, as plain strings (the model and endpoint escaped for markdown). */
export function footerFacts(f: FooterInput): string[] {
  const facts = [`${markdownText(f.modelName, 200)} on ${markdownText(f.endpointLabel, 200)}`];
  if (f.inputTokens !== undefined || f.outputTokens !== undefined) {
    facts.push(`${f.inputTokens !== undefined ? count(f.inputTokens) : '?'} tokens in, ${f.outputTokens !== undefined ? count(f.outputTokens) : '?'} out`);
  }
  if (f.firstTokenMs !== undefined) facts.push(`first token ${formatDuration(f.firstTokenMs)}`);
  const rate = tokensPerSecond(f.outputTokens, f.streamMs);
  if (rate !== undefined) facts.push(`${rate < 10 ? rate.toFixed(1) : Math.round(rate)} tokens/s`);
  return facts;
}

/**
 * The markdown appended after the answer: a rule, then one italic line of facts and one per note. It
 * starts with a blank line, so that it never turns the answer's last line into a heading.
 */
export function footerMarkdown(f: FooterInput): string {
  const lines = [footerFacts(f).join(' · '), ...(f.notes ?? [])].map((l) => `*${l}*`);
  return `\n\n---\n\n${lines.join('  \n')}\n`;
}
