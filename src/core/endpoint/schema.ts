/** The endpoint contract (docs/endpoints.md): zod schemas for `maas.endpoints` and the CLI's config file. */
import * as z from 'zod';
import { TASKS, type Task } from '../tasks';

export const PLATFORMS = ['openai', 'openshift-ai', 'gpustack', 'rafay', 'oicm', 'intel-tiber'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const RESERVED_HEADERS = [
  'authorization', 'proxy-authorization', 'cookie', 'host', 'content-length',
  'transfer-encoding', 'connection', 'oicm-request-timeout',
];

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
    z.object({ type: z.literal('header'), name: z.string().trim().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'must be a valid HTTP header name') }).strict(),
    z.object({ type: z.literal('oauth2'), tokenUrl: httpUrl, scope: z.string().optional() }).strict(),
  ], { error: () => 'must be "bearer", "none", or an object whose type is bearer, header, oauth2 or none' }),
);

const taskList = TASKS.join(', ');
/** A task name or a non-empty list of them; the message names the rejected value and what is allowed. */
const taskSchema = z.unknown().superRefine((v, ctx) => {
  const values = Array.isArray(v) ? v : [v];
  if (Array.isArray(v) && v.length === 0) { ctx.addIssue({ code: 'custom', message: `must name at least one task: ${taskList}` }); return; }
  const bad = values.filter((t) => !(TASKS as readonly unknown[]).includes(t));
  if (bad.length) ctx.addIssue({ code: 'custom', message: `${bad.map((b) => JSON.stringify(b)).join(', ')} is not one of ${taskList}` });
}).transform((v) => v as Task | Task[]);

/** Body keys core always sets itself: `extraBody` may not replace them. */
export const FIXED_BODY_KEYS = ['model', 'messages', 'prompt', 'stream'] as const;

/**
 * `extraBody`: a JSON object merged last into every chat and completion body. A fixed key is reported at
 * its own path (`extraBody.model`), so the message and settings.json point at it.
 */
const extraBodySchema = z.record(z.string(), z.unknown()).superRefine((body, ctx) => {
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
  api: z.enum(['openai', 'oiserve', 'tei', 'raybundle'], { error: (iss) => `${JSON.stringify(iss.input)} is not one of openai, oiserve, tei, raybundle` }).optional(),
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
  platform: z.enum(PLATFORMS, { error: (iss) => `${JSON.stringify(iss.input)} is not one of ${PLATFORMS.join(', ')}` }),
  baseUrl: httpUrl,
  auth: authSchema.optional(),
  headers: z.record(z.string(), z.string()).optional(),
  models: z.array(modelEntrySchema).optional(),
  extraBody: extraBodySchema.optional(),
  defaults: defaultsSchema.optional(),
  chatApi: z.enum(['openai', 'anthropic'], { error: (iss) => `${JSON.stringify(iss.input)} is not one of openai, anthropic` }).optional(),
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
