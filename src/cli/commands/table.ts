/**
 * Every `maas` command. A new command (rerank, classify, embed, transcribe, speak, translate, image,
 * predict) is one entry here: a CommandDef with its options, positional argument and run function.
 */
import type { CommandDef } from './command';
import { modelsCommand } from './models';
import { chatCommand } from './chat';
import { completeCommand } from './complete';

export const COMMANDS: readonly CommandDef[] = [modelsCommand, chatCommand, completeCommand];

export function findCommand(name: string): CommandDef | undefined {
  return COMMANDS.find((c) => c.name === name);
}
