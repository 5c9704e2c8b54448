import * as assert from 'node:assert/strict';
import { tasksFromModelId } from '../../src/core/tasks';

describe('core: tasks inferred from a model id (openai, rafay)', () => {
  const cases: [string, string[]][] = [
    ['BAAI/bge-small-en-v1.5', ['embedding']],
    ['bge-reranker-v2-m3', ['rerank']],
    ['BAAI/BGE-Reranker-Large', ['rerank']],
    ['jina-reranker-v2-base-multilingual', ['rerank']],
    ['nomic-embed-text', ['embedding']],
    ['text-embedding-3-small', ['embedding']],
    ['intfloat/multilingual-e5-large', ['embedding']],
    ['intfloat/e5-mistral-7b-instruct', ['embedding']],
    ['thenlper/GTE-large', ['embedding']],
    ['Alibaba-NLP/gte-Qwen2-1.5B-instruct', ['embedding']],
    ['meta-llama/Llama-3.1-8B-Instruct', ['chat', 'completion']],
    ['Qwen/Qwen2.5-7B-Instruct', ['chat', 'completion']],
    ['mistralai/Mistral-7B-Instruct-v0.2', ['chat', 'completion']],
    ['deepseek-r1-distill', ['chat', 'completion']],
  ];
  for (const [id, tasks] of cases) it(`${id} → ${tasks.join(', ')}`, () => assert.deepEqual(tasksFromModelId(id), tasks));
});
