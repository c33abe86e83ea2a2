// One entry point for "a repository named by a reference": a registry, or an OCI image layout directory.

import { OciLayoutRepository } from './layout.ts';
import { parseReference, type ImageReference } from './reference.ts';
import type { RegistryClient } from './registry.ts';
import type { Repository } from './types.ts';

export interface OpenRepositoryOptions {
  /** The client for registry references (shared, so connections and tokens are reused). */
  client: RegistryClient;
  /** The input the reference came from, named in errors (parsing it, or a layout directory that cannot be used). */
  inputName?: string;
}

/** The repository a reference names (its tag and digest are for the caller to read from it). */
export function openRepository(
  reference: ImageReference | string,
  options: OpenRepositoryOptions,
): Repository {
  const parsed = typeof reference === 'string' ? parseReference(reference, options.inputName) : reference;
  return parsed.kind === 'layout'
    ? new OciLayoutRepository(parsed.repository, options.inputName)
    : options.client.repository(parsed);
}
