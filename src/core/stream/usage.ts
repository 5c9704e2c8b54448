/** Builds the normalised usage event from whatever token counts a server reported. */
import type { UsageEvent } from './events';

/** A usage event with only the counts that are known; undefined when neither is. */
export function usageEvent(inputTokens: number | undefined, outputTokens: number | undefined): UsageEvent | undefined {
  if (inputTokens === undefined && outputTokens === undefined) return undefined;
  return {
    type: 'usage',
    ...(inputTokens !== undefined ? { inputTokens } : {}),
    ...(outputTokens !== undefined ? { outputTokens } : {}),
  };
}
