import * as assert from 'node:assert/strict';
import { startHarness, collect, textOf, assertOrder, CHAT_MODELS, type Harness } from './helpers/gateway-client';

describe('core against the reference gateway: every platform', function () {
  this.timeout(20000);
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });

  const chatModels = CHAT_MODELS;

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
