/** `maas complete`: a plain text completion of PROMPT, streamed. */
import type { ParsedArgs } from '../args';
import type { CompletionRequest } from '../../core/chat';
import type { CommandDef } from './command';
import { CONFIG, ENDPOINT, JSON_OUT, MAX_TOKENS, MODEL } from './options';
import { runStreamCommand } from './stream';

export function completionRequest(prompt: string, args: ParsedArgs): CompletionRequest {
  const maxTokens = args.number('max-tokens');
  return { model: args.required('model'), prompt, ...(maxTokens !== undefined ? { maxTokens } : {}) };
}

export const completeCommand: CommandDef = {
  name: 'complete',
  summary: 'stream a plain text completion of a prompt',
  options: [CONFIG, ENDPOINT, MODEL, MAX_TOKENS, JSON_OUT],
  positional: { name: 'PROMPT', arity: 'optional', description: 'the text to continue; `-` or absent reads stdin' },
  output: 'stream',
  run: (ctx, args) => runStreamCommand(ctx, args, (client, prompt, a, signal) => client.complete(completionRequest(prompt, a), signal)),
};
