/**
 * What each platform asks of its users (docs/endpoints.md), as the Add/Edit Endpoint prompts show it.
 * Pure: no 'vscode' import, so the wording and validation are unit-tested in plain Node.
 */
import { credentialProblem, type SecretName } from '../../core/credentials';
import type { Platform } from '../../core/endpoint/schema';
import { normalisePlatformBase } from '../../core/endpoint/config';
import { normaliseBase, stripOperationPath } from '../../core/endpoint/url';

export type Severity = 'error' | 'warning' | 'info';
/**
 * An input's verdict: `error` blocks Enter, `warning`/`info` only inform. With a `replacement` (offered in
 * the message, e.g. a pasted …/chat/completions URL without that path), Enter takes the replacement.
 */
export interface Validation { message: string; severity: Severity; replacement?: string }

/** How the endpoint authenticates: fixed by the platform, or chosen by the user (plain OpenAI-compatible servers). */
export type AuthChoice = 'choose' | 'bearer' | 'oauth2';

export interface PlatformGuide {
  platform: Platform;
  /** Quick-pick label, e.g. "Red Hat OpenShift AI MaaS". */
  label: string;
  /** Quick-pick description: the products it covers. */
  description: string;
  /** Quick-pick detail: what the user will need. */
  detail: string;
  /** Base id suggested for a new endpoint of this platform. */
  idSuggestion: string;
  /** An example id for this platform's hints, e.g. "lab-gpustack". */
  idExample: string;
  baseUrl: { prompt: string; placeholder: string; initial?: string; check(url: string): Validation | undefined };
  auth: AuthChoice;
  /** Words for the credential, e.g. "API key", "endpoint key". */
  keyName: string;
}

export const INTEL_TOKEN_URL = 'https://client-token.api.idcservice.net/oauth2/token';
export const INTEL_BASE_URL = 'https://us-region-2-sdk-api.cloud.intel.com/v1/maas';

const pathOf = (url: string): string => { try { return new URL(url).pathname.replace(/\/+$/, ''); } catch { return ''; } };
const warn = (message: string): Validation => ({ message, severity: 'warning' });

/**
 * OpenAI-style bases (openai, rafay): offer to strip a pasted operation path; then core's rule that the base
 * carries its version path (…/v1), in plain words.
 */
function openAiStyleBase(platform: Platform, url: string): Validation | undefined {
  let base: string;
  try { base = normaliseBase(url); } catch { return undefined; }
  const op = stripOperationPath(base);
  if (op.removed && checkUrl(op.url) === undefined) {
    return { message: `This looks like ${op.removed.what}, not the base address; press Enter to use ${op.url} instead`, severity: 'warning', replacement: op.url };
  }
  let versionWarning = false;
  try { normalisePlatformBase(platform, base, () => { versionWarning = true; }); } catch { return undefined; }
  return versionWarning ? warn(`The address has no version path like /v1; OpenAI-style servers usually need one (e.g. ${base}/v1)`) : undefined;
}

/**
 * GPUStack and OpenShift AI: core strips a trailing /v1 (/v1-openai) from the base when it loads; the
 * prompt offers the same clean-up, so what is stored is what is used.
 */
function rootBase(platform: 'gpustack' | 'openshift-ai', url: string, why: string): Validation | undefined {
  let stripped: string;
  try { stripped = normalisePlatformBase(platform, url, () => undefined); } catch { return undefined; }
  let given: string;
  try { given = normaliseBase(url); } catch { return undefined; }
  if (stripped === given) return undefined;
  const suffix = given.slice(stripped.length);
  return { message: `${why}, without ${suffix}; press Enter to use ${stripped} instead`, severity: 'warning', replacement: stripped };
}

