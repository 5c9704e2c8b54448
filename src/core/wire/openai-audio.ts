/**
 * OpenAI audio: `/v1/audio/transcriptions` (multipart `file` + `model`, answer `{text}` JSON or plain
 * text) and `/v1/audio/speech` (JSON in, binary audio out). GPUStack, vLLM, OpenAI-compatible servers.
 */
import * as z from 'zod';
import type { FormField } from '../http/multipart';
import type { SpeakRequest, TranscribeRequest, TranscribeResult } from '../tasks/types';
import { unexpected, withParams } from './decode';

/** A param's value as a form field: strings as they are, anything else as JSON. */
const fieldValue = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** The text fields of the transcription form (the file part is added by the caller). */
export function transcriptionFields(req: TranscribeRequest, model = req.model): FormField[] {
  const fields: Record<string, unknown> = withParams({ model, response_format: 'json', ...(req.language ? { language: req.language } : {}) }, req.params);
  return Object.entries(fields).map(([name, v]) => ({ name, value: fieldValue(v) }));
}

/** The field values of any multipart upload built from params (OI Serve transcript). */
export function paramFields(params: Record<string, unknown> | undefined): FormField[] {
  return Object.entries(params ?? {}).map(([name, v]) => ({ name, value: fieldValue(v) }));
}

const answer = z.object({ text: z.string() }).loose();

/** `{text}` (json, verbose_json) or a plain-text answer (`response_format` text). */
export function decodeTranscription(body: string, contentType: string | null, url: string): TranscribeResult {
  const trimmed = body.trim();
  if (!/json/i.test(contentType ?? '') && !trimmed.startsWith('{')) return { text: trimmed };
  let parsed: unknown;
  try { parsed = JSON.parse(trimmed); } catch { throw unexpected(url, 'a transcription ({"text"})'); }
  const r = answer.safeParse(parsed);
  if (!r.success) throw unexpected(url, 'a transcription ({"text"})');
  return { text: r.data.text.trim() };
}

export function speechBody(req: SpeakRequest, model = req.model): Record<string, unknown> {
  return withParams({ model, input: req.text, ...(req.voice ? { voice: req.voice } : {}) }, req.params);
}
