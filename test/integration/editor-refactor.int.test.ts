// The editor's refactor prompt through core against the reference gateway, on every platform (OpenAI
// shapes, Anthropic messages, Intel's prompt templates), and the code the command would take from it.
import * as assert from 'node:assert/strict';
import { startHarness, collect, textOf, assertOrder, CHAT_MODELS, type Harness } from './helpers/gateway-client';
import { refactorMessages } from '../../src/extension/editor/prompts';
import { extractCode } from '../../src/extension/editor/extract-code';
import { fitProposal } from '../../src/extension/editor/fit-proposal';

const SELECTION = { fileName: 'calc.py', languageId: 'python', code: '    total = 0\n    for x in xs:\n        total += x\n' };
const EXPECTED = '    # refactored: use sum()\n    total = 0\n    for x in xs:\n        total += x\n';

describe('editor refactor prompt against the reference gateway', function () {
  this.timeout(20000);
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });

  const cases: [string, string, Record<string, unknown>?][] = [
    ...Object.entries(CHAT_MODELS).map(([id, model]): [string, string] => [id, model]),
    ['lab-gpustack', 'qwen2.5-7b-instruct', { chatApi: 'anthropic' }],
    ['local-vllm', 'deepseek-r1-distill'],
    ['local-vllm', 'Qwen/Qwen3-8B'],
    ['intel-tiber', 'mistralai/Mistral-7B-Instruct-v0.3'],
    ['intel-tiber', 'Qwen/Qwen2.5-7B-Instruct'],
  ];
  for (const [id, model, overrides] of cases) {
    it(`${id}${overrides ? ' (anthropic)' : ''} ${model}: a fenced proposal between chatter, fitted back to the selection`, async () => {
      const events = await collect(h.client(id, overrides).chat({ model, messages: refactorMessages(SELECTION, 'use sum()') }));
      assertOrder(events);
      assert.equal(events[events.length - 1].type, 'done', JSON.stringify(events.slice(-2)));
      const text = textOf(events);
      assert.match(text, /^Sure! Here is the refactored code:\n\n```python\n/);
      assert.match(text, /\n```\n\nThis keeps the behaviour the same and applies the instruction\.$/);
      const code = extractCode(text, 'python');
      assert.ok(code?.fenced);
      assert.equal(fitProposal(code.code, { before: '', original: SELECTION.code, eol: '\n' }), EXPECTED);
    });
  }
});