export const PLATFORM_GUIDES: Record<Platform, PlatformGuide> = {
  'openai': {
    platform: 'openai', label: 'OpenAI-compatible server', description: 'vLLM, TGI, llama.cpp, Ollama, LiteLLM, …',
    detail: 'You need: the base URL with its /v1 path; an API key if the server checks one',
    idSuggestion: 'local-vllm', idExample: 'local-vllm',
    baseUrl: {
      prompt: 'Base URL including the version path, as you would give an OpenAI client (e.g. http://localhost:8000/v1)',
      placeholder: 'http://localhost:8000/v1',
      check: (url) => openAiStyleBase('openai', url),
    },
    auth: 'choose', keyName: 'API key',
  },
  'openshift-ai': {
    platform: 'openshift-ai', label: 'Red Hat OpenShift AI MaaS', description: 'Models-as-a-Service gateway',
    detail: 'You need: the MaaS gateway URL (https://maas.apps.…) and an API key',
    idSuggestion: 'openshift-ai', idExample: 'rhoai-prod',
    baseUrl: {
      prompt: 'The MaaS gateway URL, https://maas.apps.<cluster domain> (or its …/maas-api URL)',
      placeholder: 'https://maas.apps.<cluster domain>',
      check: (url) => rootBase('openshift-ai', url, 'The MaaS address is the gateway host or its /maas-api URL'),
    },
    auth: 'bearer', keyName: 'API key',
  },
  'gpustack': {
    platform: 'gpustack', label: 'GPUStack', description: 'GPUStack / MaaS-Base server',
    detail: 'You need: the server URL and an API key created in GPUStack',
    idSuggestion: 'gpustack', idExample: 'lab-gpustack',
    baseUrl: {
      prompt: 'The GPUStack server root, without /v1 (e.g. https://gpustack.example.com)',
      placeholder: 'https://gpustack.example.com',
      check: (url) => rootBase('gpustack', url, 'GPUStack needs the server root'),
    },
    auth: 'bearer', keyName: 'API key',
  },
  'rafay': {
    platform: 'rafay', label: 'Rafay Serverless Inference', description: 'OpenAI-compatible serverless endpoints',
    detail: 'You need: the endpoint\'s …/v2/<ENDPOINT_ID>/openai/v1 URL and its API key',
    idSuggestion: 'rafay', idExample: 'rafay-llama',
    baseUrl: {
      prompt: 'The endpoint\'s OpenAI base URL: https://<inference host>/v2/<ENDPOINT_ID>/openai/v1',
      placeholder: 'https://<inference host>/v2/<ENDPOINT_ID>/openai/v1',
      check: (url) => openAiStyleBase('rafay', url) ?? (/\/v2\/[^/]+\/openai\/v1$/i.test(pathOf(url)) ? undefined
        : warn('Rafay addresses look like https://<host>/v2/<ENDPOINT_ID>/openai/v1')),
    },
    auth: 'bearer', keyName: 'API key',
  },
  'oicm': {
    platform: 'oicm', label: 'Open Innovation OICM', description: 'Inference gateway with per-model tokens',
    detail: 'You need: the inference host, a model version id, and a key or token',
    idSuggestion: 'oicm', idExample: 'oicm-prod',
    baseUrl: {
      prompt: 'The inference host; models are reached at <host>/models/<model version id>/proxy',
      placeholder: 'https://inference.<your OICM domain>',
      check: (url) => /\/models(\/|$)/i.test(pathOf(url)) ? warn('Give only the host: MaaS Connect adds /models/<id>/proxy itself.') : undefined,
    },
    auth: 'bearer', keyName: 'endpoint key',
  },
  'intel-tiber': {
    platform: 'intel-tiber', label: 'Intel Tiber AI Cloud MaaS', description: 'Model as a Service API',
    detail: 'You need: your cloud account number and a client id + secret',
    idSuggestion: 'intel-tiber', idExample: 'intel-maas',
    baseUrl: {
      prompt: 'The MaaS API base URL: https://<region>-sdk-api.cloud.intel.com/v1/maas',
      placeholder: INTEL_BASE_URL, initial: INTEL_BASE_URL,
      check: (url) => /\/v1\/maas$/i.test(pathOf(url)) ? undefined : warn('Intel\'s MaaS API address ends in /v1/maas'),
    },
    auth: 'oauth2', keyName: 'client credentials',
  },
};

