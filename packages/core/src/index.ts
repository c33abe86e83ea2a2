// The public surface of @airlock/core. Each area exports what the actions use.
export * from './action/errors.ts';
export * from './action/logger.ts';
