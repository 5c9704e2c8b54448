/** `maas complete`: a plain text completion of PROMPT, streamed. */
import type { ParsedArgs } from '../args';
import type { CompletionRequest } from '../../core/chat';
import type { CommandDef } from './command';
import { CONFIG, ENDPOINT, JSON_OUT, MAX_TOKENS, MODEL } from './options';
import type { StartStream } from './stream';

export function completionRequest(prompt: string, args: ParsedArgs): CompletionRequest {
  const maxTokens = args.number('max-tokens');
  return { model: args.required('model'), prompt, ...(maxTokens !== undefined ? { maxTokens } : {}) };
}

const startCompletion: StartStream = (client, prompt, args, signal) => client.completeBatches(completionRequest(prompt, args), signal);

export const completeCommand: CommandDef = {
  name: 'complete',
  summary: 'stream a plain text completion of a prompt',
  options: [CONFIG, ENDPOINT, MODEL, MAX_TOKENS, JSON_OUT],
  positional: { name: 'PROMPT', arity: 'optional', description: 'the text to continue; `-` or absent reads stdin' },
  output: 'stream',
  run: async (ctx, args) => (await import('./stream.js')).runStreamCommand(ctx, args, startCompletion),
};
