/** Validates endpoint entries one by one: a bad entry is reported with its field and the others still load. */
import type { z } from 'zod';
import { endpointSchema, modelEntrySchema, RESERVED_HEADERS, type Endpoint, type ModelEntry, type Auth, type Platform } from './schema';
import { normaliseBase, stripSuffix, hasVersionSegment } from './url';
import type { Task } from '../tasks';

export interface ConfigProblem {
  /** Position in the list, from 0. */
  index: number;
  /** The entry's id when it has a usable one. */
  endpointId?: string;
  /** Dotted path of the bad field, e.g. `auth.tokenUrl`; empty for the entry as a whole. */
  field: string;
  message: string;
}

export interface ParsedConfig {
  endpoints: Endpoint[];
  problems: ConfigProblem[];
  warnings: { endpointId: string; message: string }[];
}

function entryName(index: number, raw: unknown): { name: string; id?: string } {
  const id = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : undefined;
  return id ? { name: `endpoint "${id}"`, id } : { name: `endpoint #${index + 1}` };
}

const RANGES: Record<string, string> = { timeoutSeconds: 'from 1 to 3600', requestTimeoutSeconds: 'from 1 to 86400' };
const TYPE_WORDS: Record<string, string> = {
  array: 'a list', object: 'an object', string: 'a string', boolean: 'true or false', number: 'a number', int: 'a whole number',
};

/** The fields allowed in the object at `path`, for "unknown field" messages. */
function allowedFields(path: readonly PropertyKey[]): string {
  const at = path.map(String);
  if (at.length === 0) return Object.keys(endpointSchema.shape).join(', ');
  if (at[0] === 'models' && at.length === 2) return Object.keys(modelEntrySchema.shape).join(', ');
  if (at[0] === 'tls') return 'caFile, insecureSkipVerify';
  if (at[0] === 'auth') return 'type, name (header), tokenUrl and scope (oauth2)';
  return '';
}

/** A value fit to repeat in a message: never anything that could be a pasted secret or a URL's password. */
function shown(value: unknown, field: string): string {
  if (typeof value === 'number' || typeof value === 'boolean') return ` ${JSON.stringify(value)}`;
  if (typeof value !== 'string') return '';
  if (field === 'auth' && !/^[a-z0-9_-]{1,16}$/i.test(value)) return '';
  return ` ${JSON.stringify(value.replace(/\/\/[^/@\s]*@/, '//***@'))}`;
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): { field: string; message: string } {
  const field = issue.path.map(String).join('.');
  let value: unknown = raw;
  for (const k of issue.path) value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[k] : undefined;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    const allowed = allowedFields(issue.path);
    return { field, message: `${field ? field + ': ' : ''}unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}${allowed ? `; allowed: ${allowed}` : ''}` };
  }
  if (issue.code === 'invalid_type' && value === undefined) return { field, message: `${field} is required` };
  if (issue.path[0] === 'auth' && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
    const whole = issue.path.length === 1 ? value : (raw as { auth?: unknown }).auth;
    const what = typeof whole === 'string' ? shown(whole, 'auth') : whole && typeof whole === 'object' ? ` ${JSON.stringify({ type: (whole as { type?: unknown }).type })}` : '';
    return { field, message: `auth${what} must be "bearer", "none", or an object whose type is "bearer", "header" (with name), "oauth2" (with tokenUrl) or "none"` };
  }
  if (issue.code === 'invalid_type') {
    const range = RANGES[field] && (issue.expected === 'int' || issue.expected === 'number') ? `a whole number ${RANGES[field]}` : TYPE_WORDS[issue.expected] ?? `a ${issue.expected}`;
    return { field, message: `${field}${shown(value, field)} must be ${range}` };
  }
  // enum messages already quote the value: `platform "foo" is not one of …`
  if (issue.code === 'invalid_value' || issue.message.startsWith('"')) return { field, message: `${field} ${issue.message}` };
  return { field, message: `${field}${shown(value, field)} ${issue.message}` };
}

function toTasks(task: Task | Task[] | undefined): Task[] {
  if (task === undefined) return ['chat'];
  return Array.isArray(task) ? [...new Set(task)] : [task];
}

/** Platform-specific base URL clean-up, with a warning for each change (docs/endpoints.md, "Per-platform notes"). */
export function normalisePlatformBase(platform: Platform, baseUrl: string, warn: (m: string) => void): string {
  let base = normaliseBase(baseUrl);
  if (platform === 'openshift-ai') {
    const s = stripSuffix(base, '/v1');
    if (s.stripped) { base = s.url; warn(`baseUrl ended in /v1, which was removed: give the MaaS host or its /maas-api URL (${base})`); }
  } else if (platform === 'gpustack') {
    for (const suffix of ['/v1-openai', '/v1']) {
      const s = stripSuffix(base, suffix);
      if (s.stripped) { base = s.url; warn(`baseUrl ended in ${suffix}, which was removed: give the GPUStack server root (${base})`); break; }
    }
  } else if ((platform === 'openai' || platform === 'rafay') && !hasVersionSegment(base)) {
    warn(`baseUrl ${base} has no /v<n> segment; OpenAI-style servers usually need it (e.g. ${base}/v1)`);
  }
  return base;
}

