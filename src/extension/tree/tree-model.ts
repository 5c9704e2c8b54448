/**
 * What the Endpoints view shows, as plain data: endpoints → models, a status line per endpoint, and a
 * "Configuration problems" node. Pure (no 'vscode'): endpoints-tree.ts turns nodes into TreeItems, and the
 * test API returns the same nodes as `treeSnapshot()`.
 */
import type { Auth, Endpoint, Platform } from '../../core/endpoint/schema';
import type { ConfigProblem } from '../../core/endpoint/config';
import type { ModelInfo } from '../../core/models';
import type { SecretName } from '../../core/credentials';
import type { ErrorKind } from '../../core/errors';
import type { Task } from '../../core/tasks';
import { RUNNABLE_TASKS } from '../../core/tasks/types';
import type { EndpointState } from '../endpoints/endpoint-store';
import type { EndpointTraffic } from '../../core/endpoint-client';
import type { RateLimitCounter } from '../../core/http/rate-limit';
import { Commands, type CommandId } from '../commands/ids';
import { modelRef } from '../config/model-ref';
import type { FieldTarget } from '../config/settings-json';
import { displayText, markdownCode, markdownText } from '../../core/display-text';

export type NodeKind = 'endpoint' | 'model' | 'loading' | 'error' | 'credentials' | 'warning' | 'empty' | 'problems' | 'problem';
/** Theme colour ids used for icons. */
export type IconColor = 'error' | 'warning';

export interface NodeCommand {
  id: CommandId;
  title: string;
  args: unknown[];
}

export interface TreeNode {
  /** Stable and unique in the tree (keeps expansion state across refreshes). */
  key: string;
  kind: NodeKind;
  label: string;
  description?: string;
  /** A codicon id, e.g. `comment-discussion`, `loading~spin`. */
  icon: string;
  iconColor?: IconColor;
  /** Markdown. */
  tooltip?: string;
  /** `contextValue` for menus: `maas.endpoint`, `maas.endpoint.oicm`, `maas.model.chat`, `maas.model.task` (runs a non-chat task), … */
  contextValue?: string;
  command?: NodeCommand;
  expanded?: boolean;
  children: TreeNode[];
  endpointId?: string;
  modelId?: string;
}

export const PLATFORM_SHORT: Record<Platform, string> = {
  'openai': 'OpenAI-compatible', 'openshift-ai': 'OpenShift AI', 'gpustack': 'GPUStack', 'rafay': 'Rafay', 'oicm': 'OICM', 'intel-tiber': 'Intel Tiber',
};

export const TASK_ICONS: Record<Task, string> = {
  chat: 'comment-discussion', completion: 'symbol-string', embedding: 'symbol-array', rerank: 'list-ordered',
  classification: 'tag', transcription: 'mic', speech: 'unmute', image: 'file-media', translation: 'globe', prediction: 'graph-line',
};

export function describeAuth(auth: Auth): string {
  switch (auth.type) {
    case 'bearer': return 'API key as Bearer token';
    case 'header': return `API key in the ${auth.name} header`;
    case 'oauth2': return `OAuth2 client credentials via ${auth.tokenUrl}`;
    case 'none': return 'none';
  }
}

export function describeSecret(name: SecretName): string {
  if (name === 'apiKey') return 'API key';
  if (name === 'clientId') return 'client id';
  if (name === 'clientSecret') return 'client secret';
  return `token of model ${name.slice('model:'.length, -':token'.length)}`;
}

/** The credential an auth type needs, in the user's words. */
export function credentialWords(auth: Auth): string {
  switch (auth.type) {
    case 'bearer': case 'header': return 'API key';
    case 'oauth2': return 'client id and secret';
    case 'none': return 'no credential';
  }
}

const STATE_WORDS: Record<ErrorKind, string> = {
  auth: 'key rejected', forbidden: 'access refused', not_found: 'not found', timeout: 'timed out',
  rate_limited: 'rate limited', bad_request: 'request rejected', server: 'server error', network: 'unreachable',
  tls: 'certificate not trusted', protocol: 'unexpected answer', config: 'configuration problem',
};

