/**
 * MaaS: Edit Endpoint… as questions: pick a field (each shows its current value), answer with the same
 * prompts and checks as Add Endpoint, or jump to the entry in settings.json for anything else
 * (headers, TLS, allowedOrigins, model details). Pure: endpoint-commands.ts supplies the prompter, checks
 * the connection and writes.
 */
import { authSecretNames, type SecretName } from '../../core/credentials';
import type { Endpoint } from '../../core/endpoint/schema';
import { TASKS, type Task } from '../../core/tasks';
import {
  PLATFORM_GUIDES, INTEL_TOKEN_URL, checkBaseUrl, checkSecret, checkCloudAccountId, checkHeaderName, checkModelId, checkTimeout, checkUrl,
} from '../config/platform-guide';
import { describeAuth } from '../tree/tree-model';
import { AUTH_ITEMS, TASK_DESCRIPTIONS, type AddEndpointAnswers, type AuthType } from './add-endpoint-flow';
import { BACK, runSteps, type PickItem, type Prompter, type Step } from './prompter';

export type EditField = 'label' | 'baseUrl' | 'auth' | 'chatApi' | 'cloudAccountId' | 'tokenUrl' | 'addModel' | 'timeout' | 'credentials' | 'json';

export type EditOutcome =
  | { kind: 'entry'; entry: Record<string, unknown>; changed: string; field: EditField }
  | { kind: 'credentials' }
  | { kind: 'json' };

/** The answers an edit can change: the add flow's, less platform, id and secrets, plus the timeout. */
export interface EditState extends Pick<AddEndpointAnswers, 'label' | 'baseUrl' | 'authType' | 'headerName' | 'tokenUrl' | 'chatApi' | 'cloudAccountId' | 'modelId' | 'modelTask'> {
  field?: EditField;
  timeout?: string;
}

/** The fields offered for this endpoint, with their current values. */
export function editItems(e: Endpoint): PickItem<EditField>[] {
  const items: PickItem<EditField>[] = [
    { value: 'label', label: '$(tag) Label', description: e.label },
    { value: 'baseUrl', label: '$(link) Base URL', description: e.baseUrl },
  ];
  if (PLATFORM_GUIDES[e.platform].auth === 'choose') items.push({ value: 'auth', label: '$(shield) Authentication', description: describeAuth(e.auth) });
  if (e.platform === 'intel-tiber' && e.auth.type === 'oauth2') items.push({ value: 'tokenUrl', label: '$(globe) Token URL', description: e.auth.tokenUrl });
  if (e.platform === 'intel-tiber') items.push({ value: 'cloudAccountId', label: '$(account) Cloud account number', description: e.cloudAccountId ?? '' });
  if (e.platform === 'gpustack') items.push({ value: 'chatApi', label: '$(comment-discussion) Chat API', description: e.chatApi === 'anthropic' ? 'Anthropic messages' : 'OpenAI chat completions' });
  items.push(
    { value: 'addModel', label: '$(add) Add a model', description: `${e.models.length} listed in settings`, detail: e.platform === 'oicm' ? 'OICM lists no catalogue: add each model version id with its task' : 'A model the gateway does not list, or a task/label override' },
    { value: 'timeout', label: '$(watch) Timeout', description: `${e.timeoutSeconds} s per attempt` },
    { value: 'credentials', label: '$(key) Credentials…', description: 'set or replace the stored key' },
    { value: 'json', label: '$(json) Edit in settings.json', description: 'headers, TLS, allowedOrigins, model details', detail: 'Opens your user settings at this endpoint\'s entry, with completion and validation' },
  );
  return items;
}

