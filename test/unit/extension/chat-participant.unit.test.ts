// The @maas participant's pure parts: history from the chat view's turns, the footer, the context and
// prompts sent to the model, the code-fence tracker, the stream consumer, model choice and /models.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { answerText, historyMessages, type TurnLike } from '../../../src/extension/chat/chat-history';
import { footerFacts, footerMarkdown, formatDuration, tokensPerSecond } from '../../../src/extension/chat/answer-footer';
import { capContext, explainPrompt, promptWithContext, refactorPrompt, DEFAULT_REFACTOR_INSTRUCTION, type SelectionContext } from '../../../src/extension/chat/participant-prompts';
import { FenceTracker, fencedCode } from '../../../src/extension/chat/markdown-fence';
import { REASONING_CHAR_LIMIT, streamAnswer, type AnswerSink } from '../../../src/extension/chat/answer-stream';
import { decideModel } from '../../../src/extension/chat/model-choice';
import { modelsMarkdown } from '../../../src/extension/chat/models-markdown';
import type { ChatModelChoice } from '../../../src/extension/chat/chat-models';
import type { EndpointState } from '../../../src/extension/endpoints/endpoint-store';
import type { EventBatch } from '../../../src/core/stream/events';
import { parseEndpoints } from '../../../src/core/endpoint/config';
import type { ModelInfo } from '../../../src/core/models';

const ME = 'maas-connect.maas';
const md = (value: string) => ({ value: { value } });
const req = (prompt: string, participant = ME): TurnLike => ({ prompt, participant });
const res = (parts: unknown[], metadata: unknown, participant = ME): TurnLike => ({ participant, response: parts, result: { metadata } });

describe('extension: @maas chat history', () => {
  it('maps our request and answer turns to user and assistant messages, without the footer', () => {
    const trailer = '\n\n---\n\n*m on e*\n';
    const turns = [
      req('first question'),
      res([md('Part one, '), { value: { command: 'x', title: 'button' } }, md(`part two.${trailer}`)], { kind: 'answer', trailer }),
      req('second'),
      res([md('Second answer')], { kind: 'answer' }),
    ];
    assert.deepEqual(historyMessages(turns, ME), [
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: 'Part one, part two.' },
      { role: 'user', content: 'second' },
      { role: 'assistant', content: 'Second answer' },
    ]);
  });

  it('uses the user message as sent (with its context) when the answer recorded it', () => {
    const turns = [req(''), res([md('It adds.')], { kind: 'answer', userMessage: 'Explain this code: ```py\nadd\n```' })];
    assert.deepEqual(historyMessages(turns, ME)[0], { role: 'user', content: 'Explain this code: ```py\nadd\n```' });
  });

  it('leaves out other participants, our notices, answers without text and unknown results', () => {
    const turns = [
      req('to someone else', 'other.bot'), res([md('their answer')], { kind: 'answer' }, 'other.bot'),
      req('/models'), res([md('the list')], { kind: 'info' }),
      req('failed at once'), res([md('\n\n$(error) boom\n')], { kind: 'answer', trailer: '\n\n$(error) boom\n' }),
      req('no metadata'), res([md('x')], undefined),
      req('kept'), res([md('yes')], { kind: 'answer' }),
    ];
    assert.deepEqual(historyMessages(turns, ME), [{ role: 'user', content: 'kept' }, { role: 'assistant', content: 'yes' }]);
  });

  it('keeps an answer whose text only looks like a footer when no trailer was recorded', () => {
    assert.equal(answerText({ participant: ME, response: [md('a\n\n---\n\n*b*')], result: { metadata: { kind: 'answer' } } }), 'a\n\n---\n\n*b*');
  });
});

describe('extension: @maas answer footer', () => {
  it('names the model and endpoint (escaped), tokens, first token and rate', () => {
    assert.deepEqual(footerFacts({ modelName: 'Qwen/Qwen3-8B', endpointLabel: 'Lab [GPU]', inputTokens: 1200, outputTokens: 300, firstTokenMs: 250, streamMs: 3000 }), [
      'Qwen/Qwen3\\-8B on Lab \\[GPU\\]', '1,200 tokens in, 300 out', 'first token 250 ms', '100 tokens/s',
    ]);
  });

  it('leaves out what the platform did not report', () => {
    assert.deepEqual(footerFacts({ modelName: 'm', endpointLabel: 'e', firstTokenMs: 1500 }), ['m on e', 'first token 1.5 s']);
    assert.deepEqual(footerFacts({ modelName: 'm', endpointLabel: 'e', outputTokens: 5, streamMs: 0 }), ['m on e', '? tokens in, 5 out']);
  });

  it('starts with a blank line and a rule, one italic line per fact line and note', () => {
    const text = footerMarkdown({ modelName: 'm', endpointLabel: 'e', notes: ['A note.'] });
    assert.equal(text, '\n\n---\n\n*m on e*  \n*A note.*\n');
  });

  it('formats durations and rates', () => {
    assert.equal(formatDuration(12.4), '12 ms');
    assert.equal(formatDuration(2345), '2.3 s');
    assert.equal(formatDuration(12_345), '12 s');
    assert.equal(tokensPerSecond(10, 500), 20);
    assert.equal(tokensPerSecond(undefined, 500), undefined);
  });
});

