/** Thrown inside a command to end it with an exit code after the message was reported. */
export class CommandExit extends Error {
  constructor(readonly code: number) { super(`exit ${code}`); }
}