function plan(e: Endpoint): (s: EditState) => Step<EditState>[] {
  const fieldStep: Step<EditState> = {
    key: 'field',
    run: async (s, p, info) => {
      const v = await p.pick<EditField>({ ...info, placeholder: 'What do you want to change?', items: editItems(e), active: s.field, totalFor: (f) => editTotal(e, f) });
      if (v === BACK) return BACK;
      s.field = v;
    },
  };
  const input = (key: keyof EditState, prompt: string, placeholder: string, initial: string, validate: (v: string) => ReturnType<typeof checkUrl>): Step<EditState> => ({
    key,
    run: async (s, p, info) => {
      const v = await p.input({ ...info, prompt, placeholder, value: s[key] ?? initial, validate });
      if (v === BACK) return BACK;
      (s as Record<string, unknown>)[key] = v.trim();
    },
  });
  return (s) => {
    const steps = [fieldStep];
    switch (s.field) {
      case 'label':
        steps.push(input('label', `A display name for "${e.id}" (leave empty to use the id)`, e.id, e.label === e.id ? '' : e.label, () => undefined));
        break;
      case 'baseUrl': {
        const g = PLATFORM_GUIDES[e.platform].baseUrl;
        steps.push(input('baseUrl', g.prompt, g.placeholder, e.baseUrl, (v) => checkBaseUrl(e.platform, v)));
        break;
      }
      case 'auth':
        steps.push({
          key: 'authType',
          run: async (st, p, info) => {
            const v = await p.pick<AuthType>({ ...info, placeholder: `Currently: ${describeAuth(e.auth)}`, items: AUTH_ITEMS, active: st.authType ?? e.auth.type });
            if (v === BACK) return BACK;
            st.authType = v;
          },
        });
        if (s.authType === 'header') steps.push(input('headerName', 'The name of the header that carries the API key', 'x-api-key', e.auth.type === 'header' ? e.auth.name : 'x-api-key', checkHeaderName));
        if (s.authType === 'oauth2') steps.push(input('tokenUrl', 'The OAuth2 token URL', 'https://auth.example.com/oauth2/token', e.auth.type === 'oauth2' ? e.auth.tokenUrl : '', checkUrl));
        break;
      case 'tokenUrl':
        steps.push(input('tokenUrl', 'The OAuth2 token URL', INTEL_TOKEN_URL, e.auth.type === 'oauth2' ? e.auth.tokenUrl : INTEL_TOKEN_URL, checkUrl));
        break;
      case 'cloudAccountId':
        steps.push(input('cloudAccountId', 'Your cloud account number', '012345678901', e.cloudAccountId ?? '', checkCloudAccountId));
        break;
      case 'chatApi':
        steps.push({
          key: 'chatApi',
          run: async (st, p, info) => {
            const v = await p.pick<'openai' | 'anthropic'>({
              ...info, placeholder: 'Which API should chat use?', active: st.chatApi ?? e.chatApi,
              items: [{ value: 'openai', label: 'OpenAI chat completions', description: '/v1/chat/completions' }, { value: 'anthropic', label: 'Anthropic messages', description: '/v1/messages' }],
            });
            if (v === BACK) return BACK;
            st.chatApi = v;
          },
        });
        break;
      case 'addModel':
        steps.push(input('modelId', e.platform === 'oicm' ? 'The model version id' : 'The model id (as the gateway names it)', 'model id', '', (v) => checkModelId(v, e.models.map((m) => m.id))));
        steps.push({
          key: 'modelTask',
          run: async (st, p, info) => {
            const v = await p.pick<Task>({ ...info, placeholder: `What does model ${st.modelId} do?`, active: st.modelTask ?? 'chat', items: TASKS.map((t) => ({ value: t, label: t, description: TASK_DESCRIPTIONS[t] })) });
            if (v === BACK) return BACK;
            st.modelTask = v;
          },
        });
        break;
      case 'timeout':
        steps.push(input('timeout', 'Seconds to wait for response headers, and the longest silence in a stream (per attempt)', '120', String(e.timeoutSeconds), checkTimeout));
        break;
      default:
        break;
    }
    return steps;
  };
}

/** The number of steps when `field` is edited, counting the longest case (auth with a header or token URL). */
export function editTotal(e: Endpoint, field: EditField): number {
  const steps = plan(e);
  return Math.max(...AUTH_ITEMS.map((a) => steps({ field, authType: a.value }).length));
}

/** The step that asks for the new value of `field` (where "Edit URL" after a failed check goes back to). */
export function valueStepOf(field: EditField): keyof EditState {
  if (field === 'json' || field === 'credentials') return 'field';
  return field === 'auth' ? 'authType' : field === 'addModel' ? 'modelId' : field;
}

/** Fields whose change can break the connection: the edit is checked against the gateway before it is saved. */
export const CONNECTION_FIELDS: readonly EditField[] = ['baseUrl', 'auth', 'tokenUrl', 'cloudAccountId', 'chatApi'];

