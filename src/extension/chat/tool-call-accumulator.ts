/**
 * Streamed tool-call deltas (core's `tool_call` events: the id and name once, the arguments in pieces)
 * → whole calls with their arguments parsed, in index order. Pure; one instance per answer.
 */
import { randomBytes } from 'node:crypto';
import type { ToolCallEvent } from '../../core/stream/events';

export interface AssembledToolCall { callId: string; name: string; input: object }

interface Pending { id?: string; name?: string; args: string }

const SHOWN_ARGUMENTS = 200;

export class ToolCallAccumulator {
  private readonly calls = new Map<number, Pending>();

  get size(): number { return this.calls.size; }

  add(e: ToolCallEvent): void {
    const c = this.calls.get(e.index);
    if (!c) { this.calls.set(e.index, { ...(e.id ? { id: e.id } : {}), ...(e.name ? { name: e.name } : {}), args: e.argumentsDelta }); return; }
    if (e.id && !c.id) c.id = e.id;
    if (e.name && !c.name) c.name = e.name;
    c.args += e.argumentsDelta;
  }

  /** Every call, by index. Throws an Error naming the tool when one has no name or its arguments are not a JSON object. */
  finish(): AssembledToolCall[] {
    const calls = [...this.calls].sort((a, b) => a[0] - b[0]);
    this.calls.clear();
    const out: AssembledToolCall[] = [];
    for (const [index, c] of calls) {
      if (!c.name) throw new Error(`The model called a tool without naming it (call ${index + 1}); ask again or pick another model.`);
      out.push({ callId: c.id ?? `call_${randomBytes(8).toString('hex')}`, name: c.name, input: parseArguments(c.name, c.args) });
    }
    return out;
  }
}

function parseArguments(name: string, raw: string): object {
  if (!raw.trim()) return {};
  let value: unknown;
  try { value = JSON.parse(raw); } catch (e) {
    const shown = raw.length > SHOWN_ARGUMENTS ? `${raw.slice(0, SHOWN_ARGUMENTS)}…` : raw;
    throw new Error(`The model called tool "${name}" with arguments that are not valid JSON (${e instanceof Error ? e.message : String(e)}): ${shown}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`The model called tool "${name}" with arguments that are not a JSON object: ${raw.slice(0, SHOWN_ARGUMENTS)}`);
  }
  return value;
}
