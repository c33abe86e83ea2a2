/** What the library may say. Actions pass one backed by @actions/core; tests pass a recording one. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warning() {},
  group: (_name, fn) => fn(),
};

/** A logger that keeps every line, for tests that print the log only when they fail. */
export class RecordingLogger implements Logger {
  readonly lines: string[] = [];
  debug(message: string): void {
    this.lines.push(`debug: ${message}`);
  }
  info(message: string): void {
    this.lines.push(message);
  }
  warning(message: string): void {
    this.lines.push(`warning: ${message}`);
  }
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.lines.push(`[${name}]`);
    return fn();
  }
  get warnings(): string[] {
    return this.lines.filter((line) => line.startsWith('warning: ')).map((line) => line.slice(9));
  }
}
