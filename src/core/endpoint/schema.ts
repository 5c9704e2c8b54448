/** The endpoint contract (docs/endpoints.md): zod schemas for `maas.endpoints` and the CLI's config file. */
import * as z from 'zod';
import { TASKS, type Task } from '../tasks';
import { shownValue } from './shown-value';

export const PLATFORMS = ['openai', 'openshift-ai', 'gpustack', 'rafay', 'oicm', 'intel-tiber'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const RESERVED_HEADERS = [
  'authorization', 'proxy-authorization', 'cookie', 'host', 'content-length',
  'transfer-encoding', 'connection', 'oicm-request-timeout',
];

/** An HTTP header name (RFC 9110 token). */
export const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

const httpUrl = z.string().trim().refine((s) => {
  try { const u = new URL(s); return u.protocol === 'http:' || u.protocol === 'https:'; } catch { return false; }
}, { message: 'must be an http:// or https:// URL' }).refine((s) => {
  try { const u = new URL(s); return !u.username && !u.password; } catch { return true; }
}, { message: 'must not contain a user name or password: store credentials with the "Set Credentials" command (or the MAAS_* environment variables for the CLI)' });

const authSchema = z.preprocess(
  (v) => (v === 'bearer' || v === 'none' ? { type: v } : v),
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('bearer') }).strict(),
    z.object({ type: z.literal('none') }).strict(),
    z.object({ type: z.literal('header'), name: z.string().trim().regex(HEADER_NAME, 'must be a valid HTTP header name') }).strict(),
    z.object({ type: z.literal('oauth2'), tokenUrl: httpUrl, scope: z.string().optional() }).strict(),
  ], { error: () => 'must be "bearer", "none", or an object whose type is bearer, header, oauth2 or none' }),
);

/** `"foo" is not one of a, b` for a string; `must be one of a, b, not a list` for anything else. */
function notOneOf(input: unknown, allowed: string): string {
  return typeof input === 'string' ? `${shownValue(input)} is not one of ${allowed}` : `must be one of ${allowed}, not ${shownValue(input)}`;
}

const taskList = TASKS.join(', ');
/** A task name or a non-empty list of them; the message names the rejected value and what is allowed. */
const taskSchema = z.unknown().superRefine((v, ctx) => {
  const values = Array.isArray(v) ? v : [v];
  if (Array.isArray(v) && v.length === 0) { ctx.addIssue({ code: 'custom', message: `must name at least one task: ${taskList}` }); return; }
  const bad = values.filter((t) => !(TASKS as readonly unknown[]).includes(t));
  if (bad.some((b) => typeof b !== 'string')) {
    const other: unknown = bad.find((b) => typeof b !== 'string');
    ctx.addIssue({ code: 'custom', params: { plain: true }, message: `must be a task name or a list of them (${taskList}), not ${shownValue(other)}` });
    return;
  }
  if (bad.length) ctx.addIssue({ code: 'custom', message: `${bad.slice(0, 3).map((b) => shownValue(b)).join(', ')}${bad.length > 3 ? ` and ${bad.length - 3} more` : ''} is not one of ${taskList}` });
}).transform((v) => v as Task | Task[]);

/** Body keys core always sets itself: `extraBody` may not replace them. */
export const FIXED_BODY_KEYS = ['model', 'messages', 'prompt', 'stream'] as const;

/**
 * `extraBody`: a JSON object merged last into every chat and completion body. A fixed key is reported at
 * its own path (`extraBody.model`), so the message and settings.json point at it.
 */
/** The deepest nesting allowed in `extraBody` (far beyond any real request option; deeper JSON cannot be sent). */
export const MAX_EXTRA_BODY_DEPTH = 64;

/** How deeply a JSON value nests, counted without recursion (a value nested 100,000 deep must not overflow the stack); stops past `limit`. */
export function jsonDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: { v: unknown; d: number }[] = [{ v: value, d: 0 }];
  while (stack.length) {
    const { v, d } = stack.pop()!;
    if (!v || typeof v !== 'object') continue;
    deepest = Math.max(deepest, d + 1);
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child && typeof child === 'object') stack.push({ v: child, d: d + 1 });
  }
  return deepest;
}

const extraBodySchema = z.record(z.string(), z.unknown()).superRefine((body, ctx) => {
  if (jsonDepth(body, MAX_EXTRA_BODY_DEPTH) > MAX_EXTRA_BODY_DEPTH) {
    ctx.addIssue({ code: 'custom', params: { plain: true }, message: `is nested more than ${MAX_EXTRA_BODY_DEPTH} levels deep; request options are never that deep` });
    return;
  }
  for (const key of FIXED_BODY_KEYS) {
    if (Object.hasOwn(body, key)) {
      ctx.addIssue({ code: 'custom', path: [key], params: { plain: true }, message: `cannot be set: MaaS Connect sends ${FIXED_BODY_KEYS.join(', ')} itself (remove "${key}" from extraBody)` });
    }
  }
});

