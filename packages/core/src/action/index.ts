// The runner-facing side: the harness and the typed input readers. Only actions import this.
export * from './run.ts';
export * from './inputs.ts';
export * from './context.ts';
export * from './signing.ts';