/** The order of the platform picker (a unit test checks it holds every platform). */
export const PLATFORM_ORDER: readonly Platform[] = ['openshift-ai', 'gpustack', 'rafay', 'oicm', 'intel-tiber', 'openai'];

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/** Validates a new endpoint id: the contract's pattern, and unique among `taken`. `example` is shown in hints. */
export function checkId(value: string, taken: readonly string[], example = 'my-endpoint'): Validation | undefined {
  const id = value.trim();
  if (!id) return { message: `Enter an id, e.g. ${example}`, severity: 'error' };
  if (!ID_PATTERN.test(id)) return { message: `Use lower-case letters, digits and dashes, starting with a letter or digit (e.g. ${example})`, severity: 'error' };
  if (taken.includes(id)) return { message: `An endpoint with id "${id}" already exists; choose another id`, severity: 'error' };
  return undefined;
}

/** `base`, or `base-2`, `base-3`, … : the first id not in `taken`. */
export function suggestId(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) if (!taken.includes(`${base}-${n}`)) return `${base}-${n}`;
}

/** A URL the contract accepts: http(s), no query or fragment, no `<placeholder>` left in. */
export function checkUrl(value: string): Validation | undefined {
  const s = value.trim();
  if (!s) return { message: 'Enter a URL starting with https:// or http://', severity: 'error' };
  if (/[<>]/.test(s)) return { message: 'Replace the <…> part with your own value', severity: 'error' };
  let u: URL;
  try { u = new URL(s); } catch { return { message: 'Not a valid URL: it should look like https://host[:port]/path', severity: 'error' }; }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return { message: 'Use an http:// or https:// URL', severity: 'error' };
  if (u.search || s.includes('?')) return { message: 'Remove the query string (?…): the address cannot carry one', severity: 'error' };
  if (u.hash || s.includes('#')) return { message: 'Remove the fragment (#…)', severity: 'error' };
  return undefined;
}

/** The base URL for `platform`: generic checks first, then the platform's own hints. */
export function checkBaseUrl(platform: Platform, value: string): Validation | undefined {
  return checkUrl(value) ?? PLATFORM_GUIDES[platform].baseUrl.check(value.trim());
}

export function checkHeaderName(value: string): Validation | undefined {
  const s = value.trim();
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(s)) return { message: 'Enter a valid HTTP header name, e.g. x-api-key', severity: 'error' };
  if (['authorization', 'proxy-authorization', 'cookie', 'host', 'content-length', 'transfer-encoding', 'connection', 'oicm-request-timeout'].includes(s.toLowerCase())) {
    return s.toLowerCase() === 'authorization'
      ? { message: 'For the Authorization header choose "API key as Bearer token" instead', severity: 'error' }
      : { message: `"${s}" is managed by MaaS Connect and cannot carry the key`, severity: 'error' };
  }
  return undefined;
}

export function checkCloudAccountId(value: string): Validation | undefined {
  const s = value.trim();
  if (!/^\d+$/.test(s)) return { message: 'Enter your cloud account number (digits only; see your profile in the Intel Tiber AI Cloud console)', severity: 'error' };
  if (s.length !== 12) return { message: 'Cloud account numbers usually have 12 digits', severity: 'warning' };
  return undefined;
}

export function checkTimeout(value: string): Validation | undefined {
  const n = Number(value.trim());
  if (!Number.isInteger(n) || n < 1 || n > 3600) return { message: 'Enter a whole number of seconds from 1 to 3600', severity: 'error' };
  return undefined;
}

export function checkModelId(value: string, taken: readonly string[] = []): Validation | undefined {
  const s = value.trim();
  if (!s) return { message: 'Enter the model (version) id', severity: 'error' };
  if (/\s/.test(s)) return { message: 'Model ids contain no spaces', severity: 'error' };
  if (taken.includes(s)) return { message: `Model "${s}" is already listed for this endpoint`, severity: 'error' };
  return undefined;
}

/** `name` picks core's rules for what can be sent: an API key or token is one word of printable ASCII; an OAuth2 client id or secret only has no line break or control character. */
export function checkSecret(value: string, what: string, optional: boolean, name: SecretName = 'apiKey'): Validation | undefined {
  if (!value) return optional ? undefined : { message: `Enter the ${what}`, severity: 'error' };
  const problem = credentialProblem(value, name);
  if (problem) return { message: `The ${what} ${problem}; it cannot be sent in a request`, severity: 'error' };
  if (value !== value.trim()) return { message: `The ${what} starts or ends with whitespace; it will be trimmed`, severity: 'warning' };
  return undefined;
}
