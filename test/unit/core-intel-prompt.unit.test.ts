/** Intel Tiber (docs/endpoints.md): chat messages rendered into a prompt by model family; never a BOS token. */
import * as assert from 'node:assert/strict';
import { renderPrompt, familyOf } from '../../src/core/platforms/intel-prompt';
import type { ChatMessage } from '../../src/core/chat';

const convo: ChatMessage[] = [
  { role: 'system', content: 'You are terse.' },
  { role: 'user', content: 'Hi' },
  { role: 'assistant', content: 'Hello.' },
  { role: 'user', content: 'What is 2+2?' },
];

const BOS = ['<s>', '<|begin_of_text|>', '<bos>'];

describe('core Intel prompt rendering', () => {
  it('family by model_name', () => {
    assert.equal(familyOf('meta-llama/Meta-Llama-3.1-8B-Instruct'), 'llama3');
    assert.equal(familyOf('llama3-70b'), 'llama3');
    assert.equal(familyOf('Llama-3.3-70B'), 'llama3');
    assert.equal(familyOf('mistralai/Mistral-7B-Instruct-v0.1'), 'mistral');
    assert.equal(familyOf('Qwen/Qwen2.5-Coder-32B-Instruct'), 'chatml');
    assert.equal(familyOf('tiiuae/falcon-7b-instruct'), 'plain');
    assert.equal(familyOf('meta-llama/Llama-2-7b-chat-hf'), 'plain');
  });

  it('llama3: header blocks per message, then the assistant header', () => {
    assert.equal(renderPrompt('meta-llama/Meta-Llama-3.1-8B-Instruct', convo),
      '<|start_header_id|>system<|end_header_id|>\n\nYou are terse.<|eot_id|>' +
      '<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>' +
      '<|start_header_id|>assistant<|end_header_id|>\n\nHello.<|eot_id|>' +
      '<|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|>' +
      '<|start_header_id|>assistant<|end_header_id|>\n\n');
  });

  it('mistral: [INST] turns, system folded into the first user turn, assistant turns closed with </s>', () => {
    const p = renderPrompt('mistralai/Mistral-7B-Instruct-v0.1', convo);
    assert.ok(p.startsWith('[INST] You are terse.'), p);
    assert.ok(/^\[INST\] You are terse\.\s+Hi \[\/INST\]Hello\.<\/s>\[INST\] What is 2\+2\? \[\/INST\]$/.test(p), JSON.stringify(p));
    assert.equal((p.match(/\[INST\]/g) ?? []).length, 2, 'the system text is not a turn of its own');
    assert.ok(!p.includes('system'), 'no role names');
  });

  it('mistral without a system message', () => {
    assert.equal(renderPrompt('Mistral-7B', [{ role: 'user', content: 'Q' }]), '[INST] Q [/INST]');
  });

  it('qwen (ChatML): im_start/im_end per message, then the assistant opener', () => {
    assert.equal(renderPrompt('Qwen/Qwen2.5-Coder-32B-Instruct', convo),
      '<|im_start|>system\nYou are terse.<|im_end|>\n' +
      '<|im_start|>user\nHi<|im_end|>\n' +
      '<|im_start|>assistant\nHello.<|im_end|>\n' +
      '<|im_start|>user\nWhat is 2+2?<|im_end|>\n' +
      '<|im_start|>assistant\n');
  });

  it('plain: System/User/Assistant paragraphs ending with "Assistant:"', () => {
    assert.equal(renderPrompt('tiiuae/falcon-7b-instruct', convo),
      'System: You are terse.\n\nUser: Hi\n\nAssistant: Hello.\n\nUser: What is 2+2?\n\nAssistant:');
  });

  it('never a BOS token, for any family', () => {
    for (const model of ['meta-llama/Meta-Llama-3.1-8B-Instruct', 'mistralai/Mistral-7B-Instruct-v0.1', 'Qwen/Qwen2.5-7B', 'falcon']) {
      const p = renderPrompt(model, convo);
      for (const bos of BOS) assert.ok(!p.includes(bos), `${model}: ${bos} in ${JSON.stringify(p)}`);
    }
  });
});