export function parseEndpoints(raw: unknown): ParsedConfig {
  const out: ParsedConfig = { endpoints: [], problems: [], warnings: [] };
  if (raw === undefined || raw === null) return out;
  if (!Array.isArray(raw)) {
    out.problems.push({ index: -1, field: '', message: 'endpoints must be a list (JSON array) of endpoint objects' });
    return out;
  }
  const seen = new Set<string>();
  raw.forEach((entry, index) => {
    const { name, id } = entryName(index, entry);
    const problem = (field: string, message: string) => out.problems.push({ index, ...(id ? { endpointId: id } : {}), field, message: `${name}: ${message}` });
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) { problem('', 'must be an object with id, platform and baseUrl'); return; }
    if (id !== undefined) {
      if (seen.has(id)) { problem('id', `id "${id}" is used by an earlier endpoint; ids must be unique`); return; }
      seen.add(id);
    }
    const result = endpointSchema.safeParse(entry);
    if (!result.success) {
      for (const issue of result.error.issues) { const d = describeIssue(issue, entry); problem(d.field, d.message); }
      return;
    }
    const e = result.data;
    const auth: Auth = e.auth ?? { type: 'bearer' };
    const reserved = new Set(RESERVED_HEADERS);
    if (auth.type === 'header') reserved.add(auth.name.toLowerCase());
    const headers = e.headers ?? {};
    const bad = Object.keys(headers).filter((h) => reserved.has(h.toLowerCase()));
    if (bad.length) { problem('headers', `headers may not set ${bad.map((h) => `"${h}"`).join(', ')}: auth, framing and OICM-Request-Timeout headers are managed by MaaS Connect`); return; }
    if (e.platform === 'oicm' && !(e.models && e.models.length)) { problem('models', 'models is required for platform "oicm": list each model version id with its task (OICM has no model catalogue)'); return; }
    if (e.platform === 'intel-tiber' && auth.type !== 'oauth2') { problem('auth', `auth must be { "type": "oauth2", "tokenUrl": "…" } for platform "intel-tiber" (Intel uses client credentials)`); return; }
    if (e.platform === 'intel-tiber' && !e.cloudAccountId) { problem('cloudAccountId', 'cloudAccountId is required for platform "intel-tiber" (your 12-digit cloud account number)'); return; }
    const warnings: string[] = [];
    let baseUrl: string;
    try { baseUrl = normalisePlatformBase(e.platform, e.baseUrl, (m) => warnings.push(m)); } catch (err) { problem('baseUrl', `baseUrl ${JSON.stringify(e.baseUrl)} ${(err as Error).message}`); return; }
    if (e.chatApi && e.platform !== 'gpustack') warnings.push('chatApi applies only to platform "gpustack" and is ignored');
    if (e.cloudAccountId && e.platform !== 'intel-tiber') warnings.push('cloudAccountId applies only to platform "intel-tiber" and is ignored');
    if (e.requestTimeoutSeconds && e.platform !== 'oicm') warnings.push('requestTimeoutSeconds applies only to platform "oicm" and is ignored');
    if (e.tls?.insecureSkipVerify) warnings.push('tls.insecureSkipVerify is on: certificates of this endpoint are not checked');
    const models: ModelEntry[] = (e.models ?? []).map((m) => ({
      id: m.id, tasks: toTasks(m.task), label: m.label ?? m.id,
      ...(m.servedModel ? { servedModel: m.servedModel } : {}), ...(m.api ? { api: m.api } : {}),
    }));
    out.endpoints.push({
      id: e.id, label: e.label ?? e.id, platform: e.platform, baseUrl, auth, headers, models,
      chatApi: e.chatApi ?? 'openai',
      ...(e.cloudAccountId ? { cloudAccountId: e.cloudAccountId } : {}),
      timeoutSeconds: e.timeoutSeconds ?? 120,
      requestTimeoutSeconds: e.requestTimeoutSeconds ?? 600,
      ...(e.tls ? { tls: e.tls } : {}),
      allowedOrigins: (e.allowedOrigins ?? []).map((o) => new URL(o).origin),
    });
    for (const w of warnings) out.warnings.push({ endpointId: e.id, message: `endpoint "${e.id}": ${w}` });
  });
  return out;
}
