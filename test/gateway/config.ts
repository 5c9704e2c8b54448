/** The gateway's endpoints (entries as docs/endpoints.md describes them) and the credentials each accepts. */

export const KEYS = {
  localVllm: 'sk-local-vllm-test',
  rafay: 'rafay-test-key',
  openshift: 'sk-oai-TESTKEY0001_secretsecret',
  gpustack: 'gpustack_testaccess_testsecret',
  oicmShared: 'oicm-shared-key',
  intelClientId: 'intel-client-id',
  intelClientSecret: 'intel-client-secret',
} as const;

/** An OICM model's own access token. */
export const oicmToken = (modelId: string): string => `oicm-token-${modelId}`;

export const PREFIX = {
  openai: '/openai/v1',
  rafay: '/rafay/v2/ep-7f3a9c/openai/v1',
  rhoai: '/rhoai',
  gpustack: '/gpustack',
  oicm: '/oicm',
  intel: '/intel/v1/maas',
} as const;

export const INTEL_CLOUD_ACCOUNT = '123456789012';

export type OicmTask = 'chat' | 'classification' | 'embedding' | 'rerank' | 'speech' | 'transcription' | 'translation' | 'prediction' | 'image';

/** OICM model versions: id, task, the server behind it when it is not the default for the task, and (for the label) what serves them. */
export const OICM_MODELS: { id: string; task: OicmTask; label: string; api?: 'tei' }[] = [
  { id: '6b1f2c9e-chat', task: 'chat', label: 'Llama 3 8B Instruct (vLLM)' },
  { id: '7c2d-classify', task: 'classification', label: 'Sentiment classifier (OI Serve)' },
  { id: '8d3e-embed', task: 'embedding', label: 'Embeddings (TEI)' },
  { id: '9e4f-rerank', task: 'rerank', label: 'Reranker (TEI)' },
  { id: 'a1b2-tts', task: 'speech', label: 'Text to speech (OI Serve)' },
  { id: 'b2c3-asr', task: 'transcription', label: 'Speech recognition (OI Serve)' },
  { id: 'c3d4-translate', task: 'translation', label: 'Translation (OI Serve)' },
  { id: 'd4e5-predict', task: 'prediction', label: 'Classical ML (Ray bundle)' },
  { id: 'e5f6-image', task: 'image', label: 'Text to image (OI Serve)' },
  { id: 'f6a7-sentiment', task: 'classification', label: 'Sentiment classifier v2 (OI Serve, wrapped answer)' },
  { id: 'a7b8-emotion', task: 'classification', label: 'Emotion classifier (TEI)', api: 'tei' },
];

export function endpoints(url: string, foreignUrl: string): object[] {
  return [
    {
      id: 'local-vllm', label: 'Local vLLM', platform: 'openai', baseUrl: `${url}${PREFIX.openai}`, auth: { type: 'bearer' },
      // an OpenAI model list names no task, and these ids do not tell: the entries say (the reranker's id does)
      models: [
        { id: 'jason9693/Qwen2.5-1.5B-apeach', task: 'classification', label: 'Qwen2.5 1.5B sentiment (vLLM classify)' },
        { id: 'openai/whisper-large-v3', task: 'transcription', label: 'Whisper large v3 (vLLM)' },
      ],
    },
    { id: 'rafay-serverless', label: 'Rafay serverless', platform: 'rafay', baseUrl: `${url}${PREFIX.rafay}`, auth: { type: 'bearer' } },
    { id: 'openshift-maas', label: 'OpenShift AI MaaS', platform: 'openshift-ai', baseUrl: `${url}${PREFIX.rhoai}`, auth: { type: 'bearer' } },
    { id: 'lab-gpustack', label: 'GPUStack (lab)', platform: 'gpustack', baseUrl: `${url}${PREFIX.gpustack}`, auth: { type: 'bearer' } },
    {
      id: 'oicm-prod', label: 'OICM (prod)', platform: 'oicm', baseUrl: `${url}${PREFIX.oicm}`, auth: { type: 'bearer' },
      requestTimeoutSeconds: 300,
      // the api is the default for the task (docs/endpoints.md, oicm) except where a model names its own
      models: OICM_MODELS.map((m) => ({ id: m.id, task: m.task, label: m.label, ...(m.api ? { api: m.api } : {}) })),
    },
    {
      id: 'intel-tiber', label: 'Intel Tiber AI Cloud', platform: 'intel-tiber', baseUrl: `${url}${PREFIX.intel}`,
      cloudAccountId: INTEL_CLOUD_ACCOUNT, auth: { type: 'oauth2', tokenUrl: `${foreignUrl}/oauth2/token` },
    },
  ];
}

/** Credentials as the CLI reads them from the environment (docs/endpoints.md, "Credentials"). */
export function env(): Record<string, string> {
  return {
    MAAS_API_KEY_LOCAL_VLLM: KEYS.localVllm,
    MAAS_API_KEY_RAFAY_SERVERLESS: KEYS.rafay,
    MAAS_API_KEY_OPENSHIFT_MAAS: KEYS.openshift,
    MAAS_API_KEY_LAB_GPUSTACK: KEYS.gpustack,
    MAAS_API_KEY_OICM_PROD: KEYS.oicmShared,
    MAAS_TOKEN_OICM_PROD_6B1F2C9E_CHAT: oicmToken('6b1f2c9e-chat'),
    MAAS_CLIENT_ID_INTEL_TIBER: KEYS.intelClientId,
    MAAS_CLIENT_SECRET_INTEL_TIBER: KEYS.intelClientSecret,
  };
}
