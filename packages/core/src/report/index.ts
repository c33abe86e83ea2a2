export * from './scan-summary.ts';
export * from './pr-comment.ts';
