import * as assert from 'node:assert/strict';
import { Output, errorDoc, formatModelsTable, modelRow, type ModelRow } from '../../src/cli/output';
import { commandHelp, mainHelp, usageLine } from '../../src/cli/help';
import { COMMANDS } from '../../src/cli/commands/table';
import { chatCommand } from '../../src/cli/commands/chat';
import { problemsByEntry, loadConfig } from '../../src/cli/config-file';
import { MemIo } from './cli-fakes';
import { model } from './cli-fakes';

describe('cli output', () => {
  it('formats an aligned models table with only the columns that carry something', () => {
    const rows: ModelRow[] = [
      { endpoint: 'local-vllm', id: 'qwen', label: 'qwen', tasks: ['chat', 'completion'], contextLength: 32768 },
      { endpoint: 'oicm-prod', id: 'm', label: 'Llama', tasks: ['chat'], url: 'http://o/models/m/proxy' },
    ];
    assert.equal(formatModelsTable(rows), [
      'ENDPOINT    MODEL  TASKS            CONTEXT  LABEL  URL',
      'local-vllm  qwen   chat,completion  32768    qwen   -',
      'oicm-prod   m      chat             -        Llama  http://o/models/m/proxy',
      '',
    ].join('\n'));
    assert.equal(formatModelsTable([{ endpoint: 'a', id: 'x', label: 'x', tasks: ['chat'] }]), 'ENDPOINT  MODEL  TASKS\na         x      chat\n');
  });

  it('builds model rows with exactly the documented keys', () => {
    const m = model('e', 'id1', { reasoning: true, voices: ['a'], source: 'configured', contextLength: 8, url: 'http://u' });
    assert.deepEqual(Object.keys(modelRow('e', m)), ['endpoint', 'id', 'label', 'tasks', 'url', 'contextLength']);
    assert.deepEqual(Object.keys(modelRow('e', model('e', 'id2'))), ['endpoint', 'id', 'label', 'tasks']);
  });

  it('orders error documents as documented', () => {
    assert.deepEqual(Object.keys(errorDoc({ endpoint: 'e', retryAfterMs: 5, message: 'm', status: 429, kind: 'rate_limited' })), ['type', 'kind', 'status', 'message', 'retryAfterMs', 'endpoint']);
  });

  it('scrubs credential values from everything but raw result text', () => {
    const io = new MemIo({ NO_COLOR: '1' });
    const out = new Output(io, ['s3cr3t-value', 's3cr3t']);
    out.error('lab', 'bad key s3cr3t-value here', 'check s3cr3t');
    out.warn('w s3cr3t');
    out.jsonLine({ type: 'error', message: 'x s3cr3t-value' });
    out.reasoning('thinking s3cr3t');
    assert.equal(io.stderr.text, 'maas: lab: bad key *** here\nmaas: hint: check ***\nmaas: warning: w ***\nthinking ***');
    assert.equal(io.stdout.text, '{"type":"error","message":"x ***"}\n');
  });

  it('dims reasoning only on a colour terminal', () => {
    const tty = new MemIo({});
    tty.stderr.isTTY = true;
    new Output(tty, []).reasoning('hmm');
    assert.equal(tty.stderr.text, '\x1b[2mhmm\x1b[0m');
    const noColor = new MemIo({ NO_COLOR: '' });
    noColor.stderr.isTTY = true;
    new Output(noColor, []).reasoning('hmm');
    assert.equal(noColor.stderr.text, 'hmm');
  });

  it('generates help from the command table', () => {
    const top = mainHelp(COMMANDS, '1.2.3');
    for (const c of COMMANDS) assert.match(top, new RegExp(`\\n  ${c.name} +${c.summary.replace(/[()']/g, '.')}`));
    assert.match(top, /MAAS_API_KEY_<E>/);
    assert.match(top, /130 interrupted/);
    assert.equal(usageLine(chatCommand), 'maas chat --config FILE --endpoint ID --model ID [--system T] [--max-tokens N] [--temperature X] [--top-p X] [--stop S...] [--json] [PROMPT]');
    const help = commandHelp(chatCommand);
    assert.match(help, /reasoning \("thinking"\) text\ngoes to stderr, dimmed/);
    assert.match(help, /--stop S\.\.\. +stop sequence \(repeatable\)/);
  });

  it('joins the problems of one entry', () => {
    assert.deepEqual(problemsByEntry([
      { index: 1, endpointId: 'b', field: 'platform', message: 'endpoint "b": platform "x" is not one of …' },
      { index: 0, field: 'id', message: 'endpoint #1: id is required' },
      { index: 1, endpointId: 'b', field: 'baseUrl', message: 'endpoint "b": baseUrl is required' },
    ]), [
      { index: 0, message: 'endpoint #1: id is required' },
      { index: 1, endpointId: 'b', message: 'endpoint "b": platform "x" is not one of …; baseUrl is required' },
    ]);
  });

  it('loads a config file and reports unreadable, malformed and mis-shaped ones', async () => {
    const files = new Map<string, string>([
      ['ok.json', JSON.stringify({ endpoints: [{ id: 'a', platform: 'openai', baseUrl: 'http://a/v1' }, { id: 'b', platform: 'nope', baseUrl: 'http://b' }, {}], extra: 1 })],
      ['bad.json', '{ "endpoints": [ '],
      ['arr.json', '[]'],
    ]);
    const read = async (p: string) => { const f = files.get(p); if (f === undefined) throw Object.assign(new Error('x'), { code: 'ENOENT' }); return f; };
    const c = await loadConfig('ok.json', read);
    assert.deepEqual(c.endpoints.map((e) => e.id), ['a']);
    assert.deepEqual(c.entryIds, ['a', 'b']);
    assert.equal(c.entryCount, 3);
    assert.deepEqual(c.fileWarnings, ['config file ok.json: unknown top-level key "extra" is ignored']);
    await assert.rejects(loadConfig('bad.json', read), (e: Error & { kind?: string }) => e.kind === 'config' && /^config file bad\.json is not valid JSON: /.test(e.message));
    await assert.rejects(loadConfig('arr.json', read), /config file arr\.json must be a JSON object \{ "endpoints": \[ … \] \}/);
    await assert.rejects(loadConfig('none.json', read), /cannot read config file none\.json: no such file/);
  });
});
