// The public surface of @airlock/core. Each area exports what the actions use.
export * from './action/errors.ts';
export * from './action/logger.ts';
export * from './oci/layout.ts';
export * from './oci/copy.ts';
export * from './oci/platform.ts';
export * from './oci/progress.ts';
export * from './oci/referrers.ts';
export * from './records/index.ts';
export * from './sigstore/index.ts';
export * from './oci/digest.ts';
export * from './oci/reference.ts';
export * from './oci/docker-config.ts';
export * from './oci/auth.ts';
export * from './oci/http.ts';
export * from './oci/registry.ts';
export * from './oci/open.ts';
export * from './oci/types.ts';
