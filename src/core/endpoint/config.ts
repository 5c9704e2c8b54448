/** Validates endpoint entries one by one: a bad entry is reported with its field and the others still load. */
import type * as z from 'zod';
import type * as Schema from './schema';
import type { Endpoint, ModelEntry, Auth, Platform } from './schema';
import { normaliseBase, stripSuffix, hasVersionSegment, stripOperationPath } from './url';
import { tasksFromModelId, type Task } from '../tasks';
import { shownString, shownValue, SHOWN_MAX } from './shown-value';

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

let schemaModule: typeof Schema | undefined;

/**
 * schema.ts, evaluated on the first parse rather than when this module loads: zod and the endpoint
 * schemas take several milliseconds to build, which the extension's activation (and `maas --help`)
 * need not pay. The bundles keep schema.ts inside and evaluate it on this first `require`.
 */
function schema(): typeof Schema {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  schemaModule ??= require('./schema') as typeof Schema;
  return schemaModule;
}

/** An id fit to name an entry by in messages: short, printable (an id that is not is reported by its own problem). */
function usableId(id: unknown): id is string {
  return typeof id === 'string' && id.length > 0 && id.length <= SHOWN_MAX && !/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069"\\]/.test(id);
}

function entryName(index: number, raw: unknown): { name: string; id?: string } {
  const candidate = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  const id = usableId(candidate) ? candidate : undefined;
  return id ? { name: `endpoint "${id}"`, id } : { name: `endpoint #${index + 1}` };
}

const RANGES: Record<string, string> = { timeoutSeconds: 'from 1 to 3600', requestTimeoutSeconds: 'from 1 to 86400' };
const TYPE_WORDS: Record<string, string> = {
  array: 'a list', object: 'an object', record: 'a JSON object', string: 'a string', boolean: 'true or false', number: 'a number', int: 'a whole number',
};

/** The fields allowed in the object at `path`, for "unknown field" messages. */
function allowedFields(path: readonly PropertyKey[]): string {
  const at = path.map(String);
  if (at.length === 0) return Object.keys(schema().endpointSchema.shape).join(', ');
  if (at[0] === 'models' && at.length === 2) return Object.keys(schema().modelEntrySchema.shape).join(', ');
  if (at[at.length - 1] === 'defaults') return 'temperature, topP, maxTokens';
  if (at[0] === 'tls') return 'caFile, insecureSkipVerify';
  if (at[0] === 'auth') return 'type, name (header), tokenUrl and scope (oauth2)';
  return '';
}

/** Fields whose values are never repeated: a key may have been pasted into them. */
const SECRET_FIELDS = /^(?:auth|headers)(?:\.|$)/;

/** A value fit to repeat in a message (see shown-value.ts): never anything from auth or headers, never an object. */
function shown(value: unknown, field: string): string {
  if (SECRET_FIELDS.test(field)) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return ` ${shownValue(value)}`;
  return '';
}

/** A path segment as a message may show it: a plain name as is, anything else quoted, escaped and cut. */
function segment(key: PropertyKey): string {
  const k = String(key);
  return /^[A-Za-z0-9_$-]{1,64}$/.test(k) ? k : shownString(k);
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): { field: string; message: string } {
  const field = issue.path.map(String).join('.');
  const label = issue.path.map(segment).join('.');
  let value: unknown = raw;
  for (const k of issue.path) value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[k] : undefined;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.slice(0, 5).map((k) => shownString(k)).join(', ') + (issue.keys.length > 5 ? ` and ${issue.keys.length - 5} more` : '');
    const allowed = allowedFields(issue.path);
    // The field at fault is the (first) unknown one itself, so settings.json can select it.
    const at = [...issue.path.map(String), issue.keys[0] ?? ''].filter(Boolean).join('.');
    return { field: at, message: `${label ? label + ': ' : ''}unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}${allowed ? `; allowed: ${allowed}` : ''}` };
  }
  if (issue.code === 'invalid_type' && value === undefined) return { field, message: `${label} is required` };
  // a header name is named on its own (its value never is)
  if (issue.code === 'custom' && issue.params?.name === true) return { field, message: `headers: name ${shownString(String(issue.path[issue.path.length - 1]))} ${issue.message}` };
  // a message that stands on its own after the field (no value repeated): extraBody's fixed keys
  if (issue.code === 'custom' && issue.params?.plain === true) return { field, message: `${label} ${issue.message}` };
  if (issue.path[0] === 'auth' && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
    // The rejected value is never repeated: a key pasted into "auth" must not reach a message.
    return { field, message: 'auth must be "bearer", "none", or an object whose type is "bearer", "header" (with name), "oauth2" (with tokenUrl) or "none"' };
  }
  if (issue.code === 'invalid_type') {
    const range = RANGES[field] && (issue.expected === 'int' || issue.expected === 'number') ? `a whole number ${RANGES[field]}` : TYPE_WORDS[issue.expected] ?? `a ${issue.expected}`;
    return { field, message: `${label}${shown(value, field)} must be ${range}` };
  }
  // enum messages already name the value: `platform "foo" is not one of …`
  if (issue.code === 'invalid_value' || issue.message.startsWith('"')) return { field, message: `${label} ${issue.message}` };
  return { field, message: `${label}${shown(value, field)} ${issue.message}` };
}

