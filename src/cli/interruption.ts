/**
 * SIGINT handling for one command: the first SIGINT aborts the request; a second one, or the end of a
 * grace period after the first, forces the command to give up on a request that does not wind down.
 *
 * Waiting "for the next step or the forced stop" must not leave anything behind per step: a
 * `Promise.race([step, forced])` per step adds a reaction to the long-lived `forced` promise that keeps
 * that step's value alive until the process ends (the stream would grow by every event it printed).
 * Here the forced stop instead settles the waits pending at that moment, which are held only until their
 * step settles.
 */

/** How long an interrupted request may take to wind down before `maas` gives up on it. */
export const INTERRUPT_GRACE_MS = 2000;

export const FORCED = Symbol('forced');
export type Forced = typeof FORCED;

export interface Interruption {
  readonly signal: AbortSignal;
  interrupted(): boolean;
  /** True once a second SIGINT arrived or the grace period after the first one ended. */
  forced(): boolean;
  /**
   * `step`'s outcome, or FORCED as soon as the stop is forced (at once when it already is). Holds
   * nothing once it has settled, so a loop may call it once per step for as long as it likes.
   */
  race<T>(step: Promise<T>): Promise<T | Forced>;
  dispose(): void;
}

/** `onInterrupt` registers a SIGINT handler and returns its removal. */
export function createInterruption(onInterrupt: (handler: () => void) => () => void, graceMs = INTERRUPT_GRACE_MS): Interruption {
  const controller = new AbortController();
  let interrupted = false;
  let forced = false;
  let timer: NodeJS.Timeout | undefined;
  /** The waits pending now; each removes itself when its step settles. */
  const waiting = new Set<(v: Forced) => void>();

  const force = (): void => {
    if (forced) return;
    forced = true;
    for (const settle of waiting) settle(FORCED);
    waiting.clear();
  };
  const stop = onInterrupt(() => {
    if (interrupted) { force(); return; }
    interrupted = true;
    controller.abort();
    timer = setTimeout(force, graceMs);
    timer.unref?.();
  });

  return {
    signal: controller.signal,
    interrupted: () => interrupted,
    forced: () => forced,
    race: <T>(step: Promise<T>): Promise<T | Forced> => {
      if (forced) { step.catch(() => undefined); return Promise.resolve(FORCED); }
      return new Promise<T | Forced>((resolve, reject) => {
        waiting.add(resolve);
        step.then(
          (v) => { waiting.delete(resolve); resolve(v); },
          (e: unknown) => { waiting.delete(resolve); reject(e); },
        );
      });
    },
    dispose: () => { stop(); if (timer) clearTimeout(timer); force(); },
  };
}
