import * as assert from 'node:assert/strict';
import { startHarness, collect, textOf, assertOrder, type Harness } from './helpers/gateway-client';

describe('core against the reference gateway: every platform', function () {
  this.timeout(20000);
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });

  const chatModels: Record<string, string> = {
    'local-vllm': 'meta-llama/Llama-3.1-8B-Instruct',
    'rafay-serverless': 'mistralai/Mistral-7B-Instruct-v0.2',
    'openshift-maas': 'publishers/llm/models/facebook/opt-125m',
    'lab-gpustack': 'qwen2.5-7b-instruct',
    'oicm-prod': '6b1f2c9e-chat',
    'intel-tiber': 'meta-llama/Llama-3.1-8B-Instruct',
  };

  for (const [id, model] of Object.entries(chatModels)) {
    it(`${id}: lists models and streams a chat answer`, async () => {
      const c = h.client(id);
      const models = await c.listModels();
      assert.ok(models.some((m) => m.id === model), `${model} in ${models.map((m) => m.id).join(', ')}`);
      const events = await collect(c.chat({ model, messages: [{ role: 'user', content: 'ping pong' }] }));
      assertOrder(events);
      const last = events[events.length - 1];
      assert.equal(last.type, 'done', JSON.stringify(events));
      assert.match(textOf(events), /ping pong/);
    });
  }
});
