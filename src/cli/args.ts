/**
 * Table-driven argument parsing: each command declares its options and positional argument
 * (commands/table.ts); this module turns argv into typed values or a UsageError.
 */

export type OptionKind = 'string' | 'int' | 'number' | 'flag' | 'list';

export interface OptionSpec {
  /** Long name without dashes, e.g. `max-tokens`. */
  name: string;
  kind: OptionKind;
  /** Placeholder shown in usage, e.g. `N`, `FILE`. */
  value?: string;
  required?: boolean;
  /** Inclusive bounds for `int` and `number`. */
  min?: number;
  max?: number;
  description: string;
}

export interface PositionalSpec {
  /** e.g. `PROMPT`, `DOC`. */
  name: string;
  /** `optional`: zero or one; `one`: exactly one; `many`: one or more. */
  arity: 'optional' | 'one' | 'many';
  description: string;
}

export type OptionValue = string | number | boolean | string[];

export class UsageError extends Error {
  constructor(message: string, readonly command?: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Parsed command line: typed accessors over the option values and the positional arguments. */
export class ParsedArgs {
  constructor(readonly values: ReadonlyMap<string, OptionValue>, readonly positionals: readonly string[]) {}
  has(name: string): boolean { return this.values.has(name); }
  string(name: string): string | undefined {
    const v = this.values.get(name);
    return typeof v === 'string' ? v : undefined;
  }
  number(name: string): number | undefined {
    const v = this.values.get(name);
    return typeof v === 'number' ? v : undefined;
  }
  flag(name: string): boolean { return this.values.get(name) === true; }
  list(name: string): string[] {
    const v = this.values.get(name);
    return Array.isArray(v) ? [...v] : [];
  }
  /** For options the parser already checked as required. */
  required(name: string): string {
    const v = this.string(name);
    if (v === undefined) throw new UsageError(`--${name} is required`);
    return v;
  }
}

export interface ParseSpec {
  command: string;
  options: readonly OptionSpec[];
  positional?: PositionalSpec;
}

export type ParseOutcome =
  | { kind: 'args'; args: ParsedArgs }
  | { kind: 'help' };

function convert(spec: OptionSpec, raw: string, command: string): OptionValue {
  const flag = `--${spec.name}`;
  if (spec.kind === 'string' || spec.kind === 'list') {
    if (spec.kind === 'string' && raw.trim() === '') throw new UsageError(`${flag} needs a non-empty value`, command);
    return raw;
  }
  const text = raw.trim();
  const n = text === '' ? NaN : Number(text);
  if (spec.kind === 'int' && !(Number.isInteger(n) && /^[+-]?\d+$/.test(text))) {
    throw new UsageError(`${flag} ${JSON.stringify(raw)} is not a whole number${describeBounds(spec)}`, command);
  }
  if (!Number.isFinite(n)) throw new UsageError(`${flag} ${JSON.stringify(raw)} is not a number${describeBounds(spec)}`, command);
  if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
    throw new UsageError(`${flag} ${raw} is out of range: it must be${describeBounds(spec)}`, command);
  }
  return n;
}

function describeBounds(spec: OptionSpec): string {
  if (spec.min !== undefined && spec.max !== undefined) return ` between ${spec.min} and ${spec.max}`;
  if (spec.min !== undefined) return ` ≥ ${spec.min}`;
  if (spec.max !== undefined) return ` ≤ ${spec.max}`;
  return '';
}

/** Closest option name, for "did you mean" in unknown-flag messages. */
function suggest(name: string, options: readonly OptionSpec[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const o of options) {
    const d = editDistance(name, o.name);
    if (d <= 2 && (!best || d < best.d)) best = { name: o.name, d };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/**
 * Parses one command's arguments (argv after the command name). Accepts `--name value`, `--name=value`,
 * `-h`/`--help`, `--` to end options, and `-` as a positional (read stdin).
 */
export function parseArgs(argv: readonly string[], spec: ParseSpec): ParseOutcome {
  const { command } = spec;
  const byName = new Map(spec.options.map((o) => [o.name, o]));
  const values = new Map<string, OptionValue>();
  const positionals: string[] = [];
  let optionsEnded = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (optionsEnded || arg === '-' || !arg.startsWith('-')) { positionals.push(arg); continue; }
    if (arg === '--') { optionsEnded = true; continue; }
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (!arg.startsWith('--')) {
      throw new UsageError(`unknown option ${arg}: ${command} has only long options (--name); use -- before a ${spec.positional?.name ?? 'value'} that starts with -`, command);
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const opt = byName.get(name);
    if (!opt) {
      const near = suggest(name, spec.options);
      throw new UsageError(`unknown option --${name} for "maas ${command}"${near ? ` (did you mean --${near}?)` : ''}`, command);
    }
    let raw: string | undefined;
    if (opt.kind === 'flag') {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`, command);
    } else if (eq !== -1) {
      raw = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && byName.has(next.slice(2).split('=')[0]))) {
        throw new UsageError(`--${name} needs a value${opt.value ? ` (${opt.value})` : ''}`, command);
      }
      raw = next;
      i++;
    }
    if (opt.kind === 'flag') { values.set(name, true); continue; }
    const value = convert(opt, raw ?? '', command);
    if (opt.kind === 'list') {
      const prev = values.get(name);
      values.set(name, [...(Array.isArray(prev) ? prev : []), String(value)]);
    } else {
      if (values.has(name)) throw new UsageError(`--${name} is given more than once`, command);
      values.set(name, value);
    }
  }

  for (const o of spec.options) {
    if (o.required && !values.has(o.name)) throw new UsageError(`--${o.name} ${o.value ?? 'VALUE'} is required`, command);
  }

  const p = spec.positional;
  if (!p && positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}: "maas ${command}" takes no ${positionals[0].startsWith('-') ? 'such option' : 'arguments'}`, command);
  if (p?.arity === 'one' && positionals.length === 0) throw new UsageError(`${p.name} is required`, command);
  if (p?.arity === 'many' && positionals.length === 0) throw new UsageError(`at least one ${p.name} is required`, command);
  if (p && p.arity !== 'many' && positionals.length > 1) {
    throw new UsageError(`"maas ${command}" takes one ${p.name} but got ${positionals.length} arguments; quote a ${p.name} that contains spaces`, command);
  }
  return { kind: 'args', args: new ParsedArgs(values, positionals) };
}
