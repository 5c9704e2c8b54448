/**
 * What `maas models` does (loaded when it runs): every endpoint's models (or one endpoint's), in config
 * order and by id. Endpoints are asked in parallel; each invalid or failed one is reported on stderr and
 * the others are still listed.
 */
import type { CommandContext } from '../context';
import type { ParsedArgs } from '../args';
import { problemsByEntry } from '../config-file';
import { errorDoc, formatModelsTable, modelRow, type ErrorDoc, type ModelRow } from '../output';
import { exitCodeForKind, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE } from '../exit-codes';
import { FORCED } from '../interruption';
import type { Endpoint } from '../../core/endpoint/schema';
import type { EndpointClientApi } from '../../core/endpoint-client';

type Outcome =
  | { kind: 'models'; rows: ModelRow[] }
  | { kind: 'failed'; doc: Omit<ErrorDoc, 'type'>; hint?: string };

/** Code-point order: the same on every machine and locale (`sort` with LC_ALL=C). */
function byId(a: ModelRow, b: ModelRow): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export async function runModels(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const config = await ctx.config(args.required('config'));
  const named = args.string('endpoint');
  if (named !== undefined) ctx.requireKnown(config, named);
  const creds = ctx.credentials(config, named);

  // Invalid entries: one report each; the valid ones are still listed.
  const invalid = problemsByEntry(config.problems).filter((p) => named === undefined || p.endpointId === named);
  for (const p of invalid) {
    if (ctx.json) ctx.out.jsonErrorLine(errorDoc({ kind: 'config', message: p.message, ...(p.endpointId ? { endpoint: p.endpointId } : {}) }));
    else ctx.out.error(p.endpointId, p.message);
  }
  if (config.entryCount === 0) ctx.out.warn(`the config file ${config.file} lists no endpoints`);

  const selected: Endpoint[] = config.endpoints.filter((e) => named === undefined || e.id === named);
  for (const e of selected) ctx.showWarnings(config, e.id);

  const stop = ctx.interruption();
  const clients: EndpointClientApi[] = [];
  try {
    // Each endpoint on its own: one that cannot even get a client (a caFile that cannot be used…) is
    // reported as its own error, and the others are still listed.
    const work = Promise.all(selected.map(async (endpoint): Promise<Outcome> => {
      try {
        const client = await ctx.client(endpoint, creds);
        clients.push(client);
        const models = await client.listModels(stop.signal);
        return { kind: 'models', rows: models.map((m) => modelRow(endpoint.id, m)).sort(byId) };
      } catch (e) {
        return { kind: 'failed', ...ctx.describeFailure(e, endpoint, creds) };
      }
    }));
    const settled = await stop.race(work);
    if (settled === FORCED || stop.interrupted()) return EXIT_INTERRUPTED;

    const rows: ModelRow[] = [];
    let failedCode = EXIT_OK;
    for (const outcome of settled) {
      if (outcome.kind === 'models') { rows.push(...outcome.rows); continue; }
      // A configuration problem found when the endpoint was used (a missing or malformed local credential,
      // a caFile that cannot be used) is 2, like an invalid entry; a failure of the gateway or network is 1.
      failedCode = Math.max(failedCode, exitCodeForKind(outcome.doc.kind));
      if (ctx.json) ctx.out.jsonErrorLine(errorDoc(outcome.doc));
      else ctx.out.error(outcome.doc.endpoint, outcome.doc.message, outcome.hint);
    }
    if (ctx.json) ctx.out.jsonLine(rows);
    else if (rows.length) ctx.out.result(formatModelsTable(rows));
    return invalid.length ? EXIT_USAGE : failedCode;
  } finally {
    stop.dispose();
    // Only once every request has settled: clients may share the process-wide connection pool.
    for (const client of clients) { try { client.dispose(); } catch { /* nothing to do */ } }
  }
}
