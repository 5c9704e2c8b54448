/**
 * The Add Endpoint questions, per platform: only what that platform needs (docs/endpoints.md), in the order
 * a user has the answers at hand. Pure: the VS Code side (add-endpoint.ts) supplies the prompter and
 * writes the result.
 */
import type { Platform } from '../../core/endpoint/schema';
import { modelTokenName, type SecretName } from '../../core/credentials';
import { TASKS, type Task } from '../../core/tasks';
import {
  PLATFORM_GUIDES, PLATFORM_ORDER, INTEL_TOKEN_URL, checkId, suggestId, checkBaseUrl, checkHeaderName, checkUrl,
  checkCloudAccountId, checkModelId, checkSecret,
} from '../config/platform-guide';
import { BACK, type Prompter, type Step, type StepInfo, runSteps } from './prompter';

export type AuthType = 'bearer' | 'header' | 'oauth2' | 'none';

export interface AddEndpointAnswers {
  platform?: Platform;
  id?: string;
  label?: string;
  baseUrl?: string;
  authType?: AuthType;
  headerName?: string;
  tokenUrl?: string;
  chatApi?: 'openai' | 'anthropic';
  cloudAccountId?: string;
  modelId?: string;
  modelTask?: Task;
  apiKey?: string;
  clientId?: string;
  clientSecret?: string;
  modelToken?: string;
}

/** What the flow produces: the settings entry (no secrets in it) and the secrets to store. */
export interface NewEndpoint {
  entry: Record<string, unknown>;
  secrets: { name: SecretName; value: string }[];
}

export const TASK_DESCRIPTIONS: Record<Task, string> = {
  chat: 'chat / text generation (OpenAI chat completions)',
  completion: 'plain text completion',
  embedding: 'text embeddings',
  rerank: 'reranking documents for a query',
  classification: 'sequence classification',
  transcription: 'speech to text',
  speech: 'text to speech',
  image: 'image generation',
  translation: 'translation',
  prediction: 'classical ML prediction',
};

export const AUTH_ITEMS: { value: AuthType; label: string; detail: string }[] = [
  { value: 'bearer', label: 'API key as Bearer token', detail: 'Authorization: Bearer <key> — what vLLM --api-key, LiteLLM and most servers expect' },
  { value: 'header', label: 'API key in a custom header', detail: 'e.g. x-api-key: <key>' },
  { value: 'oauth2', label: 'OAuth2 client credentials', detail: 'A client id and secret exchanged for a token at a token URL' },
  { value: 'none', label: 'No authentication', detail: 'For a local server that checks no key' },
];

function authOf(a: AddEndpointAnswers): AuthType {
  if (!a.platform) return 'bearer';
  const choice = PLATFORM_GUIDES[a.platform].auth;
  if (choice === 'choose') return a.authType ?? 'bearer';
  return choice;
}

const trimmed = (v: string): string => v.trim();

function inputStep(key: string, run: (s: AddEndpointAnswers, p: Prompter, info: StepInfo) => Promise<void | typeof BACK>): Step<AddEndpointAnswers> {
  return { key, run };
}

