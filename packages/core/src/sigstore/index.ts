export * from './oidc.ts';
export * from './sign.ts';
export * from './verify.ts';
export * from './cosign.ts';
export * from './image-verify.ts';
