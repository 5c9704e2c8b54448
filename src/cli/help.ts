/** `maas --help` and `maas <command> --help`, generated from the command table. */
import type { OptionSpec } from './args';
import type { CommandDef } from './commands/command';

function optionUsage(o: OptionSpec): string {
  const text = o.kind === 'flag' ? `--${o.name}` : `--${o.name} ${o.value ?? 'VALUE'}`;
  const shown = o.kind === 'list' ? `${text}...` : text;
  return o.required ? shown : `[${shown}]`;
}

export function usageLine(c: CommandDef): string {
  const pos = c.positional;
  const positional = !pos ? '' : pos.arity === 'optional' ? ` [${pos.name}]` : pos.arity === 'many' ? ` ${pos.name}...` : ` ${pos.name}`;
  return `maas ${c.name} ${c.options.map(optionUsage).join(' ')}${positional}`;
}

const STREAM_JSON = [
  'With --json stdout holds one event per line, ending with exactly one done or error:',
  '  {"type":"text","text"} {"type":"reasoning","text"} {"type":"tool_call",…}',
  '  {"type":"usage","inputTokens"?,"outputTokens"?}',
  '  {"type":"done","finishReason":"stop|length|tool_calls|content_filter|cancelled|unknown"}',
  '  {"type":"error","kind","status"?,"message","retryAfterMs"?}',
  'Without --json the answer is streamed to stdout and ends with a newline; reasoning ("thinking") text',
  'goes to stderr, dimmed on a colour terminal, so stdout holds only the answer. Text printed before an',
  'error stays printed. Ctrl-C cancels the request (exit 130; with --json a cancelled done event).',
];

export function commandHelp(c: CommandDef): string {
  const width = Math.max(...c.options.map((o) => optionUsage(o).replace(/^\[|\]$/g, '').length), c.positional?.name.length ?? 0);
  const lines = [
    `maas ${c.name} — ${c.summary}`,
    '',
    `Usage: ${usageLine(c)}`,
    '',
    'Options:',
    ...c.options.map((o) => `  ${optionUsage(o).replace(/^\[|\]$/g, '').padEnd(width)}  ${o.description}${o.required ? ' (required)' : ''}`),
    `  ${'-h, --help'.padEnd(width)}  show this help`,
  ];
  if (c.positional) lines.push('', 'Arguments:', `  ${c.positional.name.padEnd(width)}  ${c.positional.description}`);
  const details = c.details ?? (c.output === 'stream' ? STREAM_JSON : []);
  if (details.length) lines.push('', ...details);
  lines.push('', 'Credentials come from the environment: run `maas --help` for the variables and exit codes.');
  return lines.join('\n') + '\n';
}

export function mainHelp(commands: readonly CommandDef[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `maas ${version} — Model-as-a-Service gateways from the terminal (MaaS Connect)`,
    '',
    'Usage: maas <command> --config FILE [options] [arguments]',
    '       maas <command> --help | maas --help | maas --version',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'The config file is { "endpoints": [ … ] } with the same entries as the maas.endpoints setting.',
    '',
    'Credentials (environment; <E>/<M> are the endpoint/model ids upper-cased, other characters → _):',
    '  MAAS_TOKEN_<E>_<M>                         an OICM model\'s own token (wins over the endpoint key)',
    '  MAAS_API_KEY_<E>                           API key (auth bearer or header)',
    '  MAAS_CLIENT_ID_<E>, MAAS_CLIENT_SECRET_<E> OAuth2 client credentials (auth oauth2, e.g. Intel Tiber)',
    '  MAAS_API_KEY, MAAS_CLIENT_ID, MAAS_CLIENT_SECRET',
    '        used only when the config holds one endpoint or --endpoint names it',
    'Other environment: HTTPS_PROXY / NO_PROXY; MAAS_DEBUG=1 for debug logs on stderr; NO_COLOR.',
    '',
    'Output: stdout carries only results. Errors ("maas: <endpoint>: <message>" and a hint), warnings,',
    'and a model\'s reasoning ("thinking") text, dimmed on a colour terminal, go to stderr; hide them with',
    '2>/dev/null. --json makes stdout machine-readable (see each command\'s --help);',
    'an error that ends the command is then a JSON {"type":"error",…} document on stdout, except usage',
    'errors (bad flags), which are always text on stderr.',
    '',
    'Exit status: 0 success; 1 the gateway or network failed (a rejected credential included);',
    '2 usage or configuration error, a missing credential included; 130 interrupted (Ctrl-C).',
  ].join('\n') + '\n';
}
