export * from './ports.ts';
export * from './registry.ts';
