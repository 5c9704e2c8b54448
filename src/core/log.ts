/** A logger the faces implement (the extension with a LogOutputChannel, the CLI on stderr). Core never logs secrets: see redact.ts. */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
