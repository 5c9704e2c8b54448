/**
 * Everything `maas` writes. stdout carries only results; errors, warnings, hints and reasoning go to
 * stderr. Credential values from the environment are scrubbed from every message defensively (in every
 * form they are sent in), and text from servers or the config reaches the terminal without control
 * characters (no escape sequence, carriage return, bell or bidi override can act on the terminal).
 */
import type { CliIo } from './io';
import type { ModelInfo } from '../core/models';
import type { ErrorKind } from '../core/errors';
import { secretScrubber } from '../core/secret-forms';
import { displayText } from '../core/display-text';

/** One `maas models --json` entry; rows come in config order of endpoints, then by model id. */
export interface ModelRow {
  endpoint: string;
  id: string;
  label: string;
  tasks: string[];
  url?: string;
  contextLength?: number;
}

/** The wire form of an error (`--json`), with the endpoint when one is concerned. */
export interface ErrorDoc {
  type: 'error';
  kind: ErrorKind;
  status?: number;
  message: string;
  retryAfterMs?: number;
  endpoint?: string;
}

const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

/** The longest message line printed (a server's reason is already capped; this bounds the rest). */
const MESSAGE_MAX = 4000;

/**
 * JSON text whose every character is printable: JSON.stringify escapes C0 controls but leaves C1
 * controls (U+0080–U+009F, which a terminal may take for CSI and friends) and bidi overrides raw. They
 * are written as `\uXXXX` escapes: the same JSON value, nothing a terminal acts on.
 */
export function printableJson(json: string): string {
  return json.replace(/[\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export class Output {
  private readonly scrubber: (text: string) => string;

  constructor(private readonly io: CliIo, secrets: readonly string[]) {
    this.scrubber = secretScrubber(secrets, '***');
  }

  /** Replaces every credential value (raw, URL-encoded, base64…) with `***`. */
  scrub(text: string): string { return this.scrubber(text); }

  /** Text for a person: control characters removed (before scrubbing, so none can hide a secret), scrubbed, capped. */
  display(text: string, max = MESSAGE_MAX): string {
    return displayText(this.scrub(displayText(text, Infinity)), max);
  }

  /**
   * Result text on stdout (model output; not scrubbed, it is the user's content). On a terminal its
   * control characters are removed (a model can be talked into writing escape sequences); piped, it is
   * written as it came.
   */
  result(text: string): void { this.io.stdout.write(this.resultText(text)); }

  resultText(text: string): string { return this.io.stdout.isTTY ? displayText(text, Infinity) : text; }

  /** One JSON document or event per line on stdout; string values are scrubbed. */
  jsonLine(value: unknown): void { this.io.stdout.write(this.jsonText(value)); }

  /** The text of `jsonLine` (for output built up and written once). */
  jsonText(value: unknown): string { return printableJson(this.scrub(JSON.stringify(value))) + '\n'; }

  /** One JSON line on stderr (`maas models --json` error reports). */
  jsonErrorLine(value: ErrorDoc): void { this.io.stderr.write(printableJson(this.scrub(JSON.stringify(orderError(value)))) + '\n'); }

  warn(message: string): void { this.io.stderr.write(this.warnText(message)); }

  warnText(message: string): string { return this.display(`maas: warning: ${message}`) + '\n'; }

  /** `maas: <endpoint>: <message>` and an optional hint line (a message's own `endpoint "<id>": ` prefix is not repeated). */
  error(endpoint: string | undefined, message: string, hint?: string): void { this.io.stderr.write(this.errorText(endpoint, message, hint)); }

  errorText(endpoint: string | undefined, message: string, hint?: string): string {
    const own = endpoint ? `endpoint "${endpoint}": ` : '';
    const text = own && message.startsWith(own) ? message.slice(own.length) : message;
    return this.display(`maas: ${endpoint ? `${endpoint}: ` : ''}${text}`) + '\n' + (hint ? this.hintText(hint) : '');
  }

  hint(text: string): void { this.io.stderr.write(this.hintText(text)); }

  private hintText(text: string): string { return this.display(`maas: hint: ${text}`) + '\n'; }

  /** Free text on stderr (help after a usage error, debug lines). */
  note(text: string): void { this.io.stderr.write(this.display(text.endsWith('\n') ? text : text + '\n', Infinity)); }

  /** Reasoning ("thinking") text: stderr, dimmed on a colour terminal, never on stdout. */
  reasoning(text: string): void { this.io.stderr.write(this.reasoningText(text)); }

  reasoningText(text: string): string {
    const t = this.scrub(displayText(text, Infinity));
    return this.colour() ? `${DIM}${t}${RESET}` : t;
  }

  private colour(): boolean {
    return this.io.stderr.isTTY && this.io.env.NO_COLOR === undefined && this.io.env.TERM !== 'dumb';
  }
}

/** Keys in the documented order: type, kind, status?, message, retryAfterMs?, endpoint?. */
function orderError(e: ErrorDoc): ErrorDoc {
  return {
    type: 'error', kind: e.kind,
    ...(e.status !== undefined ? { status: e.status } : {}),
    message: e.message,
    ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}),
    ...(e.endpoint !== undefined ? { endpoint: e.endpoint } : {}),
  };
}

export function errorDoc(e: Omit<ErrorDoc, 'type'>): ErrorDoc {
  return orderError({ type: 'error', ...e });
}

export function modelRow(endpointId: string, m: ModelInfo): ModelRow {
  return {
    endpoint: endpointId, id: m.id, label: m.label, tasks: [...m.tasks],
    ...(m.url !== undefined ? { url: m.url } : {}),
    ...(m.contextLength !== undefined ? { contextLength: m.contextLength } : {}),
  };
}

/**
 * An aligned table: ENDPOINT, MODEL, TASKS, then CONTEXT, LABEL and URL only when some row has one
 * (LABEL only when some label differs from the id).
 */
export function formatModelsTable(rows: readonly ModelRow[]): string {
  const columns: { title: string; cell: (r: ModelRow) => string }[] = [
    { title: 'ENDPOINT', cell: (r) => r.endpoint },
    { title: 'MODEL', cell: (r) => r.id },
    { title: 'TASKS', cell: (r) => r.tasks.join(',') },
  ];
  if (rows.some((r) => r.contextLength !== undefined)) columns.push({ title: 'CONTEXT', cell: (r) => (r.contextLength === undefined ? '-' : String(r.contextLength)) });
  if (rows.some((r) => r.label !== r.id)) columns.push({ title: 'LABEL', cell: (r) => r.label });
  if (rows.some((r) => r.url !== undefined)) columns.push({ title: 'URL', cell: (r) => r.url ?? '-' });
  const cells = [columns.map((c) => c.title), ...rows.map((r) => columns.map((c) => oneLine(c.cell(r))))];
  // (cells are server text: oneLine removes every control character, so the columns stay aligned and inert)
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => [...row[i]].length)));
  return cells.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - [...cell].length))).join('  ').trimEnd()).join('\n') + '\n';
}

/** A table cell: one line, no control characters, at most 300 characters. */
function oneLine(s: string): string {
  return displayText(s.replace(/[\r\n\t]+/g, ' '), 300);
}
