export * from './scan-summary.ts';
export * from './pr-comment.ts';
export * from './markdown.ts';
