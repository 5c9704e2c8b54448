/** PROMPT: the positional argument, or stdin when it is `-` or absent. */
import type { CommandContext } from '../context';
import { UsageError } from '../args';

export async function readPrompt(ctx: CommandContext, positional: string | undefined, name = 'PROMPT'): Promise<string> {
  if (positional !== undefined && positional !== '-') {
    if (positional.trim() === '') throw new UsageError(`${name} is empty`, ctx.command);
    return positional;
  }
  if (ctx.io.stdinIsTTY) ctx.out.note(`maas: reading ${name} from stdin; end it with Ctrl-D`);
  const text = (await ctx.io.readStdin()).replace(/\r?\n$/, '');
  if (text.trim() === '') throw new UsageError(`${name} is empty: give it as an argument or on stdin`, ctx.command);
  return text;
}
