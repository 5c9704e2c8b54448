/** Normalised stream events (docs/architecture.md, "Normalised stream events"): what every face consumes. */
import type { ErrorKind } from '../errors';

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'cancelled' | 'unknown';

export interface TextEvent { type: 'text'; text: string }
export interface ReasoningEvent { type: 'reasoning'; text: string }
export interface ToolCallEvent { type: 'tool_call'; index: number; id?: string; name?: string; argumentsDelta: string }
export interface UsageEvent { type: 'usage'; inputTokens?: number; outputTokens?: number }
export interface DoneEvent { type: 'done'; finishReason: FinishReason }
export interface ErrorEvent { type: 'error'; kind: ErrorKind; status?: number; message: string; retryAfterMs?: number }

export type ContentEvent = TextEvent | ReasoningEvent | ToolCallEvent;
export type TerminalEvent = DoneEvent | ErrorEvent;
export type StreamEvent = ContentEvent | UsageEvent | TerminalEvent;

/**
 * The events decoded from one network read, in order. A stream is a sequence of batches; the order rules
 * hold across them, and the last batch ends with the one terminal event. A batch is never empty.
 */
export type EventBatch = readonly StreamEvent[];
