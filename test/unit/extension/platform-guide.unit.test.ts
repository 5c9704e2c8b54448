import * as assert from 'node:assert/strict';
import { PLATFORMS } from '../../../src/core/endpoint/schema';
import {
  PLATFORM_GUIDES, PLATFORM_ORDER, checkBaseUrl, checkCloudAccountId, checkHeaderName, checkId, checkSecret, checkUrl, suggestId,
} from '../../../src/extension/config/platform-guide';

describe('extension: platform guide', () => {
  it('offers every platform exactly once', () => {
    assert.deepEqual([...PLATFORM_ORDER].sort(), [...PLATFORMS].sort());
    for (const p of PLATFORMS) assert.equal(PLATFORM_GUIDES[p].platform, p);
  });

  it('checks URLs: scheme, query, fragment and leftover <placeholders> are errors', () => {
    assert.equal(checkUrl('https://gpustack.example.com'), undefined);
    assert.equal(checkUrl('ftp://x')?.severity, 'error');
    assert.equal(checkUrl('https://x/v1?key=1')?.severity, 'error');
    assert.equal(checkUrl('https://x/#a')?.severity, 'error');
    assert.equal(checkUrl('https://maas.apps.<cluster domain>')?.severity, 'error');
    assert.equal(checkUrl('not a url')?.severity, 'error');
    assert.equal(checkUrl('')?.severity, 'error');
  });

  it('gives platform hints as warnings or info, never blocking', () => {
    assert.equal(checkBaseUrl('openai', 'http://localhost:8000')?.severity, 'warning');
    assert.equal(checkBaseUrl('openai', 'http://localhost:8000/v1'), undefined);
    assert.equal(checkBaseUrl('rafay', 'https://h/v2/EP/openai/v1'), undefined);
    assert.equal(checkBaseUrl('rafay', 'https://h/openai/v1')?.severity, 'warning');
    assert.equal(checkBaseUrl('gpustack', 'https://g/v1')?.replacement, 'https://g');
    assert.equal(checkBaseUrl('gpustack', 'https://g/v1-openai/')?.replacement, 'https://g');
    assert.equal(checkBaseUrl('gpustack', 'https://g'), undefined);
    assert.equal(checkBaseUrl('openshift-ai', 'https://maas.apps.c/v1')?.replacement, 'https://maas.apps.c');
    assert.equal(checkBaseUrl('openshift-ai', 'https://maas.apps.c/maas-api'), undefined);
    assert.equal(checkBaseUrl('intel-tiber', 'https://us-region-2-sdk-api.cloud.intel.com/v1/maas'), undefined);
    assert.equal(checkBaseUrl('oicm', 'https://inference.example/models/x/proxy')?.severity, 'warning');
  });

  it('offers to strip a pasted operation path from OpenAI-style bases, in plain words', () => {
    const chat = checkBaseUrl('openai', 'https://h.example/v1/chat/completions');
    assert.equal(chat?.severity, 'warning');
    assert.equal(chat?.replacement, 'https://h.example/v1');
    assert.match(chat?.message ?? '', /chat completions address.*press Enter to use https:\/\/h\.example\/v1 instead/);
    assert.equal(checkBaseUrl('openai', 'https://h.example/v1/models/')?.replacement, 'https://h.example/v1');
    assert.equal(checkBaseUrl('openai', 'https://h.example/v1/completions')?.replacement, 'https://h.example/v1');
    assert.equal(checkBaseUrl('rafay', 'https://h/v2/EP/openai/v1/chat/completions')?.replacement, 'https://h/v2/EP/openai/v1');
    const noVersion = checkBaseUrl('openai', 'http://localhost:8000');
    assert.match(noVersion?.message ?? '', /no version path like \/v1/);
    assert.equal(noVersion?.replacement, undefined);
    for (const [platform, url] of [['openai', 'http://x'], ['gpustack', 'https://g/v1'], ['openshift-ai', 'https://m/v1'], ['rafay', 'https://h/x'], ['intel-tiber', 'https://h/x']] as const) {
      assert.doesNotMatch(checkBaseUrl(platform, url)?.message ?? '', /baseUrl/, 'warnings use plain words, not field names');
    }
  });

  it('checks ids, header names and cloud account numbers', () => {
    assert.equal(checkId('lab-gpustack', []), undefined);
    assert.equal(checkId('-x', [])?.severity, 'error');
    assert.match(checkId('', [], 'rafay-llama')?.message ?? '', /e\.g\. rafay-llama/);
    for (const p of PLATFORMS) assert.equal(checkId(PLATFORM_GUIDES[p].idExample, []), undefined);
    assert.equal(checkId('a', ['a'])?.severity, 'error');
    assert.equal(suggestId('x', ['x', 'x-2']), 'x-3');
    assert.equal(checkHeaderName('x-api-key'), undefined);
    assert.equal(checkHeaderName('Authorization')?.severity, 'error');
    assert.equal(checkHeaderName('OICM-Request-Timeout')?.severity, 'error');
    assert.equal(checkHeaderName('bad header')?.severity, 'error');
    assert.equal(checkCloudAccountId('123456789012'), undefined);
    assert.equal(checkCloudAccountId('12345')?.severity, 'warning');
    assert.equal(checkCloudAccountId('12a')?.severity, 'error');
  });
});

describe('extension: a typed secret is checked where it is entered', () => {
  it('refuses a key core could not send (line break, non-ASCII, space), naming the field and not the value', () => {
    for (const bad of ['sk-abc\ndef', 'sk-abc\u201d', 'sk abc']) {
      const v = checkSecret(bad, 'API key', false, 'apiKey');
      assert.equal(v?.severity, 'error', JSON.stringify(bad));
      assert.match(v.message, /^The API key contains /);
      assert.ok(!v.message.includes('abc'), 'the value is not quoted');
    }
    assert.equal(checkSecret('s3cret with spaces', 'client secret', false, 'clientSecret'), undefined, 'a client secret may hold spaces');
    assert.equal(checkSecret('sk-good', 'API key', false), undefined);
  });
});