/** `defaults`: sampling values used when a request sets none. */
const defaultsSchema = z.object({
  temperature: z.number().min(0, 'must be a number from 0 to 2').max(2, 'must be a number from 0 to 2').optional(),
  topP: z.number().min(0, 'must be a number from 0 to 1').max(1, 'must be a number from 0 to 1').optional(),
  maxTokens: z.number().int('must be a whole number from 1 to 1000000').min(1, 'must be a whole number from 1 to 1000000').max(1_000_000, 'must be a whole number from 1 to 1000000').optional(),
}).strict();

export const modelEntrySchema = z.object({
  id: z.string().trim().min(1, 'is required'),
  task: taskSchema.optional(),
  label: z.string().optional(),
  servedModel: z.string().optional(),
  api: z.enum(['openai', 'oiserve', 'tei', 'raybundle'], { error: (iss) => notOneOf(iss.input, 'openai, oiserve, tei, raybundle') }).optional(),
  extraBody: extraBodySchema.optional(),
  defaults: defaultsSchema.optional(),
}).strict();

/** `scheme://host[:port]`: no path, query, fragment or user info; case and default ports are normalised later. */
const originSchema = z.string().trim().refine((s) => {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && (u.pathname === '/' || u.pathname === '') && !u.search && !u.hash
      && !u.username && !u.password && !/^[a-z]+:\/\/[^/]+\/./i.test(s);
  } catch { return false; }
}, { message: 'must be an origin like https://host[:port] with no path' });

export const endpointSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must match [a-z0-9][a-z0-9-]* (lower-case letters, digits and dashes)'),
  label: z.string().optional(),
  platform: z.enum(PLATFORMS, { error: (iss) => notOneOf(iss.input, PLATFORMS.join(', ')) }),
  baseUrl: httpUrl,
  auth: authSchema.optional(),
  headers: z.record(z.string(), z.string()).superRefine((headers, ctx) => {
    for (const [name, value] of Object.entries(headers)) {
      // The name may be shown (it is not secret); a value never is (a key may have been pasted there).
      if (!HEADER_NAME.test(name)) ctx.addIssue({ code: 'custom', path: [name], params: { plain: true, name: true }, message: 'is not a valid HTTP header name (letters, digits and !#$%&\'*+.^_`|~- only, no spaces or colons)' });
      else if (/[\r\n]/.test(value)) ctx.addIssue({ code: 'custom', path: [name], params: { plain: true }, message: 'contains a line break; a header value is one line' });
      else if (/[^\t\x20-\x7e]/.test(value)) ctx.addIssue({ code: 'custom', path: [name], params: { plain: true }, message: 'contains a control or non-ASCII character; a header value is plain ASCII text' });
    }
  }).optional(),
  models: z.array(modelEntrySchema).optional(),
  extraBody: extraBodySchema.optional(),
  defaults: defaultsSchema.optional(),
  chatApi: z.enum(['openai', 'anthropic'], { error: (iss) => notOneOf(iss.input, 'openai, anthropic') }).optional(),
  cloudAccountId: z.string().regex(/^\d+$/, 'must be a string of digits').optional(),
  timeoutSeconds: z.number().int().min(1, 'must be a whole number from 1 to 3600').max(3600, 'must be a whole number from 1 to 3600').optional(),
  requestTimeoutSeconds: z.number().int().min(1, 'must be a whole number from 1 to 86400').max(86400, 'must be a whole number from 1 to 86400').optional(),
  tls: z.object({ caFile: z.string().min(1, 'must be the path of a PEM file with your CA certificates').optional(), insecureSkipVerify: z.boolean().optional() }).strict().optional(),
  allowedOrigins: z.array(originSchema).optional(),
}).strict();

export type RawEndpoint = z.infer<typeof endpointSchema>;
export type Auth =
  | { type: 'bearer' } | { type: 'none' } | { type: 'header'; name: string }
  | { type: 'oauth2'; tokenUrl: string; scope?: string };

/** Sampling values a request falls back to when it sets none (the model's over the endpoint's). */
export interface RequestDefaults {
  temperature?: number;
  topP?: number;
  maxTokens?: number;
}

export interface ModelEntry {
  id: string;
  tasks: Task[];
  label: string;
  servedModel?: string;
  api?: 'openai' | 'oiserve' | 'tei' | 'raybundle';
  /** Merged over the endpoint's `extraBody` for this model's chat and completion requests. */
  extraBody?: Record<string, unknown>;
  /** Win over the endpoint's `defaults` for this model. */
  defaults?: RequestDefaults;
}

/** An endpoint after validation, with every default applied. */
export interface Endpoint {
  id: string;
  label: string;
  platform: Platform;
  baseUrl: string;
  auth: Auth;
  headers: Record<string, string>;
  models: ModelEntry[];
  /** JSON merged last into every chat and completion body (present only when configured). */
  extraBody?: Record<string, unknown>;
  /** Sampling values used when a request sets none (present only when configured). */
  defaults?: RequestDefaults;
  chatApi: 'openai' | 'anthropic';
  cloudAccountId?: string;
  timeoutSeconds: number;
  requestTimeoutSeconds: number;
  tls?: { caFile?: string; insecureSkipVerify?: boolean };
  allowedOrigins: string[];
}
