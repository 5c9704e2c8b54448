/** Maps every server's finish/stop reason to the normalised one (docs/architecture.md, "Normalised stream events"). */
import type { FinishReason } from './events';

const MAP: Record<string, FinishReason> = {
  stop: 'stop', end_turn: 'stop', stop_sequence: 'stop', eos_token: 'stop',
  finish_reason_eos_token: 'stop', finish_reason_stop_sequence: 'stop',
  length: 'length', max_tokens: 'length', finish_reason_length: 'length',
  tool_calls: 'tool_calls', tool_use: 'tool_calls', function_call: 'tool_calls',
  content_filter: 'content_filter', refusal: 'content_filter',
};

/** `'error'` for vLLM's abort/error, which are failures rather than endings. */
export function mapFinishReason(raw: unknown): FinishReason | 'error' {
  if (typeof raw !== 'string' || !raw) return 'unknown';
  const key = raw.toLowerCase();
  if (key === 'abort' || key === 'error') return 'error';
  return MAP[key] ?? 'unknown';
}
