/** Configured models merged into discovered ones and the redaction helpers (docs/endpoints.md). */
import * as assert from 'node:assert/strict';
import { mergeConfiguredModels, type ModelInfo } from '../../src/core/models';
import { redactHeaders, redactUrl } from '../../src/core/http/redact';
import { scrubSecrets } from '../../src/core/secret-forms';
import { envSuffix, secretKey, modelTokenName } from '../../src/core/credentials';

describe('core models merge', () => {
  const discovered: ModelInfo[] = [
    { endpointId: 'e', id: 'b-model', label: 'b-model', tasks: ['chat', 'completion'], source: 'discovered', contextLength: 4096 },
    { endpointId: 'e', id: 'A-model', label: 'A-model', tasks: ['chat'], source: 'discovered' },
  ];

  it('a configured entry overrides task and label of the discovered model with its id; others are added; sorted by id', () => {
    const out = mergeConfiguredModels('e', discovered, [
      { id: 'b-model', tasks: ['embedding'], label: 'Bee' },
      { id: 'extra', tasks: ['rerank'], label: 'extra' },
    ]);
    assert.deepEqual(out.map((m) => m.id), ['A-model', 'b-model', 'extra']);
    const b = out.find((m) => m.id === 'b-model');
    assert.deepEqual(b?.tasks, ['embedding']);
    assert.equal(b?.label, 'Bee');
    assert.equal(b?.contextLength, 4096, 'discovered details kept');
    assert.equal(b?.source, 'discovered');
    assert.deepEqual(out.find((m) => m.id === 'extra'), { endpointId: 'e', id: 'extra', label: 'extra', tasks: ['rerank'], source: 'configured' });
    assert.deepEqual(discovered[0].tasks, ['chat', 'completion'], 'input not mutated');
  });
});

describe('core redaction', () => {
  it('redactHeaders hides Authorization, api-key, x-api-key, cookies and the auth.name header, any case', () => {
    const out = redactHeaders({ Authorization: 'Bearer sk-1', 'X-API-Key': 'k', 'api-key': 'k2', Cookie: 'c', 'X-My-Key': 'mine', Accept: 'text/event-stream' }, ['x-my-key']);
    assert.deepEqual(out, { Authorization: '[redacted]', 'X-API-Key': '[redacted]', 'api-key': '[redacted]', Cookie: '[redacted]', 'X-My-Key': '[redacted]', Accept: 'text/event-stream' });
  });

  it('redactUrl hides ?key= style credentials', () => {
    assert.equal(redactUrl('https://h/v1/models?key=abc&x=1'), 'https://h/v1/models?key=[redacted]&x=1');
    assert.equal(redactUrl('https://h/p?a=1&api_key=zzz#f'), 'https://h/p?a=1&api_key=[redacted]#f');
    assert.equal(redactUrl('https://h/p?access_token=t'), 'https://h/p?access_token=[redacted]');
    assert.equal(redactUrl('https://h/v1/models'), 'https://h/v1/models');
  });

  it('scrubSecrets replaces every known secret value', () => {
    assert.equal(scrubSecrets('key sk-abcdef and sk-abcdef again, token tok-123', ['sk-abcdef', 'tok-123', undefined]), 'key [redacted] and [redacted] again, token [redacted]');
  });
});

describe('core credential names', () => {
  it('SecretStorage keys and environment suffixes', () => {
    assert.equal(secretKey('lab-gpustack', 'apiKey'), 'maas:lab-gpustack:apiKey');
    assert.equal(secretKey('oi', modelTokenName('m-1')), 'maas:oi:model:m-1:token');
    assert.equal(envSuffix('lab-gpustack'), 'LAB_GPUSTACK');
    assert.equal(envSuffix('publishers/llm/models/x.y'), 'PUBLISHERS_LLM_MODELS_X_Y');
  });
});
