/** A Prompter that answers from a script and records every question (for the extension's flows). */
import * as assert from 'node:assert/strict';
import { BACK, Cancelled, type Back, type DiscardQuestion, type InputOptions, type PickOptions, type Prompter } from '../../../src/extension/commands/prompter';

/** Escape (with `{ escape: text }`, Escape with text typed but not confirmed). */
export const CANCEL = Symbol('cancel');
/** Answers to "Discard …?" after an Escape. */
export const DISCARD = Symbol('discard');
export const KEEP_EDITING = Symbol('keep editing');
/** `{ back: text }`: text typed but not confirmed, then the Back button. */
export type Answer = string | Back | typeof CANCEL | typeof DISCARD | typeof KEEP_EDITING | { pick: unknown } | { back: string } | { escape: string };

export interface Asked {
  key: string;
  kind: 'pick' | 'input';
  step?: number;
  totalSteps?: number;
  canGoBack: boolean;
  /** input: the prefilled value (a draft wins over the last answer); pick: the active value. */
  shown?: unknown;
  /** pick: the step total each item would give (before the total is known). */
  totals?: (number | undefined)[];
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
    this.asked.push({
      key: o.key, kind: 'pick', step: o.step, totalSteps: o.totalSteps, canGoBack: o.canGoBack, shown: o.active, placeholder: o.placeholder,
      items: o.items.map((i) => i.value), ...(o.totalFor ? { totals: o.items.map((i) => o.totalFor!(i.value)) } : {}),
    });
    const a = this.next(o.key);
    if (a === CANCEL) throw new Cancelled();
    if (a === BACK) return BACK;
    assert.ok(typeof a === 'object' && a !== null && 'pick' in a, `step "${o.key}" is a pick; script gave ${JSON.stringify(a)}`);
    assert.ok(o.items.some((i) => i.value === a.pick), `step "${o.key}" offers no ${String(a.pick)}`);
    return a.pick as T;
  }

  async input(o: InputOptions): Promise<string | Back> {
    this.asked.push({ key: o.key, kind: 'input', step: o.step, totalSteps: o.totalSteps, canGoBack: o.canGoBack, shown: o.draft ?? o.value, password: o.password, prompt: o.prompt, placeholder: o.placeholder });
    const a = this.next(o.key);
    if (a === CANCEL) throw new Cancelled();
    if (a === BACK) return BACK;
    if (typeof a === 'object' && 'back' in a) { o.saveDraft?.(a.back); return BACK; }
    if (typeof a === 'object' && 'escape' in a) { o.saveDraft?.(a.escape); throw new Cancelled(); }
    assert.equal(typeof a, 'string', `step "${o.key}" is an input; script gave ${JSON.stringify(a)}`);
    const verdict = o.validate(a as string);
    assert.ok(verdict?.severity !== 'error', `step "${o.key}" refused ${JSON.stringify(a)}: ${verdict?.message}`);
    // Enter on a warning that offers a replacement takes the replacement, as the real input box does.
    return verdict?.replacement ?? (a as string);
  }

  readonly discardQuestions: DiscardQuestion[] = [];
  async confirmDiscard(q: DiscardQuestion): Promise<boolean> {
    this.discardQuestions.push(q);
    const a = this.next('confirmDiscard');
    assert.ok(a === DISCARD || a === KEEP_EDITING, `the flow asked to discard; script gave ${JSON.stringify(a)}`);
    return a === DISCARD;
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
