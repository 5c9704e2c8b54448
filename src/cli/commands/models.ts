/** `maas models`: its options and help; what it does is loaded only when it runs (models-run.ts). */
import type { CommandDef } from './command';
import { CONFIG, ENDPOINT_FILTER, JSON_OUT } from './options';

export const modelsCommand: CommandDef = {
  name: 'models',
  summary: "list every endpoint's models (or one endpoint's)",
  options: [CONFIG, ENDPOINT_FILTER, JSON_OUT],
  output: 'models',
  details: [
    'Lists the models of every endpoint that answered, as a table on stdout. Each invalid or failed',
    'endpoint is reported on stderr (with --json: one JSON error line each, naming the endpoint), and the',
    'others are still listed. OICM endpoints are listed from their configured models without a request.',
    '',
    'With --json stdout holds one document:',
    '  [{"endpoint","id","label","tasks":[…],"url"?,"contextLength"?}]  (endpoints in config order, models by id)',
    '',
    'A config file that cannot be read is one JSON error document on stdout instead.',
    '',
    'Exit status: 2 if an entry is invalid or an endpoint has a configuration problem (a missing or',
    'malformed credential, an unusable tls.caFile), else 1 if an endpoint failed, else 0.',
  ],
  run: async (ctx, args) => (await import('./models-run.js')).runModels(ctx, args),
};
