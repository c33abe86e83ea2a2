export * from './statement.ts';
export * from './record.ts';
