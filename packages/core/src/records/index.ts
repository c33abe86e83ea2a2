export * from './statement.ts';
export * from './record.ts';
export * from './gate.ts';
export * from './identity.ts';
export * from './promotion.ts';
export * from './github-packages.ts';
