import * as assert from 'node:assert/strict';
import { MaasError, actionableSentence } from '../../../src/core/errors';
import { failureDetail, failureSentence, keyLikelyWrong, modelsFound, shownUrl } from '../../../src/extension/commands/check-outcome';

const ctx = { baseUrl: 'https://user:pw@gw.example/v1/', keyName: 'API key', platformLabel: 'GPUStack', hasKey: true };
const failed = (kind: MaasError['kind'], status?: number, reason = '') => {
  const e = new MaasError({ kind, ...(status ? { status } : {}), message: actionableSentence(kind, status) + (reason ? `: ${reason}` : '') });
  return { ok: false as const, kind: e.kind, ...(e.status ? { status: e.status } : {}), message: e.message };
};

describe('extension: connection check words', () => {
  it('says the real outcome in one plain sentence, never a URL password', () => {
    assert.equal(failureSentence(failed('auth', 401), ctx), 'The gateway rejected the API key (401).');
    assert.equal(failureSentence(failed('auth', 401), { ...ctx, hasKey: false }), 'The gateway asks for a key (401), and none was given.');
    assert.equal(failureSentence(failed('network'), ctx), 'Could not reach https://gw.example.');
    assert.match(failureSentence(failed('not_found', 404), ctx), /^Nothing was found at https:\/\/gw\.example\/v1 \(404\)/);
    assert.equal(failureSentence({ ok: false, cancelled: true }, ctx), 'The connection check was cancelled before the gateway answered.');
    for (const k of ['protocol', 'tls', 'timeout', 'server'] as const) assert.doesNotMatch(failureSentence(failed(k), ctx), /pw@/);
    assert.equal(shownUrl('http://a:b@h:1/x/'), 'http://h:1/x');
  });

  it('details only what the gateway added; Fix key first for key failures', () => {
    assert.equal(failureDetail(failed('auth', 401, 'Unauthorized')), 'Details: Unauthorized');
    assert.equal(failureDetail(failed('auth', 401)), undefined);
    for (const auth of ['bearer', 'header', 'oauth2', 'none'] as const) {
      // core words a 401 for the endpoint's auth type; the headline already says it
      assert.equal(failureDetail({ ok: false, kind: 'auth', status: 401, message: actionableSentence('auth', 401, auth) }), undefined, auth);
      assert.equal(failureDetail({ ok: false, kind: 'auth', status: 401, message: `${actionableSentence('auth', 401, auth)}: token expired` }), 'Details: token expired', auth);
    }
    const network = { ok: false as const, kind: 'network' as const, message: 'Could not reach http://127.0.0.1:9; check the base URL, network and proxy: ECONNREFUSED' };
    assert.equal(failureDetail(network), 'Details: ECONNREFUSED');
    assert.ok(keyLikelyWrong(failed('forbidden', 403)));
    assert.ok(!keyLikelyWrong(failed('network')));
    assert.equal(modelsFound(1), '1 model');
    assert.equal(modelsFound(5), '5 models');
  });
});
