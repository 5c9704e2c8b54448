/** A retry wait as core tells a face of it (types only: the task panel's page may import them). */
export interface RetryWait {
  /** How long core waits before the next attempt. */
  waitMs: number;
  /** The attempt that follows the wait (2 or 3) and how many there are at most. */
  nextAttempt: number;
  maxAttempts: number;
  /** The HTTP status that caused the wait; absent for a failed connection. */
  status?: number;
}

export type RetryWaitListener = (wait: RetryWait) => void;