/** Applies the answers to a copy of the raw settings entry; fields the flow does not know are kept as written. */
export function applyEdit(raw: Record<string, unknown>, s: EditState): { entry: Record<string, unknown>; changed: string } | undefined {
  const entry = { ...raw };
  switch (s.field) {
    case 'label':
      if (s.label) entry.label = s.label; else delete entry.label;
      return { entry, changed: 'label' };
    case 'baseUrl':
      entry.baseUrl = s.baseUrl;
      return { entry, changed: 'base URL' };
    case 'auth':
      entry.auth = s.authType === 'header' ? { type: 'header', name: s.headerName ?? 'x-api-key' }
        : s.authType === 'oauth2' ? { type: 'oauth2', tokenUrl: s.tokenUrl }
          : s.authType === 'none' ? 'none' : { type: 'bearer' };
      return { entry, changed: 'authentication' };
    case 'tokenUrl': {
      const old = raw.auth && typeof raw.auth === 'object' ? raw.auth as Record<string, unknown> : { type: 'oauth2' };
      entry.auth = { ...old, type: 'oauth2', tokenUrl: s.tokenUrl };
      return { entry, changed: 'token URL' };
    }
    case 'cloudAccountId':
      entry.cloudAccountId = s.cloudAccountId;
      return { entry, changed: 'cloud account number' };
    case 'chatApi':
      if (s.chatApi === 'anthropic') entry.chatApi = 'anthropic'; else delete entry.chatApi;
      return { entry, changed: 'chat API' };
    case 'addModel': {
      const models: unknown[] = Array.isArray(raw.models) ? [...(raw.models as unknown[])] : [];
      models.push({ id: s.modelId, task: s.modelTask ?? 'chat' });
      entry.models = models;
      return { entry, changed: `model ${s.modelId}` };
    }
    case 'timeout':
      entry.timeoutSeconds = Number(s.timeout);
      return { entry, changed: 'timeout' };
    default:
      return undefined;
  }
}

/**
 * Asks which field to change and its new value (from `startAt` on when given, the answers in `state`
 * kept: back to the value after a failed connection check); undefined when the user cancelled.
 */
export async function askEdit(
  prompter: Prompter, endpoint: Endpoint, raw: Record<string, unknown>, state: EditState = {}, startAt?: keyof EditState,
): Promise<EditOutcome | undefined> {
  const done = await runSteps(state, plan(endpoint), prompter, () => `Edit Endpoint: ${endpoint.label}`, {
    total: (s) => (s.field ? editTotal(endpoint, s.field) : undefined),
    confirmDiscard: { message: 'Discard this change?', detail: 'What you entered is lost; the endpoint stays as it was.', afterAnswers: 2 },
    ...(startAt ? { startAt } : {}),
  });
  if (!done || !state.field) return undefined;
  if (state.field === 'credentials') return { kind: 'credentials' };
  if (state.field === 'json') return { kind: 'json' };
  const applied = applyEdit(raw, state);
  return applied && { kind: 'entry', ...applied, field: state.field };
}

/**
 * "Fix key" after a failed check of an edit: the credential the edited endpoint uses (an API key, or an
 * OAuth2 client id and secret), typed anew. Undefined when cancelled or when the endpoint uses none.
 * The values stay in memory until the edit is saved.
 */
export async function askNewKey(prompter: Prompter, e: Endpoint): Promise<{ name: SecretName; value: string }[] | undefined> {
  const names = authSecretNames(e.auth);
  if (!names.length) return undefined;
  const keyName = e.platform === 'oicm' ? 'endpoint key' : 'API key';
  const what = (n: SecretName) => (n === 'apiKey' ? keyName : n === 'clientId' ? 'OAuth2 client id' : 'OAuth2 client secret');
  const values: Partial<Record<SecretName, string>> = {};
  const steps: Step<typeof values>[] = names.map((name) => ({
    key: name,
    run: async (st, p, info) => {
      const v = await p.input({
        ...info, password: name !== 'clientId', value: st[name] ?? '',
        prompt: `The ${what(name)} for "${e.label}"; it is kept in VS Code's secret storage once the change is saved`,
        placeholder: what(name), validate: (x) => checkSecret(x, what(name), false, name),
      });
      if (v === BACK) return BACK;
      st[name] = v.trim();
    },
  }));
  const done = await runSteps(values, () => steps, prompter, () => `Edit Endpoint: ${e.label}`);
  return done ? names.map((name) => ({ name, value: values[name] ?? '' })) : undefined;
}
