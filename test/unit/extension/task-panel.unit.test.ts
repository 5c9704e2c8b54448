// The task panel's pure parts: the page's messages checked on the host, the form turned into core's
// request, the embeddings' cosine matrix, score bars, the prediction table, history trimming, the CSP.
import * as assert from 'node:assert/strict';
import { validInputs, validPageMessage } from '../../../src/extension/panel/validate';
import { cosine, cosineMatrix } from '../../../src/extension/panel/similarity';
import { addToHistory, keptResult, readHistory, summarize } from '../../../src/extension/panel/history';
import { InputError, splitItems, toPanelResult, toRequest } from '../../../src/extension/panel/task-request';
import { csp, makeNonce, panelHtml } from '../../../src/extension/panel/panel-html';
import type { HistoryEntry } from '../../../src/extension/panel/protocol';
import { barFractions, formatScore, MIN_BAR } from '../../../media/panel/scale';
import { predictionTable, schemaLines } from '../../../media/panel/prediction-table';

describe('extension: task panel messages from the page', () => {
  it('accepts each known message and keeps only known input fields', () => {
    assert.deepEqual(validPageMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(validPageMessage({ type: 'cancel', runId: 3 }), { type: 'cancel', runId: 3 });
    assert.deepEqual(validPageMessage({ type: 'run', runId: 1, task: 'rerank', endpointId: 'e', modelId: 'm', inputs: { query: 'q', documents: 'a\nb', extra: 'dropped' } }),
      { type: 'run', runId: 1, task: 'rerank', endpointId: 'e', modelId: 'm', inputs: { query: 'q', documents: 'a\nb' } });
    assert.deepEqual(validPageMessage({ type: 'schema', task: 'speech', endpointId: 'e', modelId: 'm' }), { type: 'schema', task: 'speech', endpointId: 'e', modelId: 'm' });
    assert.deepEqual(validInputs({ text: 'hi', params: { temperature: '0.5' } }), { text: 'hi', params: { temperature: '0.5' } });
  });

  it('refuses unknown types, unknown tasks, wrong field types and bad ids', () => {
    for (const bad of [null, 'run', [], { type: 'eval' }, { type: 'run', runId: 1, task: 'chat', endpointId: 'e', modelId: 'm', inputs: {} },
      { type: 'run', runId: -1, task: 'rerank', endpointId: 'e', modelId: 'm', inputs: {} },
      { type: 'run', runId: 1.5, task: 'rerank', endpointId: 'e', modelId: 'm', inputs: {} },
      { type: 'run', runId: 1, task: 'rerank', endpointId: 'e', modelId: 'm', inputs: { query: 5 } },
      { type: 'run', runId: 1, task: 'rerank', endpointId: 7, modelId: 'm', inputs: {} },
      { type: 'copy', text: 3 }, { type: 'fix' }, { type: 'save', runId: '1' }]) {
      assert.equal(validPageMessage(bad), undefined, JSON.stringify(bad));
    }
    assert.equal(validInputs({ params: { a: 1 } }), undefined);
    assert.equal(validInputs({ params: [] }), undefined);
  });
});

describe('extension: task panel form → core request', () => {
  it('splits documents by line, or by paragraph when blank lines separate them', () => {
    assert.deepEqual(splitItems('a\n b \n\n'), ['a', 'b']);
    assert.deepEqual(splitItems('one line\nstill one\n\nsecond para\r\n\r\nthird'), ['one line\nstill one', 'second para', 'third']);
    assert.deepEqual(splitItems('  \n'), []);
  });

  it('builds each task\'s request and says what is missing', () => {
    assert.deepEqual(toRequest('rerank', 'm', { query: ' q ', documents: 'a\nb', topN: '1' }), { model: 'm', query: 'q', documents: ['a', 'b'], topN: 1 });
    assert.deepEqual(toRequest('speech', 'm', { text: 'hi', voice: '', params: { speed: ' 1 ', empty: ' ' } }), { model: 'm', text: 'hi', params: { speed: '1' } });
    assert.deepEqual(toRequest('prediction', 'm', { input: '[[1,2]]' }), { model: 'm', input: [[1, 2]] });
    assert.deepEqual(toRequest('transcription', 'm', { file: '/a.wav', language: '' }), { model: 'm', file: '/a.wav' });
    assert.throws(() => toRequest('rerank', 'm', { query: 'q', documents: '\n' }), InputError);
    assert.throws(() => toRequest('rerank', 'm', { query: 'q', documents: 'a', topN: '0' }), /Top N/);
    assert.throws(() => toRequest('prediction', 'm', { input: '[1,' }), /not JSON/);
    assert.throws(() => toRequest('image', 'm', { prompt: 'p', size: 'big' }), /WIDTHxHEIGHT/);
    assert.throws(() => toRequest('classification', 'm', { text: '  ' }), /Enter the text to classify/);
  });

  it('shows rerank items with their document text and media as a data URL', () => {
    const req = toRequest('rerank', 'm', { query: 'q', documents: 'x\ny' });
    assert.deepEqual(toPanelResult('rerank', req, { results: [{ index: 1, score: -2 }, { index: 0, score: -5, text: 'X' }] }),
      { task: 'rerank', query: 'q', items: [{ index: 1, score: -2, text: 'y' }, { index: 0, score: -5, text: 'X' }] });
    const media = toPanelResult('speech', { model: 'm', text: 't' }, { bytes: new Uint8Array([1, 2, 3]), mimeType: 'audio/wav' });
    assert.deepEqual(media, { task: 'speech', mimeType: 'audio/wav', bytes: 3, dataUrl: 'data:audio/wav;base64,AQID' });
  });
});

describe('extension: task panel cosine matrix', () => {
  it('is symmetric with 1 on the diagonal, 0 for orthogonal and for zero vectors', () => {
    assert.equal(cosine([1, 0], [0, 1]), 0);
    assert.equal(cosine([0, 0], [1, 1]), 0);
    assert.deepEqual(cosineMatrix([[1, 0], [1, 1], [-1, 0]]), [[1, 0.7071, -1], [0.7071, 1, -0.7071], [-1, -0.7071, 1]]);
    assert.deepEqual(cosineMatrix([]), []);
  });
});

describe('extension: task panel score bars', () => {
  it('draws probabilities as they are and scales logits (negative too) from lowest to highest', () => {
    assert.deepEqual(barFractions([0.9, 0.5, 0]), [0.9, 0.5, MIN_BAR]);
    assert.deepEqual(barFractions([4, -2, -8]), [1, MIN_BAR + (1 - MIN_BAR) * 0.5, MIN_BAR]);
    assert.deepEqual(barFractions([-3, -3]), [1, 1]);
    assert.deepEqual(barFractions([]), []);
    assert.equal(formatScore(-7.123456), '-7.1235');
    assert.equal(formatScore(0.00001234), '1.23e-5');
  });
});

describe('extension: task panel prediction table', () => {
  const meta = { input_schema: [{ 'tensor-spec': { dtype: 'float64', shape: [-1, 10] }, type: 'tensor' }], output_schema: [{ 'tensor-spec': { dtype: 'float64', shape: [-1] }, type: 'tensor' }] };
  it('a row per prediction, named from the output schema; objects by key; a scalar in one cell', () => {
    assert.deepEqual(predictionTable([86, 10], meta), { columns: ['row', 'prediction (float64)'], rows: [['0', '86'], ['1', '10']] });
    assert.deepEqual(predictionTable([[1, 2], [3]]), { columns: ['row', 'output 0', 'output 1'], rows: [['0', '1', '2'], ['1', '3', '']] });
    assert.deepEqual(predictionTable([{ a: 1, b: 'x' }]), { columns: ['row', 'a', 'b'], rows: [['0', '1', 'x']] });
    assert.deepEqual(predictionTable(7), { columns: ['prediction'], rows: [['7']] });
    assert.deepEqual(schemaLines(meta.input_schema), ['#1: tensor float64 [-1, 10]']);
  });
});

describe('extension: task panel history', () => {
  const entry = (task: HistoryEntry['task'], n: number): HistoryEntry => ({ task, endpointId: 'e', modelId: 'm', inputs: { text: String(n) }, summary: String(n), at: n });
  it('keeps the newest entries of each task, at most the limit per task', () => {
    let list: HistoryEntry[] = [];
    for (let n = 0; n < 13; n++) list = addToHistory(list, entry('rerank', n), 10);
    list = addToHistory(list, entry('speech', 99), 10);
    assert.equal(list.filter((e) => e.task === 'rerank').length, 10);
    assert.deepEqual(list.map((e) => e.at).slice(0, 3), [99, 12, 11]);
    assert.ok(!list.some((e) => e.at < 3));
  });

  it('keeps media as type and size only, and summarises results in one line', () => {
    assert.deepEqual(keptResult({ task: 'image', mimeType: 'image/png', bytes: 2048, dataUrl: 'data:image/png;base64,xx' }), { task: 'image', mimeType: 'image/png', bytes: 2048 });
    assert.equal(summarize({ task: 'image', mimeType: 'image/png', bytes: 2048 }), 'image/png, 2.0 KB');
    assert.equal(summarize({ task: 'classification', labels: [{ label: 'positive', score: 0.98765 }] }), 'positive (0.988)');
    assert.equal(summarize({ task: 'speech', mimeType: 'audio/wav', bytes: 844 }, { text: ' Good  morning ' }), '“Good morning” → audio/wav, 844 B');
    assert.equal(summarize({ task: 'transcription', text: 'hello there' }, { file: '/tmp/a/b/note.wav' }), '“note.wav” → hello there');
    assert.equal(summarize({ task: 'rerank', query: 'q', items: [{ index: 2, score: 1, text: 'best doc' }] }), '1 ranked; best #3: best doc');
    assert.deepEqual(readHistory('nonsense'), []);
    assert.deepEqual(readHistory([{ task: 'rerank' }, entry('rerank', 1)]), [entry('rerank', 1)]);
  });
});

describe('extension: task panel HTML', () => {
  it('has a strict CSP with the nonce on its script and stylesheet, no inline script', () => {
    const nonce = makeNonce((n) => new Uint8Array(n).fill(7));
    assert.match(nonce, /^[A-Za-z0-9]{32}$/);
    const parts = { cspSource: 'https://x.vscode-cdn.net', scriptUri: 'https://x/panel.js', styleUri: 'https://x/panel.css', nonce };
    const policy = csp(parts);
    assert.match(policy, /^default-src 'none'; /);
    assert.match(policy, new RegExp(`script-src 'nonce-${nonce}'(;|$)`));
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
    const html = panelHtml(parts);
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.match(html, new RegExp(`<script nonce="${nonce}" src="https://x/panel.js"></script>`));
  });
});
