/** Joining URLs and the per-platform base clean-up (docs/endpoints.md). */
import * as assert from 'node:assert/strict';
import { joinUrl, normaliseBase, originOf, hasVersionSegment } from '../../src/core/endpoint/url';
import { normalisePlatformBase } from '../../src/core/endpoint/config';
import type { Platform } from '../../src/core/endpoint/schema';

function clean(platform: Platform, base: string): { base: string; warnings: string[] } {
  const warnings: string[] = [];
  return { base: normalisePlatformBase(platform, base, (m) => warnings.push(m)), warnings };
}

describe('core URL joining', () => {
  it('keeps the last base segment (the new URL() pitfall)', () => {
    assert.equal(joinUrl('https://api.example/v1/maas', 'models'), 'https://api.example/v1/maas/models');
    assert.notEqual(new URL('models', 'https://api.example/v1/maas').href, 'https://api.example/v1/maas/models', 'sanity: WHATWG drops "maas"');
    assert.equal(joinUrl('https://api.example/v1/maas', 'generatestream'), 'https://api.example/v1/maas/generatestream');
  });

  it('exactly one slash between base and path', () => {
    assert.equal(joinUrl('http://h:8000/v1/', '/chat/completions'), 'http://h:8000/v1/chat/completions');
    assert.equal(joinUrl('http://h:8000/v1//', 'models'), 'http://h:8000/v1/models');
    assert.equal(joinUrl('  http://h:8000/v1  ', 'models'), 'http://h:8000/v1/models');
    assert.equal(joinUrl('https://h/v2/ID/openai/v1', 'completions'), 'https://h/v2/ID/openai/v1/completions');
  });

  it('the path may carry its own query string', () => {
    assert.equal(joinUrl('https://gpustack.lab', 'v1/models?with_meta=true'), 'https://gpustack.lab/v1/models?with_meta=true');
  });

  it('normaliseBase trims whitespace and trailing slashes', () => {
    assert.equal(normaliseBase('  https://h/v1/  '), 'https://h/v1');
    assert.equal(normaliseBase('https://h///'), 'https://h');
  });

  it('normaliseBase rejects a query or a fragment', () => {
    for (const bad of ['https://h/v1?key=abc', 'https://h/v1?', 'https://h/v1#x', 'https://h/v1/#']) {
      assert.throws(() => normaliseBase(bad), /query|fragment/, bad);
    }
  });

  it('originOf', () => {
    assert.equal(originOf('HTTPS://Host.Example:443/a/b?c'), 'https://host.example');
    assert.equal(originOf('http://127.0.0.1:8080/x'), 'http://127.0.0.1:8080');
  });

  it('hasVersionSegment', () => {
    assert.ok(hasVersionSegment('http://h:8000/v1'));
    assert.ok(hasVersionSegment('https://h/v2/ENDPOINT/openai/v1'));
    assert.ok(!hasVersionSegment('http://h:8000'));
    assert.ok(!hasVersionSegment('http://h:8000/api'));
  });

  describe('per-platform base clean-up', () => {
    it('openshift-ai: a pasted trailing /v1 is stripped with a warning; /maas-api is kept', () => {
      const a = clean('openshift-ai', 'https://maas.apps.example/v1/');
      assert.equal(a.base, 'https://maas.apps.example');
      assert.equal(a.warnings.length, 1);
      assert.match(a.warnings[0], /\/v1/);
      const b = clean('openshift-ai', 'https://maas.apps.example/maas-api');
      assert.equal(b.base, 'https://maas.apps.example/maas-api');
      assert.deepEqual(b.warnings, []);
      const c = clean('openshift-ai', 'https://maas.apps.example/maas-api/v1');
      assert.equal(c.base, 'https://maas.apps.example/maas-api');
      assert.equal(c.warnings.length, 1);
    });

    it('gpustack: /v1 and /v1-openai are stripped with a warning', () => {
      for (const suffix of ['/v1', '/v1/', '/v1-openai', '/V1-OpenAI/']) {
        const r = clean('gpustack', `https://gpustack.lab${suffix}`);
        assert.equal(r.base, 'https://gpustack.lab', suffix);
        assert.equal(r.warnings.length, 1, suffix);
      }
      const root = clean('gpustack', 'https://gpustack.lab');
      assert.equal(root.base, 'https://gpustack.lab');
      assert.deepEqual(root.warnings, []);
    });

    it('openai/rafay: a warning when there is no /v<n> segment; the base is kept as given', () => {
      const bare = clean('openai', 'http://localhost:8000');
      assert.equal(bare.base, 'http://localhost:8000');
      assert.equal(bare.warnings.length, 1);
      assert.match(bare.warnings[0], /\/v/);
      assert.deepEqual(clean('openai', 'http://localhost:8000/v1').warnings, []);
      assert.deepEqual(clean('rafay', 'https://infer.example/v2/abc123/openai/v1').warnings, []);
      assert.equal(clean('rafay', 'https://infer.example/v2/abc123/openai').warnings.length, 0, 'has /v2 already');
    });

    it('openai/rafay: a pasted operation path is removed with a plain-words warning', () => {
      assert.deepEqual(clean('openai', 'http://localhost:8000/v1/chat/completions'), {
        base: 'http://localhost:8000/v1',
        warnings: ['the address ended in /chat/completions (the chat completions address), which was removed: requests go to http://localhost:8000/v1/…'],
      });
      assert.equal(clean('openai', 'http://localhost:8000/v1/completions/').base, 'http://localhost:8000/v1');
      assert.equal(clean('rafay', 'https://infer.example/v2/abc/openai/v1/models').base, 'https://infer.example/v2/abc/openai/v1');
      assert.deepEqual(clean('openai', 'http://localhost:8000/models').warnings, [
        'the address ended in /models (the model list address), which was removed: requests go to http://localhost:8000/…',
        'the address http://localhost:8000 has no version path such as /v1; OpenAI-style servers usually need one (e.g. http://localhost:8000/v1)',
      ]);
      assert.deepEqual(clean('openai', 'http://completions.example/v1').warnings, [], 'a host name is not a path');
    });

    it('other platforms keep their base (oicm, intel-tiber)', () => {
      assert.deepEqual(clean('oicm', 'https://inference.oicm.example/'), { base: 'https://inference.oicm.example', warnings: [] });
      assert.deepEqual(clean('intel-tiber', 'https://us-region-2-sdk-api.cloud.intel.com/v1/maas'), { base: 'https://us-region-2-sdk-api.cloud.intel.com/v1/maas', warnings: [] });
    });

    it('a query or fragment is refused for every platform', () => {
      for (const p of ['openai', 'openshift-ai', 'gpustack', 'rafay', 'oicm', 'intel-tiber'] as const) {
        assert.throws(() => clean(p, 'https://h/v1?x=1'), /query/, p);
      }
    });
  });
});
