import * as assert from 'node:assert/strict';
import { PLATFORMS } from '../../../src/core/endpoint/schema';
import {
  PLATFORM_GUIDES, PLATFORM_ORDER, checkBaseUrl, checkCloudAccountId, checkHeaderName, checkId, checkUrl, suggestId,
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
    assert.equal(checkBaseUrl('gpustack', 'https://g/v1')?.severity, 'info');
    assert.equal(checkBaseUrl('openshift-ai', 'https://maas.apps.c/v1')?.severity, 'info');
    assert.equal(checkBaseUrl('intel-tiber', 'https://us-region-2-sdk-api.cloud.intel.com/v1/maas'), undefined);
    assert.equal(checkBaseUrl('oicm', 'https://inference.example/models/x/proxy')?.severity, 'warning');
  });

  it('checks ids, header names and cloud account numbers', () => {
    assert.equal(checkId('lab-gpustack', []), undefined);
    assert.equal(checkId('-x', [])?.severity, 'error');
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
