export * from './oidc.ts';
export * from './sign.ts';
export * from './verify.ts';
