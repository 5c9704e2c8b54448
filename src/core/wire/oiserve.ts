/**
 * OI Serve (OICM's own model server) under `…/proxy/v1`: `/classify` (`{inputs}` → a bare
 * `[{label,score}]` or `{"classification":[…]}`), `/transcript` (multipart `file` → `{text}`),
 * `/generate-speech` (fields from its schema → `{audio: base64}`), `/generate-image` (→ `{image: base64}`),
 * `/translate` (`{text}` → `{translation}`).
 */
import * as z from 'zod';
import type { ClassifyRequest, ClassifyResult, ImageRequest, SchemaField, SpeakRequest, TranslateRequest, TranslateResult } from '../tasks/types';
import { decodeLabels } from './tei';
import { unexpected, withParams } from './decode';

export function classifyBody(req: ClassifyRequest): Record<string, unknown> {
  return withParams({ inputs: req.text }, req.params);
}

export function decodeClassify(body: unknown, url: string): ClassifyResult {
  const list = typeof body === 'object' && body !== null && !Array.isArray(body) && 'classification' in body ? (body).classification : body;
  return decodeLabels(list, url, 'a classification ([{"label","score"}] or {"classification":[…]})');
}

const text = z.object({ text: z.string() }).loose();

export function decodeTranscript(body: unknown, url: string): { text: string } {
  const r = text.safeParse(body);
  if (!r.success) throw unexpected(url, 'a transcript ({"text"})');
  return { text: r.data.text.trim() };
}

const schema = z.array(z.object({
  name: z.string().min(1), label: z.string().nullish(), type: z.string().nullish(),
  required: z.boolean().nullish(), desc: z.string().nullish(),
}).loose());

export function decodeSchema(body: unknown, url: string): SchemaField[] {
  const r = schema.safeParse(body);
  if (!r.success) throw unexpected(url, 'a parameter schema ([{"name","label","type","required"}])');
  return r.data.map((f) => ({ name: f.name, label: f.label ?? f.name, type: f.type ?? 'string', required: f.required ?? false, ...(f.desc ? { description: f.desc } : {}) }));
}

/** The text goes in `prompt`, the voice in `description` (the speaker as OI Serve's speech schema names it); params last. */
export function speechBody(req: SpeakRequest): Record<string, unknown> {
  return withParams({ prompt: req.text, ...(req.voice ? { description: req.voice } : {}) }, req.params);
}

const audio = z.object({ audio: z.string().min(1) }).loose();

export function decodeSpeech(body: unknown, url: string): string {
  const r = audio.safeParse(body);
  if (!r.success) throw unexpected(url, 'speech ({"audio":"<base64>"})');
  return r.data.audio;
}

export function imageBody(req: ImageRequest): Record<string, unknown> {
  return withParams({ prompt: req.prompt }, req.params);
}

const image = z.object({ image: z.string().min(1) }).loose();

export function decodeImage(body: unknown, url: string): string {
  const r = image.safeParse(body);
  if (!r.success) throw unexpected(url, 'an image ({"image":"<base64>"})');
  return r.data.image;
}

export function translateBody(req: TranslateRequest): Record<string, unknown> {
  return withParams({ text: req.text }, req.params);
}

const translation = z.object({ translation: z.string() }).loose();

export function decodeTranslation(body: unknown, url: string): TranslateResult {
  const r = translation.safeParse(body);
  if (!r.success) throw unexpected(url, 'a translation ({"translation"})');
  return { translation: r.data.translation };
}
