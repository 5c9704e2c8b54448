/**
 * The whole-CLI part's reference: what a user's script streaming a chat answer with the official openai
 * SDK looks like (the SDK README's loop). Usage: node sdk-chat.js BASE_URL MODEL PROMPT (key in OPENAI_API_KEY).
 */
import { OpenAI } from 'openai';

async function main(): Promise<void> {
  const [baseURL, model, prompt] = process.argv.slice(2);
  const client = new OpenAI({ baseURL, maxRetries: 0 });
  const stream = await client.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: prompt }] });
  for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content || '');
  process.stdout.write('\n');
}

main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
