/** Core's Logger for the CLI: warnings and errors on stderr (each once); info, debug and trace only with MAAS_DEBUG=1. */
import type { Logger } from '../core/log';
import type { Output } from './output';

export function stderrLogger(out: Output, debug: boolean): Logger {
  const seen = new Set<string>();
  const once = (message: string, emit: (m: string) => void) => {
    if (seen.has(message)) return;
    seen.add(message);
    emit(message);
  };
  const dbg = (level: string) => (message: string) => { if (debug) out.note(`maas: ${level}: ${message}`); };
  return {
    trace: dbg('trace'),
    debug: dbg('debug'),
    info: dbg('info'),
    warn: (m) => once(m, (x) => out.warn(x)),
    error: (m) => once(m, (x) => out.note(`maas: error: ${x}`)),
  };
}

export function debugEnabled(env: Readonly<Record<string, string | undefined>>): boolean {
  const v = env.MAAS_DEBUG;
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}
