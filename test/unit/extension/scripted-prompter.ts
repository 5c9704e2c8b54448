/** A Prompter that answers from a script and records every question (for the extension's flows). */
import * as assert from 'node:assert/strict';
import { BACK, Cancelled, type Back, type InputOptions, type PickOptions, type Prompter } from '../../../src/extension/commands/prompter';

export const CANCEL = Symbol('cancel');
export type Answer = string | Back | typeof CANCEL | { pick: unknown };

export interface Asked {
  key: string;
  kind: 'pick' | 'input';
  step?: number;
  totalSteps?: number;
  canGoBack: boolean;
  /** input: the prefilled value; pick: the active value. */
  shown?: unknown;
  password?: boolean;
  prompt?: string;
  placeholder?: string;
  items?: unknown[];
}

export class ScriptedPrompter implements Prompter {
  readonly asked: Asked[] = [];
  constructor(private readonly script: Answer[]) {}

  private next(key: string): Answer {
    assert.ok(this.script.length > 0, `the flow asked "${key}" but the script has no answer left`);
    return this.script.shift() as Answer;
  }

  async pick<T>(o: PickOptions<T>): Promise<T | Back> {
    this.asked.push({ key: o.key, kind: 'pick', step: o.step, totalSteps: o.totalSteps, canGoBack: o.canGoBack, shown: o.active, placeholder: o.placeholder, items: o.items.map((i) => i.value) });
    const a = this.next(o.key);
    if (a === CANCEL) throw new Cancelled();
    if (a === BACK) return BACK;
    assert.ok(typeof a === 'object' && a !== null && 'pick' in a, `step "${o.key}" is a pick; script gave ${JSON.stringify(a)}`);
    assert.ok(o.items.some((i) => i.value === a.pick), `step "${o.key}" offers no ${String(a.pick)}`);
    return a.pick as T;
  }

  async input(o: InputOptions): Promise<string | Back> {
    this.asked.push({ key: o.key, kind: 'input', step: o.step, totalSteps: o.totalSteps, canGoBack: o.canGoBack, shown: o.value, password: o.password, prompt: o.prompt, placeholder: o.placeholder });
    const a = this.next(o.key);
    if (a === CANCEL) throw new Cancelled();
    if (a === BACK) return BACK;
    assert.equal(typeof a, 'string', `step "${o.key}" is an input; script gave a pick`);
    const verdict = o.validate(a as string);
    assert.ok(verdict?.severity !== 'error', `step "${o.key}" refused ${JSON.stringify(a)}: ${verdict?.message}`);
    return a as string;
  }

  closed = 0;
  close(): void {
    this.closed++;
  }

  keys(): string[] {
    return this.asked.map((a) => a.key);
  }
}

export const pick = (value: unknown): Answer => ({ pick: value });