/**
 * One plain statement of a failed endpoint's state, worded for its auth type: "key rejected (401)",
 * "client credentials rejected (401)", "unreachable", "access refused (403)", "CA file unreadable".
 */
export function errorState(kind: ErrorKind, auth: Auth, status?: number, field?: string): string {
  let words = STATE_WORDS[kind];
  if (kind === 'auth' && auth.type === 'oauth2') words = 'client credentials rejected';
  if (kind === 'auth' && auth.type === 'none') words = 'credential required';
  if (kind === 'config' && field === 'tls.caFile') words = 'CA file unreadable';
  return status ? `${words} (${status})` : words;
}

export interface ErrorAction { command: CommandId; title: string }

/** What `maas.openEndpointSettings` is given to select a field: an entry by position or id, and the field's dotted path. */
/** Where Open Settings puts the cursor: an entry (by index or id) and optionally one of its fields. */
export type SettingsTarget = FieldTarget;

/** What a user can do about an error of this kind, best first. */
export function actionsForError(kind: ErrorKind): ErrorAction[] {
  const setCredentials = { command: Commands.setCredentials, title: 'Set Credentials' };
  const edit = { command: Commands.editEndpoint, title: 'Edit Endpoint' };
  const settings = { command: Commands.openEndpointSettings, title: 'Open Settings' };
  const retry = { command: Commands.refresh, title: 'Retry' };
  const log = { command: Commands.showLog, title: 'Show Log' };
  switch (kind) {
    case 'auth': case 'forbidden': return [setCredentials, log];
    case 'config': return [settings, setCredentials, log];
    case 'not_found': case 'protocol': case 'tls': case 'bad_request': return [edit, log];
    case 'network': return [edit, retry, log];
    case 'timeout': case 'rate_limited': case 'server': return [retry, log];
  }
}

