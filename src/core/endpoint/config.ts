/** Validates endpoint entries one by one: a bad entry is reported with its field and the others still load. */
import type { z } from 'zod';
import { endpointSchema, RESERVED_HEADERS, type Endpoint, type ModelEntry, type Auth, type Platform } from './schema';
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

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): { field: string; message: string } {
  const field = issue.path.map(String).join('.');
  let value: unknown = raw;
  for (const k of issue.path) value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[k as PropertyKey] : undefined;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    return { field, message: `${field ? field + ': ' : ''}unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}` };
  }
  if (issue.code === 'invalid_type' && value === undefined) return { field, message: `${field} is required` };
  if (issue.path[0] === 'auth' && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
    const shown = issue.path.length === 1 ? value : (raw as { auth?: unknown }).auth;
    return { field, message: `auth ${JSON.stringify(shown)} must be "bearer", "none", or an object whose type is "bearer", "header" (with name), "oauth2" (with tokenUrl) or "none"` };
  }
  if (issue.code === 'invalid_type') return { field, message: `${field} ${JSON.stringify(value)} must be a ${issue.expected}` };
  // enum messages already quote the value: `platform "foo" is not one of …`
  if (issue.code === 'invalid_value' || issue.message.startsWith('"')) return { field, message: `${field} ${issue.message}` };
  const shown = typeof value === 'string' || typeof value === 'number' ? ` ${JSON.stringify(value)}` : '';
  return { field, message: `${field}${shown} ${issue.message}` };
}

function toTasks(task: Task | Task[] | undefined): Task[] {
  if (task === undefined) return ['chat'];
  return Array.isArray(task) ? [...new Set(task)] : [task];
}

/** Platform-specific base URL clean-up, with the warnings DESIGN.md asks for. */
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
    const result = endpointSchema.safeParse(entry);
    if (!result.success) {
      for (const issue of result.error.issues) { const d = describeIssue(issue, entry); problem(d.field, d.message); }
      return;
    }
    const e = result.data;
    if (seen.has(e.id)) { problem('id', `id "${e.id}" is used by an earlier endpoint; ids must be unique`); return; }
    const auth: Auth = (e.auth as Auth | undefined) ?? { type: 'bearer' };
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
    seen.add(e.id);
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
