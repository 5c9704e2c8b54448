/**
 * Every `maas` command: a CommandDef with its options, positional argument and run function each (the
 * task commands are defined in tasks.ts).
 */
import type { CommandDef } from './command';
import { modelsCommand } from './models';
import { chatCommand } from './chat';
import { completeCommand } from './complete';
import { TASK_COMMANDS } from './tasks';

export const COMMANDS: readonly CommandDef[] = [modelsCommand, chatCommand, completeCommand, ...TASK_COMMANDS];

export function findCommand(name: string): CommandDef | undefined {
  return COMMANDS.find((c) => c.name === name);
}
