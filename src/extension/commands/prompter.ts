/**
 * The two kinds of question a multi-step flow asks. The VS Code implementation is multi-step-input.ts;
 * unit tests script the answers, so the flows themselves stay free of 'vscode'.
 */
import type { Validation } from '../config/platform-guide';

/** Returned when the user pressed the Back button. */
export const BACK: unique symbol = Symbol('back');
export type Back = typeof BACK;

/** Thrown when the user pressed Escape or the input lost focus: the flow stops and writes nothing. */
export class Cancelled extends Error {
  constructor() { super('cancelled'); this.name = 'Cancelled'; }
}

export interface StepInfo {
  /** The step's key (which question this is); lets tests and logs tell the steps apart. */
  key: string;
  title: string;
  step?: number;
  /** Unknown (undefined) until earlier answers decide which steps follow; never shown for a one-step flow. */
  totalSteps?: number;
  /** Shows the Back button. */
  canGoBack: boolean;
  /** Text typed into this step's box but not confirmed (Back, or Escape then "Keep editing"); shown instead of `value`. */
  draft?: string;
  /** Keeps the box's unconfirmed text for the next time this step is shown. */
  saveDraft?(text: string): void;
}

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

export interface PickOptions<T> extends StepInfo {
  placeholder: string;
  items: PickItem<T>[];
  /** The item to highlight first (the previous answer when a step is revisited). */
  active?: T;
  /** The flow's step total if the highlighted item were chosen (the first step, before the total is known). */
  totalFor?(value: T): number | undefined;
}

export interface InputOptions extends StepInfo {
  prompt: string;
  placeholder?: string;
  /** Prefilled text (the previous answer when a step is revisited). */
  value?: string;
  password?: boolean;
  validate(value: string): Validation | undefined;
}

export interface Prompter {
  pick<T>(options: PickOptions<T>): Promise<T | Back>;
  /** Resolves with the text, or with a validation's `replacement` when it offers one (Enter takes it). */
  input(options: InputOptions): Promise<string | Back>;
  /** After Escape: true to throw the answers away, false to keep editing. Without it, Escape discards. */
  confirmDiscard?(question: DiscardQuestion): Promise<boolean>;
  /** Closes whatever is still shown (the last answered step stays up until the flow is done). */
  close(): void;
}

/** One question of a flow over state `S`. `run` stores its answer in the state or returns BACK. */
export interface Step<S> {
  key: string;
  run(state: S, prompter: Prompter, info: StepInfo): Promise<void | Back>;
}

export interface DiscardQuestion {
  /** e.g. "Discard the new endpoint?" */
  message: string;
  /** e.g. "Your answers are lost." */
  detail: string;
}

export interface RunOptions<S> {
  /**
   * The step total to show, or undefined while unknown. It must not change once shown: a flow whose later
   * choices change the number of steps counts the longest case. Default: the plan's length. A total of 1
   * shows no counter.
   */
  total?(state: S): number | undefined;
  /** Escape after this many answered steps asks before throwing the answers away. */
  confirmDiscard?: DiscardQuestion & { afterAnswers: number };
  /** The key of the step to start at (earlier answers already in the state), e.g. back to the key after a failed check. */
  startAt?: string;
}

/**
 * Runs the steps `plan(state)` names, re-planning after every answer (an earlier answer, such as the
 * platform, decides which later steps exist). Back goes one step back and keeps every answer, and the
 * text typed but not confirmed in the step it leaves, so a revisited step starts from what was typed.
 * Resolves false when the user cancelled.
 */
export async function runSteps<S>(
  state: S, plan: (state: S) => Step<S>[], prompter: Prompter, title: (state: S) => string, options: RunOptions<S> = {},
): Promise<boolean> {
  const drafts = new Map<string, string>();
  let index = options.startAt ? Math.max(0, plan(state).findIndex((s) => s.key === options.startAt)) : 0;
  try {
    for (;;) {
      const steps = plan(state);
      if (index >= steps.length) return true;
      const step = steps[index];
      const total = options.total ? options.total(state) : steps.length;
      const counts = total !== undefined && total > 1 ? { step: index + 1, totalSteps: total } : {};
      const info: StepInfo = {
        key: step.key, title: title(state), ...counts, canGoBack: index > 0,
        ...(drafts.has(step.key) ? { draft: drafts.get(step.key) } : {}),
        saveDraft: (text) => drafts.set(step.key, text),
      };
      let result: void | Back;
      try {
        result = await step.run(state, prompter, info);
      } catch (e) {
        const ask = options.confirmDiscard;
        if (!(e instanceof Cancelled) || !ask || index < ask.afterAnswers) throw e;
        if (!prompter.confirmDiscard || await prompter.confirmDiscard(ask)) throw e;
        continue; // keep editing: the same step again, with what was typed in it
      }
      if (result === BACK) index = Math.max(0, index - 1);
      else {
        drafts.delete(step.key);
        index++;
      }
    }
  } catch (e) {
    if (e instanceof Cancelled) return false;
    throw e;
  } finally {
    prompter.close();
  }
}