describe('extension: @maas prompts and context', () => {
  const sel: SelectionContext = { fileName: 'src/a.ts', languageId: 'typescript', startLine: 3, endLine: 5, code: 'const a = `x`;\n```\nb();' };

  it('puts each attached item under its name in a fence no line of it can close, the prompt last', () => {
    const text = promptWithContext('What is this?', [{ name: 'src/a.ts:3-5', languageId: 'typescript', text: 'x ``` y' }, { name: 'note', text: 'plain' }]);
    assert.equal(text, 'The user attached this context:\n\nsrc/a.ts:3-5 (typescript):\n````typescript\nx ``` y\n````\n\nnote:\n```\nplain\n```\n\nWhat is this?');
    assert.equal(promptWithContext('Only this', []), 'Only this');
  });

  it('cuts each item and all of them together, and says which were cut', () => {
    const capped = capContext([{ name: 'a', text: 'x'.repeat(30) }, { name: 'b', text: 'y'.repeat(10) }, { name: 'c', text: 'z'.repeat(10) }], 20, 35);
    assert.deepEqual(capped.items.map((i) => i.text.length), [20, 10, 5]);
    assert.deepEqual(capped.truncated, ['a', 'c']);
    assert.match(promptWithContext('q', capped.items), /\(cut short: the first 20 of 30 characters\)/);
  });

  it('/explain and /refactor carry the file name, language, lines and the code', () => {
    const explain = explainPrompt(sel, 'why the backticks?');
    assert.match(explain, /^Explain /);
    assert.match(explain, /From src\/a\.ts \(typescript, lines 3-5\):\n\n````typescript\nconst a = `x`;\n```\nb\(\);\n````\n\nwhy the backticks\?$/);
    assert.match(refactorPrompt(sel, 'use let'), /Instruction: use let\n/);
    assert.ok(refactorPrompt(sel, '  ').includes(DEFAULT_REFACTOR_INSTRUCTION));
    assert.match(explainPrompt({ ...sel, endLine: 3 }, ''), /line 3\)/);
  });

  it('fencedCode cleans the language tag', () => {
    assert.equal(fencedCode('a', 'c++ <x>'), '```c++x\na\n```');
  });
});

describe('extension: @maas code fence tracking', () => {
  const closing = (...chunks: string[]) => { const t = new FenceTracker(); for (const c of chunks) t.push(c); return t.closing(); };

  it('knows a fence left open, across chunk boundaries', () => {
    assert.equal(closing('Here:\n``', '`py\nprint(1)\n'), '\n```\n');
    assert.equal(closing('Here:\n```py\nprint(1)\n``', '`\ndone'), '');
    assert.equal(closing('~~~~\ncode ``` \n'), '\n~~~~\n');
    assert.equal(closing('````\n```\n'), '\n````\n', 'a shorter fence does not close a longer one');
    assert.equal(closing('inline ``` not a fence\n'), '');
    assert.equal(closing('    ```\nindented code\n'), '');
  });
});

describe('extension: @maas stream consumer', () => {
  async function* batches(...bs: EventBatch[]): AsyncIterable<EventBatch> { for (const b of bs) yield b; }
  function sink(): AnswerSink & { calls: string[] } {
    const calls: string[] = [];
    return { calls, markdown: (t) => calls.push(`md:${t}`), progress: (m) => calls.push(`progress:${m}`), reasoning: (t, cut) => calls.push(`reasoning:${t}${cut ? ' (cut)' : ''}`) };
  }
  let clock = 0;
  const now = () => (clock += 10);

  it('writes one markdown call per batch, offers reasoning before the answer, never inside it', async () => {
    const s = sink();
    clock = 0;
    const out = await streamAnswer(batches(
      [{ type: 'reasoning', text: 'Let me ' }, { type: 'reasoning', text: 'think.' }],
      [{ type: 'text', text: 'Hello' }, { type: 'text', text: ' world' }],
      [{ type: 'text', text: '!' }, { type: 'usage', inputTokens: 3, outputTokens: 4 }, { type: 'done', finishReason: 'stop' }],
    ), s, now, () => false);
    assert.deepEqual(s.calls, ['progress:Thinking…', 'reasoning:Let me think.', 'md:Hello world', 'md:!']);
    assert.equal(out.finishReason, 'stop');
    assert.deepEqual(out.usage, { inputTokens: 3, outputTokens: 4 });
    assert.equal(out.textChars, 12);
    assert.equal(out.firstTokenMs, 10);
    assert.ok(out.streamMs! > 0);
  });

  it('reports the error, the answer so far kept, and a fence to close', async () => {
    const s = sink();
    const out = await streamAnswer(batches([{ type: 'text', text: '```js\nlet a' }], [{ type: 'error', kind: 'auth', status: 401, message: 'expired' }]), s, now, () => false);
    assert.deepEqual(s.calls, ['md:```js\nlet a']);
    assert.equal(out.error?.kind, 'auth');
    assert.equal(out.fenceClosing, '\n```\n');
  });

  it('caps the reasoning it keeps, and offers reasoning that came last', async () => {
    const s = sink();
    await streamAnswer(batches([{ type: 'text', text: 'a' }], [{ type: 'reasoning', text: 'x'.repeat(REASONING_CHAR_LIMIT + 5) }], [{ type: 'done', finishReason: 'stop' }]), s, now, () => false);
    assert.equal(s.calls.length, 3);
    assert.equal(s.calls[1], 'progress:Thinking…');
    assert.ok(s.calls[2].endsWith(' (cut)'));
    assert.equal(s.calls[2].length, 'reasoning:'.length + REASONING_CHAR_LIMIT + ' (cut)'.length);
  });

  it('stops reading once cancelled', async () => {
    let cancelled = false;
    const s = { ...sink(), markdown: () => { cancelled = true; } };
    async function* endless(): AsyncIterable<EventBatch> { for (;;) yield [{ type: 'text', text: 'x' }]; }
    const out = await streamAnswer(endless(), s, now, () => cancelled);
    assert.equal(out.textChars, 1);
  });
});

describe('extension: @maas model choice and /models', () => {
  const [ep1, ep2] = parseEndpoints([
    { id: 'lab', label: 'Lab *GPU*', platform: 'openai', baseUrl: 'http://l.example/v1' },
    { id: 'rafay', platform: 'rafay', baseUrl: 'https://r.example/v2/ep/openai/v1' },
  ]).endpoints;
  const model = (endpointId: string, id: string, tasks: ModelInfo['tasks'] = ['chat']): ModelInfo => ({ endpointId, id, label: id, tasks, source: 'discovered' });
  const choice = (m: ModelInfo): ChatModelChoice => ({ ref: `${m.endpointId}/${m.id}`, endpoint: m.endpointId === 'lab' ? ep1 : ep2, model: m });
  const a = choice(model('lab', 'org/a'));
  const b = choice(model('lab', 'b'));

  it('takes the default, else the picker\'s MaaS model, else the first with a note', () => {
    assert.deepEqual(decideModel([a, b], 'lab/b', 'lab/org/a', true), { choice: b });
    assert.deepEqual(decideModel([a, b], undefined, 'lab/b', true), { choice: b });
    const first = decideModel([a, b], undefined, undefined, true);
    assert.equal(first?.choice, a);
    assert.match(first?.note ?? '', /No default chat model is set.*\/model/);
    assert.equal(decideModel([a, b], undefined, undefined, false)?.note, undefined, 'said once per conversation');
    const gone = decideModel([a, b], 'lab/gone', undefined, false);
    assert.equal(gone?.choice, a);
    assert.match(gone?.note ?? '', /`lab\/gone` is not available now/);
    assert.equal(decideModel([], undefined, undefined, true), undefined);
  });

  it('/models lists every endpoint and model escaped, the default marked, and why one has none', () => {
    const states: EndpointState[] = [
      { endpoint: ep1, warnings: [], status: { state: 'ready', models: [a.model, model('lab', 'emb', ['embedding'])] } },
      { endpoint: ep2, warnings: [], status: { state: 'error', kind: 'auth', status: 401, message: 'bad [key](http://x)' } },
    ];
    const text = modelsMarkdown(states, 'lab/org/a');
    assert.match(text, /^\*\*Lab \\\*GPU\\\*\*\* `lab` · openai\n\n- `org\/a` · chat — \*\*default for chat\*\*\n- `emb` · embedding/);
    assert.match(text, /⚠ Discovery failed \(auth 401\): bad \\\[key\\\]\\\(http:\/\/x\\\)/);
    assert.equal(modelsMarkdown([], undefined), 'No endpoints are configured yet.');
  });
});

describe('extension: @maas contribution', () => {
  it('declares the sticky participant, its commands and the system prompt setting', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as {
      contributes: { chatParticipants: { id: string; name: string; isSticky: boolean; commands: { name: string; description: string }[] }[]; configuration: { properties: Record<string, { type: string; scope?: string }> } };
    };
    const [p] = pkg.contributes.chatParticipants;
    assert.equal(p.id, ME);
    assert.equal(p.name, 'maas');
    assert.equal(p.isSticky, true);
    assert.deepEqual(p.commands.map((c) => c.name), ['explain', 'refactor', 'model', 'models']);
    for (const c of p.commands) assert.ok(c.description.length > 10, c.name);
    assert.equal(pkg.contributes.configuration.properties['maas.chat.systemPrompt'].type, 'string');
  });
});
