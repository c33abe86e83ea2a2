export * from './ports.ts';
export * from './registry.ts';
export * from './images.ts';
export * from './runner.ts';
export * from './sigstore.ts';
export * from './github-api.ts';
export * from './token-server.ts';
export * from './fault-proxy.ts';