/** A model entry's tasks: as configured, else inferred from the id where the platform lists no tasks (openai, rafay), else chat. */
function toTasks(task: Task | Task[] | undefined, id: string, platform: Platform): Task[] {
  if (task === undefined) return platform === 'openai' || platform === 'rafay' ? tasksFromModelId(id) : ['chat'];
  return Array.isArray(task) ? [...new Set(task)] : [task];
}

/** Platform-specific base URL clean-up, with a warning for each change (docs/endpoints.md, "Per-platform notes"). */
export function normalisePlatformBase(platform: Platform, baseUrl: string, warn: (m: string) => void): string {
  let base = normaliseBase(baseUrl);
  if (platform === 'openshift-ai') {
    const s = stripSuffix(base, '/v1');
    if (s.stripped) { base = s.url; warn(`the address ended in /v1, which was removed: the MaaS address is the gateway host or its /maas-api URL (${base})`); }
  } else if (platform === 'gpustack') {
    for (const suffix of ['/v1-openai', '/v1']) {
      const s = stripSuffix(base, suffix);
      if (s.stripped) { base = s.url; warn(`the address ended in ${suffix}, which was removed: GPUStack needs the server root (${base})`); break; }
    }
  } else if (platform === 'openai' || platform === 'rafay') {
    const op = stripOperationPath(base);
    if (op.removed) { base = op.url; warn(`the address ended in ${op.removed.suffix} (${op.removed.what}), which was removed: requests go to ${base}/…`); }
    if (!hasVersionSegment(base)) warn(`the address ${base} has no version path such as /v1; OpenAI-style servers usually need one (e.g. ${base}/v1)`);
  }
  return base;
}

/** `extraBody` and `defaults` as configured, leaving out empty ones (so an unconfigured endpoint carries neither). */
function requestOptions(o: { extraBody?: Record<string, unknown>; defaults?: Schema.RequestDefaults }): Pick<Endpoint, 'extraBody' | 'defaults'> {
  const defaults = o.defaults ? Object.fromEntries(Object.entries(o.defaults).filter(([, v]) => v !== undefined)) as Schema.RequestDefaults : undefined;
  return {
    ...(o.extraBody && Object.keys(o.extraBody).length ? { extraBody: o.extraBody } : {}),
    ...(defaults && Object.keys(defaults).length ? { defaults } : {}),
  };
}

interface Checked {
  index: number;
  id?: string;
  name: string;
  problems: { field: string; message: string }[];
  endpoint?: Endpoint;
  warnings: string[];
}