/** The steps for the answers so far; later steps depend on the platform and the auth type. */
export function planAddEndpoint(taken: readonly string[]): (a: AddEndpointAnswers) => Step<AddEndpointAnswers>[] {
  return (a) => {
    const steps: Step<AddEndpointAnswers>[] = [
      inputStep('platform', async (s, p, info) => {
        const v = await p.pick<Platform>({
          ...info, placeholder: 'Which kind of gateway is it?', active: s.platform, totalFor: (pl) => addEndpointTotal(taken, pl),
          items: PLATFORM_ORDER.map((pl) => ({ value: pl, label: PLATFORM_GUIDES[pl].label, description: PLATFORM_GUIDES[pl].description, detail: PLATFORM_GUIDES[pl].detail })),
        });
        if (v === BACK) return BACK;
        if (v !== s.platform) {
          // Another platform changes what the later answers mean: keep the label, and the id unless it was
          // the old platform's suggestion; forget the rest.
          const old = s.platform;
          const id = old && s.id?.startsWith(PLATFORM_GUIDES[old].idSuggestion) ? undefined : s.id;
          const label = s.label;
          for (const k of Object.keys(s) as (keyof AddEndpointAnswers)[]) delete s[k];
          s.platform = v;
          if (id) s.id = id;
          if (label) s.label = label;
        }
      }),
      inputStep('id', async (s, p, info) => {
        const g = PLATFORM_GUIDES[s.platform!];
        const v = await p.input({
          ...info, prompt: 'An id for this endpoint: lower-case letters, digits and dashes. It names the endpoint in settings, the CLI and chat.',
          placeholder: `e.g. ${g.idExample}`, value: s.id ?? suggestId(g.idSuggestion, taken),
          validate: (x) => checkId(x, taken, g.idExample),
        });
        if (v === BACK) return BACK;
        s.id = trimmed(v);
      }),
      inputStep('label', async (s, p, info) => {
        const v = await p.input({
          ...info, prompt: `A display name for the Endpoints view (leave empty to use "${s.id}")`,
          placeholder: `e.g. ${PLATFORM_GUIDES[s.platform!].label} (lab)`, value: s.label ?? '', validate: () => undefined,
        });
        if (v === BACK) return BACK;
        s.label = trimmed(v);
      }),
      inputStep('baseUrl', async (s, p, info) => {
        const g = PLATFORM_GUIDES[s.platform!];
        const v = await p.input({
          ...info, prompt: g.baseUrl.prompt, placeholder: g.baseUrl.placeholder, value: s.baseUrl ?? g.baseUrl.initial ?? '',
          validate: (x) => checkBaseUrl(s.platform!, x),
        });
        if (v === BACK) return BACK;
        s.baseUrl = trimmed(v);
      }),
    ];
    if (!a.platform) return steps;
    const guide = PLATFORM_GUIDES[a.platform];
    if (guide.auth === 'choose') {
      steps.push(inputStep('authType', async (s, p, info) => {
        const v = await p.pick<AuthType>({ ...info, placeholder: 'How does the server check callers?', active: s.authType ?? 'bearer', items: AUTH_ITEMS });
        if (v === BACK) return BACK;
        s.authType = v;
      }));
    }
    const auth = authOf(a);
    if (auth === 'header') {
      steps.push(inputStep('headerName', async (s, p, info) => {
        const v = await p.input({ ...info, prompt: 'The name of the header that carries the API key', placeholder: 'x-api-key', value: s.headerName ?? 'x-api-key', validate: checkHeaderName });
        if (v === BACK) return BACK;
        s.headerName = trimmed(v);
      }));
    }
    if (auth === 'oauth2') {
      steps.push(inputStep('tokenUrl', async (s, p, info) => {
        const intel = s.platform === 'intel-tiber';
        const v = await p.input({
          ...info, prompt: intel ? 'The OAuth2 token URL (Intel\'s default is prefilled)' : 'The OAuth2 token URL that exchanges the client id and secret for a token',
          placeholder: intel ? INTEL_TOKEN_URL : 'https://auth.example.com/oauth2/token', value: s.tokenUrl ?? (intel ? INTEL_TOKEN_URL : ''),
          validate: checkUrl,
        });
        if (v === BACK) return BACK;
        s.tokenUrl = trimmed(v);
      }));
    }
    if (a.platform === 'gpustack') {
      steps.push(inputStep('chatApi', async (s, p, info) => {
        const v = await p.pick<'openai' | 'anthropic'>({
          ...info, placeholder: 'Which API should chat use?', active: s.chatApi ?? 'openai',
          items: [
            { value: 'openai', label: 'OpenAI chat completions', description: '/v1/chat/completions', detail: 'The default; works with every GPUStack LLM' },
            { value: 'anthropic', label: 'Anthropic messages', description: '/v1/messages', detail: 'GPUStack\'s Anthropic-compatible API' },
          ],
        });
        if (v === BACK) return BACK;
        s.chatApi = v;
      }));
    }
    if (a.platform === 'intel-tiber') {
      steps.push(inputStep('cloudAccountId', async (s, p, info) => {
        const v = await p.input({
          ...info, prompt: 'Your cloud account number (profile menu of the Intel Tiber AI Cloud console)', placeholder: '012345678901',
          value: s.cloudAccountId ?? '', validate: checkCloudAccountId,
        });
        if (v === BACK) return BACK;
        s.cloudAccountId = trimmed(v);
      }));
    }
    if (a.platform === 'oicm') {
      steps.push(inputStep('modelId', async (s, p, info) => {
        const v = await p.input({
          ...info, prompt: 'The first model version id (from the model version page; add more later in settings or with Edit Endpoint)',
          placeholder: 'e.g. 4b0c7c8e-…', value: s.modelId ?? '', validate: (x) => checkModelId(x),
        });
        if (v === BACK) return BACK;
        s.modelId = trimmed(v);
      }));
      steps.push(inputStep('modelTask', async (s, p, info) => {
        const v = await p.pick<Task>({
          ...info, placeholder: `What does model ${s.modelId} do?`, active: s.modelTask ?? 'chat',
          items: TASKS.map((t) => ({ value: t, label: t, description: TASK_DESCRIPTIONS[t] })),
        });
        if (v === BACK) return BACK;
        s.modelTask = v;
      }));
    }
    if (auth === 'bearer' || auth === 'header') {
      const oicm = a.platform === 'oicm';
      steps.push(inputStep('apiKey', async (s, p, info) => {
        const v = await p.input({
          ...info, password: true, value: s.apiKey ?? '',
          prompt: oicm
            ? 'The endpoint key, used by every model without its own token (optional: leave empty to use per-model tokens only)'
            : `The ${guide.keyName}; it is kept in VS Code's secret storage (leave empty to set it later with "MaaS: Set Credentials…")`,
          placeholder: oicm ? 'endpoint key (optional)' : guide.keyName,
          validate: (x) => checkSecret(x, guide.keyName, true),
        });
        if (v === BACK) return BACK;
        s.apiKey = trimmed(v);
      }));
      if (oicm) {
        steps.push(inputStep('modelToken', async (s, p, info) => {
          const v = await p.input({
            ...info, password: true, value: s.modelToken ?? '',
            prompt: `The access token of model ${s.modelId} (optional: leave empty to use the endpoint key)`,
            placeholder: 'model access token (optional)', validate: (x) => checkSecret(x, 'token', true),
          });
          if (v === BACK) return BACK;
          s.modelToken = trimmed(v);
        }));
      }
    }
    if (auth === 'oauth2') {
      steps.push(inputStep('clientId', async (s, p, info) => {
        // A client id is not a secret: shown as typed (it is still stored beside the secret, in secret storage).
        const v = await p.input({ ...info, value: s.clientId ?? '', prompt: 'The OAuth2 client id (kept with the client secret in VS Code\'s secret storage)', placeholder: 'client id', validate: (x) => checkSecret(x, 'client id', false, 'clientId') });
        if (v === BACK) return BACK;
        s.clientId = trimmed(v);
      }));
      steps.push(inputStep('clientSecret', async (s, p, info) => {
        const v = await p.input({ ...info, password: true, value: s.clientSecret ?? '', prompt: 'The OAuth2 client secret (kept in VS Code\'s secret storage)', placeholder: 'client secret', validate: (x) => checkSecret(x, 'client secret', false, 'clientSecret') });
        if (v === BACK) return BACK;
        s.clientSecret = trimmed(v);
      }));
    }
    return steps;
  };
}

