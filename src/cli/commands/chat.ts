/** `maas chat`: one user turn (and an optional system prompt), streamed. */
import type { ParsedArgs } from '../args';
import type { ChatMessage, ChatRequest } from '../../core/chat';
import type { CommandDef } from './command';
import { CONFIG, ENDPOINT, JSON_OUT, MAX_TOKENS, MODEL, STOP, SYSTEM, TEMPERATURE, TOP_P } from './options';
import type { StartStream } from './stream';

export function chatRequest(prompt: string, args: ParsedArgs): ChatRequest {
  const system = args.string('system');
  const messages: ChatMessage[] = [...(system ? [{ role: 'system' as const, content: system }] : []), { role: 'user', content: prompt }];
  const maxTokens = args.number('max-tokens');
  const temperature = args.number('temperature');
  const topP = args.number('top-p');
  const stop = args.list('stop');
  return {
    model: args.required('model'), messages,
    ...(maxTokens !== undefined ? { maxTokens } : {}),
    ...(temperature !== undefined ? { temperature } : {}),
    ...(topP !== undefined ? { topP } : {}),
    ...(stop.length ? { stop } : {}),
  };
}

const startChat: StartStream = (client, prompt, args, signal) => client.chatBatches(chatRequest(prompt, args), signal);

export const chatCommand: CommandDef = {
  name: 'chat',
  summary: 'stream a chat answer from a model',
  options: [CONFIG, ENDPOINT, MODEL, SYSTEM, MAX_TOKENS, TEMPERATURE, TOP_P, STOP, JSON_OUT],
  positional: { name: 'PROMPT', arity: 'optional', description: 'the user message; `-` or absent reads stdin' },
  output: 'stream',
  // The streaming body (and core) load only when the command runs, never for `--help`.
  run: async (ctx, args) => (await import('./stream.js')).runStreamCommand(ctx, args, startChat),
};
