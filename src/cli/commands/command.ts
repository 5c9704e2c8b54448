/** The shape of one `maas` command: its options, its positional argument, and what it does. */
import type { OptionSpec, ParsedArgs, PositionalSpec } from '../args';
import type { CommandContext } from '../context';

export interface CommandDef {
  name: string;
  /** One line for `maas --help`. */
  summary: string;
  options: readonly OptionSpec[];
  positional?: PositionalSpec;
  /** What `--json` prints: events one per line (`stream`), one document (`document`), or the models list. */
  output: 'stream' | 'document' | 'models';
  /** Extra paragraphs for `maas <command> --help`. */
  details?: readonly string[];
  /** Returns the exit code. */
  run(ctx: CommandContext, args: ParsedArgs): Promise<number>;
}
