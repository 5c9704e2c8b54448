/** Error kinds (docs/architecture.md): status and gRPC tables, the reason extraction order, x-ext-auth-reason, overloaded, never 200. */
import * as assert from 'node:assert/strict';
import {
  MaasError, errorFromHttp, errorFromStreamPayload, extractReason, kindForGrpcCode, kindForStatus, composeMessage, reasonBeyondStatus, type ErrorKind,
} from '../../src/core/errors';
import { toErrorEvent } from '../../src/core/stream/sequence';

describe('core errors', () => {
  it('HTTP status → kind', () => {
    const table: [number, ErrorKind][] = [
      [400, 'bad_request'], [401, 'auth'], [403, 'forbidden'], [404, 'not_found'], [408, 'timeout'], [413, 'bad_request'],
      [422, 'bad_request'], [424, 'server'], [429, 'rate_limited'], [500, 'server'], [501, 'server'], [502, 'server'],
      [503, 'server'], [504, 'timeout'], [529, 'server'],
    ];
    for (const [status, kind] of table) {
      assert.equal(kindForStatus(status), kind, `status ${status}`);
      const e = errorFromHttp({ status, body: '' });
      assert.equal(e.kind, kind, `errorFromHttp ${status}`);
      assert.equal(e.status, status);
    }
  });

  it('gRPC code → kind (3, 4, 5, 7, 8, 14, 16)', () => {
    const table: [number, ErrorKind][] = [[3, 'bad_request'], [4, 'timeout'], [5, 'not_found'], [7, 'forbidden'], [8, 'rate_limited'], [14, 'server'], [16, 'auth']];
    for (const [code, kind] of table) {
      assert.equal(kindForGrpcCode(code), kind, `grpc ${code}`);
      const e = errorFromStreamPayload({ error: { code, message: `grpc says ${code}`, details: [] } });
      assert.equal(e.kind, kind, `in-stream grpc ${code}`);
      assert.ok(e.status !== undefined && e.status >= 400 && e.status < 600, `in-stream grpc ${code} carries the HTTP-like status, got ${e.status}`);
      assert.ok(e.message.includes(`grpc says ${code}`));
    }
  });

  it('Intel grpc-gateway pre-call error {"code":3,...} with HTTP 400 → bad_request with its message', () => {
    const e = errorFromHttp({ status: 400, body: '{"code":3,"message":"proto: syntax error (line 1:2): invalid value x","details":[]}' });
    assert.equal(e.kind, 'bad_request');
    assert.ok(e.message.endsWith(': proto: syntax error (line 1:2): invalid value x'));
  });

  describe('reason extraction order: error.message, error_description, string error, message, detail, body text', () => {
    const cases: [string, unknown, string | undefined][] = [
      ['error.message wins over everything', { error: { message: 'A' }, error_description: 'B', message: 'D', detail: 'E' }, 'A'],
      ['error_description before a string error (OAuth2)', { error: 'invalid_client', error_description: 'Client authentication failed' }, 'Client authentication failed'],
      ['string error before message', { error: 'C', message: 'D' }, 'C'],
      ['message before detail', { message: 'D', detail: 'E' }, 'D'],
      ['detail string', { detail: 'E' }, 'E'],
      ['detail list: msg of the first entry', { detail: [{ loc: ['body', 'model'], msg: 'Field required', type: 'missing' }, { msg: 'second' }] }, 'Field required'],
      ['error object without message falls through to message', { error: { type: 'x' }, message: 'flat' }, 'flat'],
      ['nothing usable', { foo: 1 }, undefined],
    ];
    for (const [name, body, want] of cases) {
      it(name, () => {
        assert.equal(extractReason(JSON.stringify(body)), want);
        assert.equal(extractReason(body), want);
      });
    }

    it('a non-JSON body is the reason, trimmed, at most 300 characters of it', () => {
      assert.equal(extractReason('Too Many Requests\n'), 'Too Many Requests');
      const long = 'a'.repeat(300) + 'ZZZZ';
      const r = extractReason(long) ?? '';
      assert.ok(r.startsWith('a'.repeat(300)));
      assert.ok(!r.includes('Z'), 'text beyond 300 characters is cut');
      const e = errorFromHttp({ status: 502, body: `<html>${'x'.repeat(1000)}</html>` });
      assert.equal(e.message, `The gateway or model server failed (502); try again later: <html>${'x'.repeat(294)}…`, 'the reason is the body\'s first 300 characters');
    });

    it('an empty body gives no reason', () => {
      assert.equal(extractReason(''), undefined);
      assert.equal(extractReason('   \n'), undefined);
    });
  });

  describe('message = actionable sentence, ": ", reason', () => {
    it('has a sentence before the reason', () => {
      const e = errorFromHttp({ status: 404, body: '{"error":{"message":"The model `x` does not exist."}}' });
      const [sentence, reason] = [e.message.slice(0, e.message.indexOf(': The model')), e.message.slice(e.message.indexOf(': The model') + 2)];
      assert.equal(sentence, 'Not found (404); check the base URL and the model id');
      assert.equal(reason, 'The model `x` does not exist.');
    });

    it('x-ext-auth-reason is appended in parentheses after the body reason', () => {
      const e = errorFromHttp({ status: 403, body: 'subscription s does not include model m', authReason: 'model_not_in_subscription' });
      assert.equal(e.kind, 'forbidden');
      assert.ok(e.message.endsWith(': subscription s does not include model m (model_not_in_subscription)'), e.message);
    });

    it('x-ext-auth-reason is the reason itself when the body is empty', () => {
      const e = errorFromHttp({ status: 401, body: '', authReason: 'Authentication required' });
      assert.equal(e.kind, 'auth');
      assert.ok(e.message.endsWith(': Authentication required'), e.message);
      assert.ok(!e.message.includes('(Authentication required)'), e.message);
    });

    it('composeMessage', () => {
      assert.equal(composeMessage('S', 'R', 'H'), 'S: R (H)');
      assert.equal(composeMessage('S', undefined, 'H'), 'S: H');
      assert.equal(composeMessage('S', 'R', null), 'S: R');
      assert.equal(composeMessage('S'), 'S');
    });
  });

  describe('overloaded → rate_limited', () => {
    it('TGI {"error_type":"overloaded"} with any status', () => {
      for (const status of [429, 503, 500]) {
        assert.equal(errorFromHttp({ status, body: '{"error":"Model is overloaded","error_type":"overloaded"}' }).kind, 'rate_limited', `status ${status}`);
      }
    });
    it('TEI {"error_type":"Overloaded"} (PascalCase)', () => {
      assert.equal(errorFromHttp({ status: 429, body: '{"error":"Model is overloaded","error_type":"Overloaded"}' }).kind, 'rate_limited');
      assert.equal(errorFromHttp({ status: 503, body: '{"error":"queue full","error_type":"Overloaded"}' }).kind, 'rate_limited');
    });
    it('Anthropic overloaded_error (HTTP 529 and in-stream)', () => {
      assert.equal(errorFromHttp({ status: 529, body: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' }).kind, 'rate_limited');
      assert.equal(errorFromStreamPayload({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }).kind, 'rate_limited');
    });
    it('TEI Validation (PascalCase) in a stream → bad_request', () => {
      assert.equal(errorFromStreamPayload({ error: 'too long', error_type: 'Validation' }).kind, 'bad_request');
    });
  });

  describe('status is never 200', () => {
    it('MaasError drops status 200', () => {
      const e = new MaasError({ kind: 'server', status: 200, message: 'x' });
      assert.equal(e.status, undefined);
      assert.ok(!('status' in e.toJSON()));
    });
    it('an in-stream error with http_status_code/code 200 has no status', () => {
      assert.equal(errorFromStreamPayload({ error: { message: 'odd', http_status_code: 200 } }).status, undefined);
      assert.equal(errorFromStreamPayload({ error: { message: 'odd', code: 200 } }).status, undefined);
    });
    it('an in-stream error carries the embedded HTTP-like status (TGI http_status_code, vLLM code)', () => {
      const tgi = errorFromStreamPayload({ error: { message: 'Request failed during generation', http_status_code: 422 } });
      assert.equal(tgi.status, 422);
      assert.equal(tgi.kind, 'bad_request');
      const vllm = errorFromStreamPayload({ error: { message: 'x', type: 'InternalServerError', param: null, code: 500 } });
      assert.equal(vllm.status, 500);
      assert.equal(vllm.kind, 'server');
    });
    it('toErrorEvent keeps kind, status, retryAfterMs; a foreign throw becomes protocol', () => {
      const ev = toErrorEvent(new MaasError({ kind: 'rate_limited', status: 429, message: 'm', retryAfterMs: 60_000 }));
      assert.deepEqual(ev, { type: 'error', kind: 'rate_limited', status: 429, message: 'm', retryAfterMs: 60_000 });
      const other = toErrorEvent(new TypeError('kaboom'));
      assert.equal(other.kind, 'protocol');
      assert.ok(other.message.includes('kaboom'));
      assert.equal(other.status, undefined);
    });
  });

  it('in-stream error types without a code map by type (authentication, permission, not_found, invalid_request)', () => {
    assert.equal(errorFromStreamPayload({ error: { type: 'authentication_error', message: 'a' } }).kind, 'auth');
    assert.equal(errorFromStreamPayload({ error: { type: 'permission_error', message: 'a' } }).kind, 'forbidden');
    assert.equal(errorFromStreamPayload({ error: { type: 'not_found_error', message: 'a' } }).kind, 'not_found');
    assert.equal(errorFromStreamPayload({ error: { type: 'invalid_request_error', message: 'a' } }).kind, 'bad_request');
    assert.equal(errorFromStreamPayload({ error: { type: 'rate_limit_error', message: 'a' } }).kind, 'rate_limited');
  });

  it('retryAfterMs is carried on errorFromHttp', () => {
    const e = errorFromHttp({ status: 429, body: 'slow down', retryAfterMs: 45_000 });
    assert.equal(e.retryAfterMs, 45_000);
    assert.equal(e.toJSON().retryAfterMs, 45_000);
  });
});

describe('core errors: one plain statement, worded for the auth type', () => {
  it('a 401 names what to check for the endpoint\'s own auth type', () => {
    const msg = (authType?: 'bearer' | 'header' | 'oauth2' | 'none') => errorFromHttp({ status: 401, body: '{"error":"Unauthorized"}', ...(authType ? { authType } : {}) }).message;
    assert.equal(msg('bearer'), 'The gateway rejected the API key (401); check or replace it');
    assert.equal(msg('header'), 'The gateway rejected the API key (401); check or replace it');
    assert.equal(msg('oauth2'), 'The gateway rejected the OAuth2 client credentials (401); check the client id and secret');
    assert.match(msg('none'), /sends none/);
    assert.ok(!msg().includes('client secret'), msg());
  });

  it('a reason that only repeats the status phrase is left out; a real reason stays', () => {
    assert.equal(reasonBeyondStatus('Unauthorized', 401), undefined);
    assert.equal(reasonBeyondStatus('too many requests', 429), undefined);
    assert.equal(reasonBeyondStatus('Invalid API key', 401), 'Invalid API key');
    assert.equal(errorFromHttp({ status: 403, body: 'Forbidden' }).message.includes(': Forbidden'), false);
    assert.match(errorFromHttp({ status: 401, body: '{"error":{"message":"Invalid API key"}}', authType: 'bearer' }).message, /check or replace it: Invalid API key$/);
  });
});
