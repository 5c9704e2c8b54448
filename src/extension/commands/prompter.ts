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
  /** Unknown (undefined) until earlier answers decide which steps follow. */
  totalSteps?: number;
  /** Shows the Back button. */
  canGoBack: boolean;
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
  input(options: InputOptions): Promise<string | Back>;
  /** Closes whatever is still shown (the last answered step stays up until the flow is done). */
  close(): void;
}

/** One question of a flow over state `S`. `run` stores its answer in the state or returns BACK. */
export interface Step<S> {
  key: string;
  run(state: S, prompter: Prompter, info: StepInfo): Promise<void | Back>;
}

/**
 * Runs the steps `plan(state)` names, re-planning after every answer (an earlier answer, such as the
 * platform, decides which later steps exist). Back goes one step back and keeps every answer, so a
 * revisited step starts from what was typed. Resolves false when the user cancelled.
 */
export async function runSteps<S>(
  state: S, plan: (state: S) => Step<S>[], prompter: Prompter, title: (state: S) => string,
  totalKnown: (state: S) => boolean = () => true,
): Promise<boolean> {
  let index = 0;
  try {
    for (;;) {
      const steps = plan(state);
      if (index >= steps.length) return true;
      const step = steps[index];
      const counts = totalKnown(state) ? { step: index + 1, totalSteps: steps.length } : {};
      const result = await step.run(state, prompter, { key: step.key, title: title(state), ...counts, canGoBack: index > 0 });
      index = result === BACK ? Math.max(0, index - 1) : index + 1;
    }
  } catch (e) {
    if (e instanceof Cancelled) return false;
    throw e;
  } finally {
    prompter.close();
  }
}
