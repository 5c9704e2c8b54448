/**
 * Waiting on a condition instead of a fixed delay: tests never time anything. A wait that never ends is
 * ended by the tier's mocha timeout, whose failure names the test.
 */

/** Resolves once check() is true, looking again after each short turn of the event loop. */
export async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
}

/** A promise with its resolve function, to let a test step wait for an event of another step. */
export function signalled<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => { resolve = r; });
  return { promise, resolve };
}
