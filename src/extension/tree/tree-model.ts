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
import type { EndpointState } from '../endpoints/endpoint-store';
import { Commands, type CommandId } from '../commands/ids';
import { modelRef } from '../config/model-ref';

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
  /** `contextValue` for menus: `maas.endpoint`, `maas.endpoint.oicm`, `maas.model.chat`, … */
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

export const ERROR_HEADLINES: Record<ErrorKind, string> = {
  auth: 'Credential rejected', forbidden: 'Access refused', not_found: 'Not found', timeout: 'Timed out',
  rate_limited: 'Rate limited', bad_request: 'Request rejected', server: 'Server error', network: 'Unreachable',
  tls: 'Certificate not accepted', protocol: 'Unexpected answer', config: 'Configuration problem',
};

export interface ErrorAction { command: CommandId; title: string }

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
function stripEndpointPrefix(message: string): string {
  return message.replace(/^endpoint (?:"[^"]*"|#\d+): /, '');
}

const esc = (s: string): string => s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');

function modelTooltip(m: ModelInfo): string {
  const lines = [`**${esc(m.label)}**`, '', `id: \`${m.id}\``, '', `tasks: ${m.tasks.join(', ')}`];
  if (m.contextLength) lines.push('', `context length: ${m.contextLength.toLocaleString('en-US')} tokens`);
  if (m.url) lines.push('', `url: ${esc(m.url)}`);
  if (m.reasoning) lines.push('', 'reasoning model: answers start with a thinking section');
  if (m.voices?.length) lines.push('', `voices: ${m.voices.map(esc).join(', ')}`);
  if (m.source === 'configured') lines.push('', '_listed in settings (not in the gateway\'s catalogue)_');
  return lines.join('\n');
}

function modelNode(e: Endpoint, m: ModelInfo, defaultRef?: string): TreeNode {
  const flags = [m.tasks.includes('chat') ? '.chat' : '', e.platform === 'oicm' ? '.oicm' : ''].join('');
  const isDefault = defaultRef === modelRef(e.id, m.id);
  return {
    key: `ep:${e.id}/model:${m.id}`, kind: 'model', label: m.label,
    description: m.tasks.join(', ') + (isDefault ? ' · default chat model' : ''),
    icon: TASK_ICONS[m.tasks[0] ?? 'chat'], tooltip: modelTooltip(m), contextValue: `maas.model${flags}`,
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
      return [{
        key: key('credentials'), kind: 'credentials', label: `Set the ${what} to list models`, icon: 'key', iconColor: 'warning',
        tooltip: `No ${esc(what)} is stored for this endpoint. Click to set it (kept in VS Code's secret storage).`,
        command: { id: Commands.setCredentials, title: 'Set Credentials', args: [e.id] }, children: [], endpointId: e.id,
      }];
    }
    case 'error': {
      const [action] = actionsForError(st.kind);
      const kindText = st.status ? `${st.kind} · ${st.status}` : st.kind;
      // A short headline first: a narrow side bar cuts the rest, which the tooltip shows in full.
      const headline = `${ERROR_HEADLINES[st.kind]}${st.status ? ` (${st.status})` : ''}`;
      return [{
        key: key('error'), kind: 'error', label: `${headline}: ${st.message}`, icon: 'error', iconColor: 'error',
        tooltip: `**${kindText}**: ${esc(st.message)}\n\nClick to ${action.title.toLowerCase()}.`,
        command: { id: action.command, title: action.title, args: [e.id] }, children: [], endpointId: e.id,
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

/** The state first (it is what a narrow side bar still shows), then the platform. */
function endpointDescription(s: EndpointState): string {
  const platform = PLATFORM_SHORT[s.endpoint.platform];
  const st = s.status;
  switch (st.state) {
    case 'loading': return `discovering… · ${platform}`;
    case 'ready': return `${st.models.length} model${st.models.length === 1 ? '' : 's'} · ${platform}`;
    case 'error': return `error: ${st.kind} · ${platform}`;
    case 'missingCredentials': return `${st.missing.map(describeSecret).join(', ')} not set · ${platform}`;
  }
}

function endpointIcon(s: EndpointState): Pick<TreeNode, 'icon' | 'iconColor'> {
  switch (s.status.state) {
    case 'loading': return { icon: 'loading~spin' };
    case 'ready': return s.warnings.length ? { icon: 'server-environment', iconColor: 'warning' } : { icon: 'server-environment' };
    case 'error': return { icon: 'error', iconColor: 'error' };
    case 'missingCredentials': return { icon: 'key', iconColor: 'warning' };
  }
}

export function endpointNode(s: EndpointState, defaultRef?: string): TreeNode {
  const e = s.endpoint;
  const tooltip = [
    `**${esc(e.label)}** — \`${e.id}\``, '',
    `platform: ${PLATFORM_SHORT[e.platform]}`, '',
    `base URL: ${esc(e.baseUrl)}`, '',
    `auth: ${esc(describeAuth(e.auth))}`,
    ...s.warnings.map((w) => `\n$(warning) ${esc(stripEndpointPrefix(w))}`),
  ].join('\n');
  const warnings: TreeNode[] = s.warnings.map((w, i) => ({
    key: `ep:${e.id}/warning:${i}`, kind: 'warning', label: stripEndpointPrefix(w), icon: 'warning', iconColor: 'warning',
    tooltip: esc(stripEndpointPrefix(w)), command: { id: Commands.openEndpointSettings, title: 'Open Settings', args: [e.id] }, children: [], endpointId: e.id,
  }));
  return {
    key: `ep:${e.id}`, kind: 'endpoint', label: e.label, description: endpointDescription(s), ...endpointIcon(s), tooltip,
    contextValue: e.platform === 'oicm' ? 'maas.endpoint.oicm' : 'maas.endpoint', expanded: true,
    children: [...warnings, ...statusChildren(s, defaultRef)], endpointId: e.id,
  };
}

function problemName(p: ConfigProblem): string {
  return p.endpointId ? `"${p.endpointId}"` : p.index >= 0 ? `entry #${p.index + 1}` : 'maas.endpoints';
}

export function problemsNode(problems: readonly ConfigProblem[]): TreeNode {
  const entries = new Set(problems.map((p) => p.index)).size;
  return {
    key: 'problems', kind: 'problems', label: `Configuration problems (${entries})`,
    description: `invalid entr${entries === 1 ? 'y' : 'ies'} ignored until fixed`, icon: 'warning', iconColor: 'warning', expanded: true,
    tooltip: 'These entries of the `maas.endpoints` setting are ignored until they are fixed; the other endpoints still load. Click one to open it in settings.json.',
    children: problems.map((p, i) => ({
      key: `problem:${p.index}:${i}`, kind: 'problem', label: problemName(p), description: stripEndpointPrefix(p.message),
      icon: 'error', iconColor: 'error',
      tooltip: `**${esc(problemName(p))}**${p.field ? ` — field \`${p.field}\`` : ''}\n\n${esc(stripEndpointPrefix(p.message))}`,
      command: { id: Commands.openEndpointSettings, title: 'Open Settings', args: [p.endpointId ?? p.index] },
      children: [], ...(p.endpointId ? { endpointId: p.endpointId } : {}),
    })),
  };
}

/**
 * The whole tree: the problems node (if any) first, then the endpoints in settings order; the default
 * chat model (`<endpointId>/<modelId>`) is marked. Empty → the welcome view.
 */
export function buildTree(states: readonly EndpointState[], problems: readonly ConfigProblem[], defaultChatModel?: string): TreeNode[] {
  return [...(problems.length ? [problemsNode(problems)] : []), ...states.map((s) => endpointNode(s, defaultChatModel))];
}