/** Every problem of one entry (not only the first), and the endpoint when there is none. */
function checkEntry(entry: unknown, index: number): Checked {
  const { name, id } = entryName(index, entry);
  const out: Checked = { index, ...(id ? { id } : {}), name, problems: [], warnings: [] };
  const problem = (field: string, message: string) => out.problems.push({ field, message });
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) { problem('', 'must be an object with id, platform and baseUrl'); return out; }
  let result: ReturnType<typeof Schema.endpointSchema.safeParse>;
  try {
    result = schema().endpointSchema.safeParse(entry);
  } catch (e) {
    // A value the validator itself cannot walk (nested too deep for the stack…) is this entry's problem, not a crash.
    problem('', `could not be checked (${e instanceof RangeError ? 'a value is nested too deeply' : 'an unexpected value'}); check the entry's JSON`);
    return out;
  }
  if (!result.success) {
    for (const issue of result.error.issues) out.problems.push(describeIssue(issue, entry));
    return out;
  }
  const e = result.data;
  const auth: Auth = e.auth ?? { type: 'bearer' };
  const reserved = new Set(schema().RESERVED_HEADERS);
  if (auth.type === 'header') reserved.add(auth.name.toLowerCase());
  const headers = e.headers ?? {};
  const bad = Object.keys(headers).filter((h) => reserved.has(h.toLowerCase()));
  if (bad.length) problem('headers', `headers may not set ${bad.map((h) => shownString(h)).join(', ')}: auth, framing and OICM-Request-Timeout headers are managed by MaaS Connect`);
  if (e.platform === 'oicm' && !(e.models && e.models.length)) problem('models', 'models is required for platform "oicm": list each model version id with its task (OICM has no model catalogue)');
  if (e.platform === 'intel-tiber' && auth.type !== 'oauth2') problem('auth', `auth must be { "type": "oauth2", "tokenUrl": "…" } for platform "intel-tiber" (Intel uses client credentials)`);
  if (e.platform === 'intel-tiber' && !e.cloudAccountId) problem('cloudAccountId', 'cloudAccountId is required for platform "intel-tiber" (your 12-digit cloud account number)');
  const warnings = out.warnings;
  let baseUrl = e.baseUrl;
  try { baseUrl = normalisePlatformBase(e.platform, e.baseUrl, (m) => warnings.push(m)); } catch (err) { problem('baseUrl', `baseUrl ${shownString(e.baseUrl)} ${(err as Error).message}`); }
  if (out.problems.length) { out.warnings = []; return out; }
  if (e.chatApi && e.platform !== 'gpustack') warnings.push('chatApi applies only to platform "gpustack" and is ignored');
  if (e.cloudAccountId && e.platform !== 'intel-tiber') warnings.push('cloudAccountId applies only to platform "intel-tiber" and is ignored');
  if (e.requestTimeoutSeconds && e.platform !== 'oicm') warnings.push('requestTimeoutSeconds applies only to platform "oicm" and is ignored');
  if (e.tls?.insecureSkipVerify) warnings.push('tls.insecureSkipVerify is on: certificates of this endpoint are not checked');
  const models: ModelEntry[] = (e.models ?? []).map((m) => ({
    id: m.id, tasks: toTasks(m.task, m.id, e.platform), label: m.label ?? m.id,
    ...(m.servedModel ? { servedModel: m.servedModel } : {}), ...(m.api ? { api: m.api } : {}),
    ...requestOptions(m),
  }));
  out.endpoint = {
    id: e.id, label: e.label ?? e.id, platform: e.platform, baseUrl, auth, headers, models,
    ...requestOptions(e),
    chatApi: e.chatApi ?? 'openai',
    ...(e.cloudAccountId ? { cloudAccountId: e.cloudAccountId } : {}),
    timeoutSeconds: e.timeoutSeconds ?? 120,
    requestTimeoutSeconds: e.requestTimeoutSeconds ?? 600,
    ...(e.tls ? { tls: e.tls } : {}),
    allowedOrigins: (e.allowedOrigins ?? []).map((o) => new URL(o).origin),
  };
  return out;
}

/**
 * Validates every entry on its own. Ids must be unique, and an id belongs to the first *valid* entry
 * that uses it: an invalid entry reusing it never hides that endpoint. Every problem of an entry is
 * reported (problems in list order), each with its field.
 */
export function parseEndpoints(raw: unknown): ParsedConfig {
  const out: ParsedConfig = { endpoints: [], problems: [], warnings: [] };
  if (raw === undefined || raw === null) return out;
  if (!Array.isArray(raw)) {
    out.problems.push({ index: -1, field: '', message: 'endpoints must be a list (JSON array) of endpoint objects' });
    return out;
  }
  const checked = raw.map((entry, index) => checkEntry(entry, index));
  const owner = new Map<string, Checked>();
  for (const c of checked) if (c.endpoint && !owner.has(c.endpoint.id)) owner.set(c.endpoint.id, c);
  const firstUse = new Map<string, Checked>();
  for (const c of checked) {
    if (c.id === undefined) continue;
    const own = owner.get(c.id);
    const first = firstUse.get(c.id);
    if (!first) firstUse.set(c.id, c);
    if (own && own !== c) {
      c.problems.unshift({ field: 'id', message: `id "${c.id}" is already used by endpoint #${own.index + 1}, which is the one loaded; ids must be unique` });
      delete c.endpoint;
    } else if (!own && first && first !== c) {
      c.problems.unshift({ field: 'id', message: `id "${c.id}" is also used by endpoint #${first.index + 1}; ids must be unique` });
    }
  }
  for (const c of checked) {
    for (const p of c.problems) out.problems.push({ index: c.index, ...(c.id ? { endpointId: c.id } : {}), field: p.field, message: `${c.name}: ${p.message}` });
    if (!c.endpoint) continue;
    out.endpoints.push(c.endpoint);
    for (const w of c.warnings) out.warnings.push({ endpointId: c.endpoint.id, message: `endpoint "${c.endpoint.id}": ${w}` });
  }
  return out;
}
