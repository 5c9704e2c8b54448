/**
 * A manual clock for code that waits with the global setTimeout: while installed, setTimeout and
 * clearTimeout only record timers, and advance(ms) runs the ones that have come due. Mocha keeps its own
 * timer functions, so its test timeout still works. Always restore() (in a finally).
 */
export interface ManualTimers {
  /** Moves the clock on by ms and runs, in order, every timer due by then. */
  advance(ms: number): void;
  /** Timers set and neither run nor cleared. */
  pending(): number;
  restore(): void;
}

export function manualTimers(): ManualTimers {
  const real = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };
  const timers = new Map<number, { at: number; run: () => void }>();
  let now = 0;
  let nextId = 1;
  const fakeSet = (fn: (...args: unknown[]) => void, ms = 0, ...args: unknown[]): number => {
    const id = nextId++;
    timers.set(id, { at: now + Math.max(0, ms), run: () => fn(...args) });
    return id;
  };
  const fakeClear = (id: unknown): void => { timers.delete(Number(id)); };
  globalThis.setTimeout = fakeSet as unknown as typeof setTimeout;
  globalThis.clearTimeout = fakeClear;
  return {
    advance(ms) {
      now += ms;
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= now).sort(([a, x], [b, y]) => x.at - y.at || a - b)[0];
        if (!due) return;
        timers.delete(due[0]);
        due[1].run();
      }
    },
    pending: () => timers.size,
    restore() {
      globalThis.setTimeout = real.setTimeout;
      globalThis.clearTimeout = real.clearTimeout;
    },
  };
}

/** Lets pending promise callbacks run (a macrotask turn, through the real clock's immediate queue). */
export function settle(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}
