/** `maas <command> …`: dispatch through the command table; returns the exit code. */
import type { CliIo } from './io';
import { parseArgs, UsageError } from './args';
import type { CliDeps } from './context';
import { CommandExit } from './command-exit';
import { Output } from './output';
import { credentialValues } from './env-credentials';
import { COMMANDS, findCommand } from './commands/table';
import { commandHelp, mainHelp, usageLine } from './help';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes';

export async function run(argv: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const out = new Output(io, credentialValues(io.env));
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr.write(mainHelp(COMMANDS, deps.version()));
    return EXIT_USAGE;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    const target = rest[0] !== undefined ? findCommand(rest[0]) : undefined;
    io.stdout.write(target ? commandHelp(target) : mainHelp(COMMANDS, deps.version()));
    return EXIT_OK;
  }
  if (first === '--version' || first === '-V' || first === 'version') {
    io.stdout.write(`${deps.version()}\n`);
    return EXIT_OK;
  }
  const command = findCommand(first);
  if (!command) {
    const what = first.startsWith('-') ? `unknown option ${first}` : `unknown command "${first}"`;
    out.error(undefined, `${what}; commands: ${COMMANDS.map((c) => c.name).join(', ')}`, 'run `maas --help` for usage');
    return EXIT_USAGE;
  }

  try {
    const parsed = parseArgs(rest, { command: command.name, options: command.options, ...(command.positional ? { positional: command.positional } : {}) });
    if (parsed.kind === 'help') {
      io.stdout.write(commandHelp(command));
      return EXIT_OK;
    }
    // The context brings the config parsing and core with it: loaded only for a command that runs.
    const { CommandContext } = await import('./context.js');
    return await command.run(new CommandContext(io, deps, command.name, parsed.args.flag('json')), parsed.args);
  } catch (e) {
    if (e instanceof CommandExit) return e.code;
    if (e instanceof UsageError) {
      out.error(undefined, e.message);
      out.note(`usage: ${usageLine(command)}\nrun \`maas ${command.name} --help\` for details`);
      return EXIT_USAGE;
    }
    out.error(command.name, `internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    return EXIT_FAILURE;
  }
}