/** The settings entry and secrets for complete answers. Defaults are left out so the entry stays short. */
export function buildEndpoint(a: AddEndpointAnswers): NewEndpoint {
  if (!a.platform || !a.id || !a.baseUrl) throw new Error('incomplete answers');
  const entry: Record<string, unknown> = { id: a.id };
  if (a.label && a.label !== a.id) entry.label = a.label;
  entry.platform = a.platform;
  entry.baseUrl = a.baseUrl;
  const auth = authOf(a);
  if (auth === 'header') entry.auth = { type: 'header', name: a.headerName ?? 'x-api-key' };
  else if (auth === 'oauth2') entry.auth = { type: 'oauth2', tokenUrl: a.tokenUrl ?? INTEL_TOKEN_URL };
  else if (auth === 'none') entry.auth = 'none';
  if (a.platform === 'gpustack' && a.chatApi === 'anthropic') entry.chatApi = 'anthropic';
  if (a.platform === 'intel-tiber') entry.cloudAccountId = a.cloudAccountId;
  if (a.platform === 'oicm') entry.models = [{ id: a.modelId, task: a.modelTask ?? 'chat' }];
  const secrets: NewEndpoint['secrets'] = [];
  if ((auth === 'bearer' || auth === 'header') && a.apiKey) secrets.push({ name: 'apiKey', value: a.apiKey });
  if (auth === 'oauth2') {
    if (a.clientId) secrets.push({ name: 'clientId', value: a.clientId });
    if (a.clientSecret) secrets.push({ name: 'clientSecret', value: a.clientSecret });
  }
  if (a.platform === 'oicm' && a.modelId && a.modelToken) secrets.push({ name: modelTokenName(a.modelId), value: a.modelToken });
  return { entry, secrets };
}

/**
 * The number of steps for `platform`, counting the longest case when a later answer (the auth type of an
 * OpenAI-compatible server) changes it: the counter never grows mid-flow; a shorter choice ends early.
 */
export function addEndpointTotal(taken: readonly string[], platform: Platform): number {
  const plan = planAddEndpoint(taken);
  return Math.max(...AUTH_ITEMS.map((a) => plan({ platform, authType: a.value }).length));
}

/** The step where the endpoint's credential is typed (API key, or OAuth2 client id), if it has one. */
export function keyStepOf(taken: readonly string[], a: AddEndpointAnswers): 'apiKey' | 'clientId' | undefined {
  return planAddEndpoint(taken)(a).map((s) => s.key).find((k): k is 'apiKey' | 'clientId' => k === 'apiKey' || k === 'clientId');
}

export function addEndpointTitle(a: AddEndpointAnswers): string {
  return a.platform ? `Add Endpoint: ${PLATFORM_GUIDES[a.platform].label}` : 'Add Endpoint';
}

/**
 * Asks every question (from `startAt` on, when given: the answers before it are kept), storing them in
 * `answers`; resolves undefined when the user cancelled (nothing is written then). Escape after two
 * answers asks before throwing them away.
 */
export async function askNewEndpoint(
  prompter: Prompter, takenIds: readonly string[], answers: AddEndpointAnswers = {}, startAt?: keyof AddEndpointAnswers,
): Promise<NewEndpoint | undefined> {
  const done = await runSteps(answers, planAddEndpoint(takenIds), prompter, addEndpointTitle, {
    total: (a) => (a.platform ? addEndpointTotal(takenIds, a.platform) : undefined),
    confirmDiscard: { message: 'Discard the new endpoint?', detail: 'Your answers are lost.', afterAnswers: 2 },
    ...(startAt ? { startAt } : {}),
  });
  return done ? buildEndpoint(answers) : undefined;
}