/** `endpoint "x": message` → `message` (the tree already says which endpoint). */
export function stripEndpointPrefix(message: string): string {
  return message.replace(/^endpoint (?:"[^"]*"|#\d+): /, '');
}

/** Server and configuration text inside the hover's markdown: no link, image, icon or code-span break-out. */
const esc = (s: string): string => markdownText(s);
/** Server and configuration text on a plain-text surface (a row's label or description). */
const plain = (s: string): string => displayText(s, 300);

function modelTooltip(m: ModelInfo, isDefault: boolean): string {
  const lines = [`**${esc(m.label)}**${isDefault ? ' (default chat model)' : ''}`, '', `id: ${markdownCode(m.id)}`, '', `tasks: ${m.tasks.join(', ')}`];
  if (m.contextLength) lines.push('', `context length: ${m.contextLength.toLocaleString('en-US')} tokens`);
  if (m.url) lines.push('', `url: ${esc(m.url)}`);
  if (m.reasoning) lines.push('', 'reasoning model: answers start with a thinking section');
  if (m.voices?.length) lines.push('', `voices: ${m.voices.map(esc).join(', ')}`);
  if (m.source === 'configured') lines.push('', '_listed in settings (not in the gateway\'s catalogue)_');
  return lines.join('\n');
}

function modelNode(e: Endpoint, m: ModelInfo, defaultRef?: string): TreeNode {
  const isDefault = defaultRef === modelRef(e.id, m.id);
  const flags = [m.tasks.some((t) => (RUNNABLE_TASKS as readonly string[]).includes(t)) ? '.task' : '', m.tasks.includes('chat') ? '.chat' : '', e.platform === 'oicm' ? '.oicm' : '', isDefault ? '.default' : ''].join('');
  // The default chat model wears a star (an icon survives a narrow side bar; text at the end does not).
  return {
    key: `ep:${e.id}/model:${m.id}`, kind: 'model', label: plain(m.label),
    description: (isDefault ? 'default · ' : '') + m.tasks.join(', '),
    icon: isDefault ? 'star-full' : TASK_ICONS[m.tasks[0] ?? 'chat'], tooltip: modelTooltip(m, isDefault), contextValue: `maas.model${flags}`,
    children: [], endpointId: e.id, modelId: m.id,
  };
}

function statusChildren(s: EndpointState, defaultRef?: string): TreeNode[] {
  const e = s.endpoint;
  const key = (k: string) => `ep:${e.id}/${k}`;
  const st = s.status;
  switch (st.state) {
    case 'loading':
      return [{ key: key('loading'), kind: 'loading', label: 'Discovering models…', icon: 'loading~spin', children: [], endpointId: e.id }];
    case 'missingCredentials': {
      const what = st.missing.map(describeSecret).join(' and ');
      if (st.enteredFor) {
        return [{
          key: key('credentials'), kind: 'credentials', label: plain(`Entered for ${st.enteredFor}`), icon: 'key', iconColor: 'warning',
          tooltip: `The stored ${esc(what)} was entered for ${esc(st.enteredFor)}, and this endpoint now points elsewhere: it is not sent until you say so. Click to use it here or to enter a new one.`,
          command: { id: Commands.setCredentials, title: 'Set Credentials', args: [e.id] }, children: [], endpointId: e.id,
        }];
      }
      return [{
        key: key('credentials'), kind: 'credentials', label: `Set the ${what} to list models`, icon: 'key', iconColor: 'warning',
        tooltip: `No ${esc(what)} is stored for this endpoint. Click to set it (kept in VS Code's secret storage).`,
        command: { id: Commands.setCredentials, title: 'Set Credentials', args: [e.id] }, children: [], endpointId: e.id,
      }];
    }
    case 'error': {
      // The endpoint's row states what is wrong ("key rejected (401)"); this row says it once, in full.
      const [action] = actionsForError(st.kind);
      const message = stripEndpointPrefix(st.message);
      const args = st.field && action.command === Commands.openEndpointSettings ? [{ endpointId: e.id, field: st.field } satisfies SettingsTarget] : [e.id];
      return [{
        key: key('error'), kind: 'error', label: plain(message), icon: 'error', iconColor: 'error',
        tooltip: `**${esc(errorState(st.kind, e.auth, st.status, st.field))}**\n\n${esc(message)}\n\nClick to ${action.title.toLowerCase()}.`,
        command: { id: action.command, title: action.title, args }, children: [], endpointId: e.id,
      }];
    }
    case 'ready':
      if (!st.models.length) {
        return [{ key: key('empty'), kind: 'empty', label: 'No models found', description: 'the gateway listed none', icon: 'info', children: [], endpointId: e.id,
          tooltip: 'The gateway answered but listed no models this credential may use. Models can also be listed in the endpoint\'s `models` setting.' }];
      }
      return st.models.map((m) => modelNode(e, m, defaultRef));
  }
}

/**
 * The state alone: a narrow side bar (with the selected row's two inline icons) still shows it whole.
 * The platform is in the hover.
 */
function endpointDescription(s: EndpointState): string {
  const st = s.status;
  switch (st.state) {
    case 'loading': return 'discovering…';
    case 'ready': return `${st.models.length} model${st.models.length === 1 ? '' : 's'}`;
    case 'error': return errorState(st.kind, s.endpoint.auth, st.status, st.field);
    case 'missingCredentials': return st.enteredFor ? 'origin changed' : `${st.missing.map(describeSecret).join(', ')} not set`;
  }
}

/** Certificates of this endpoint are not checked (`tls.insecureSkipVerify`): its row says so before anything else. */
export const INSECURE_BADGE = 'TLS unchecked';

const insecure = (e: Endpoint): boolean => e.tls?.insecureSkipVerify === true;

function endpointIcon(s: EndpointState): Pick<TreeNode, 'icon' | 'iconColor'> {
  switch (s.status.state) {
    case 'loading': return { icon: 'loading~spin' };
    case 'ready':
      if (insecure(s.endpoint)) return { icon: 'unlock', iconColor: 'warning' };
      return s.warnings.length ? { icon: 'server-environment', iconColor: 'warning' } : { icon: 'server-environment' };
    case 'error': return { icon: 'error', iconColor: 'error' };
    case 'missingCredentials': return { icon: 'key', iconColor: 'warning' };
  }
}

/** The hover's credential line: what the auth type needs and whether it is stored. */
function credentialState(s: EndpointState): string {
  const needs = credentialWords(s.endpoint.auth);
  if (s.endpoint.auth.type === 'none') return 'none needed';
  switch (s.status.state) {
    case 'missingCredentials': return s.status.enteredFor
      ? `${s.status.missing.map(describeSecret).join(' and ')} entered for ${s.status.enteredFor}, not sent here`
      : `${s.status.missing.map(describeSecret).join(' and ')} not stored`;
    case 'loading': return `${needs}: checking…`;
    case 'error': return s.status.kind === 'auth' ? `${needs} stored, but rejected` : s.status.kind === 'config' ? `${needs}: not checked` : `${needs} stored`;
    case 'ready': return `${needs} stored`;
  }
}

/** The hover's connection line: the last discovery's outcome. */
function connectionState(s: EndpointState): string {
  const st = s.status;
  switch (st.state) {
    case 'loading': return 'discovering models…';
    case 'missingCredentials': return st.enteredFor ? 'not tried (credential entered for another origin)' : 'not tried (credential missing)';
    case 'ready': return `connected, ${st.models.length} model${st.models.length === 1 ? '' : 's'}`;
    case 'error': return errorState(st.kind, s.endpoint.auth, st.status, st.field);
  }
}

const num = (n: number): string => n.toLocaleString('en-US');

function waitWords(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

function counterWords(c: RateLimitCounter, unit: string): string | undefined {
  if (c.remaining === undefined && c.limit === undefined) return undefined;
  const left = c.remaining === undefined ? `limit ${num(c.limit!)}${unit}` : c.limit === undefined ? `${num(c.remaining)}${unit} left` : `${num(c.remaining)} of ${num(c.limit)}${unit} left`;
  return c.resetMs === undefined ? left : `${left}, resets in ${waitWords(c.resetMs)}`;
}

/**
 * The hover's traffic lines: the rate limits the gateway stated in its last answer (as of that answer),
 * and the tokens used through this endpoint this session.
 */
export function trafficLines(t: EndpointTraffic | undefined): string[] {
  if (!t) return [];
  const lines: string[] = [];
  const r = t.rateLimit;
  if (r) {
    const parts = [
      r.requests && counterWords(r.requests, ' requests'), r.tokens && counterWords(r.tokens, ' tokens'), r.quota && counterWords(r.quota, ''),
      r.policy && `policy ${r.policy}`,
    ].filter((p): p is string => !!p);
    if (parts.length) lines.push('', `rate limits (as of the last answer): ${esc(parts.join('; '))}`);
  }
  const u = t.usage;
  if (u.answers > 0) lines.push('', `tokens this session: ${num(u.inputTokens)} in, ${num(u.outputTokens)} out (${u.answers} answer${u.answers === 1 ? '' : 's'})`);
  return lines;
}

export function endpointNode(s: EndpointState, defaultRef?: string): TreeNode {
  const e = s.endpoint;
  const tooltip = [
    `**${esc(e.label)}** — ${markdownCode(e.id)}`, '',
    `platform: ${PLATFORM_SHORT[e.platform]}`, '',
    `base URL: ${esc(e.baseUrl)}`, '',
    `auth: ${esc(describeAuth(e.auth))}`, '',
    `credentials: ${esc(credentialState(s))}`, '',
    `connection: ${esc(connectionState(s))}`,
    ...trafficLines(s.traffic),
    ...(e.tls?.caFile ? ['', `TLS: CA file ${esc(e.tls.caFile)} added to the system roots`] : []),
    ...(insecure(e) ? ['', '$(unlock) **TLS certificates not checked** (`tls.insecureSkipVerify`)'] : []),
    ...s.warnings.map((w) => `\n$(warning) ${esc(stripEndpointPrefix(w))}`),
  ].join('\n');
  const warnings: TreeNode[] = s.warnings.map((w, i) => ({
    key: `ep:${e.id}/warning:${i}`, kind: 'warning', label: plain(stripEndpointPrefix(w)), icon: 'warning', iconColor: 'warning',
    tooltip: esc(stripEndpointPrefix(w)), command: { id: Commands.openEndpointSettings, title: 'Open Settings', args: [e.id] }, children: [], endpointId: e.id,
  }));
  return {
    key: `ep:${e.id}`, kind: 'endpoint', label: plain(e.label),
    description: insecure(e) ? `${INSECURE_BADGE} · ${endpointDescription(s)}` : endpointDescription(s), ...endpointIcon(s), tooltip,
    contextValue: e.platform === 'oicm' ? 'maas.endpoint.oicm' : 'maas.endpoint', expanded: true,
    children: [...warnings, ...statusChildren(s, defaultRef)], endpointId: e.id,
  };
}

function problemName(p: ConfigProblem): string {
  return p.endpointId ? `"${p.endpointId}"` : p.index >= 0 ? `entry #${p.index + 1}` : 'maas.endpoints';
}

/** `endpoint "x": models.0.task …` → `models.0.task …`. */
const problemText = (p: ConfigProblem): string => stripEndpointPrefix(p.message);

/** A click selects the field at fault in settings.json (the entry itself when the problem is the whole entry). */
function problemCommand(p: ConfigProblem): NodeCommand {
  const target: SettingsTarget = p.index >= 0 ? { index: p.index, field: p.field } : {};
  return { id: Commands.openEndpointSettings, title: 'Show in settings.json', args: [target] };
}

function problemTooltip(name: string, problems: readonly ConfigProblem[]): string {
  return [`**${esc(name)}** is ignored until fixed:`, '', ...problems.map((p) => `- ${p.field ? `${markdownCode(p.field)}: ` : ''}${esc(problemText(p))}`)].join('\n');
}

/** One row per invalid entry; with several problems, each is a child row of its own. */
function problemEntryNode(problems: readonly ConfigProblem[]): TreeNode {
  const [first] = problems;
  const name = problemName(first);
  const base = { kind: 'problem' as const, icon: 'error', iconColor: 'error' as const, ...(first.endpointId ? { endpointId: first.endpointId } : {}) };
  if (problems.length === 1) {
    return { ...base, key: `problem:${first.index}`, label: plain(name), description: plain(problemText(first)), tooltip: problemTooltip(name, problems), command: problemCommand(first), children: [] };
  }
  return {
    ...base, key: `problem:${first.index}`, label: plain(name), description: `${problems.length} problems`, tooltip: problemTooltip(name, problems), expanded: true,
    command: problemCommand(first),
    children: problems.map((p, i) => ({
      ...base, key: `problem:${p.index}:${i}`, label: plain(problemText(p)), icon: 'circle-small-filled',
      tooltip: `${p.field ? `${markdownCode(p.field)}: ` : ''}${esc(problemText(p))}\n\nClick to select it in settings.json.`,
      command: problemCommand(p), children: [],
    })),
  };
}

export function problemsNode(problems: readonly ConfigProblem[]): TreeNode {
  const byEntry = new Map<number, ConfigProblem[]>();
  for (const p of problems) byEntry.set(p.index, [...(byEntry.get(p.index) ?? []), p]);
  const entries = byEntry.size;
  return {
    key: 'problems', kind: 'problems', label: `Configuration problems (${entries})`,
    description: `invalid entr${entries === 1 ? 'y' : 'ies'} ignored until fixed`, icon: 'warning', iconColor: 'warning', expanded: true,
    tooltip: 'These entries of the `maas.endpoints` setting are ignored until they are fixed; the other endpoints still load. Click a problem to select its field in settings.json.',
    children: [...byEntry.values()].map(problemEntryNode),
  };
}

/**
 * The whole tree: the problems node (if any) first, then the endpoints in settings order; the default
 * chat model (`<endpointId>/<modelId>`) is marked. Empty → the welcome view.
 */
export function buildTree(states: readonly EndpointState[], problems: readonly ConfigProblem[], defaultChatModel?: string): TreeNode[] {
  return [...(problems.length ? [problemsNode(problems)] : []), ...states.map((s) => endpointNode(s, defaultChatModel))];
}
