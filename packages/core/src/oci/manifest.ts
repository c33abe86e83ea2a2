// Reading manifests: the one parser every repository uses (a registry's answer, a layout's blob, a
// manifest about to be written), and the media type a manifest declares or implies.

import { RegistryError } from '../errors.ts';
import { MediaType, isIndex, type ImageIndex, type Manifest } from './types.ts';

/** The media type a manifest declares, or the one its shape implies when the field is absent. */
export function manifestMediaType(manifest: Manifest): string {
  if (manifest.mediaType) return manifest.mediaType;
  return isIndex(manifest) ? MediaType.ociIndex : MediaType.ociManifest;
}

/**
 * Parses a schema 2 manifest (an OCI or Docker image manifest or index). `where` names it in messages,
 * as in `the manifest latest of ghcr.io/org/app`. Docker schema 1 and anything else is refused.
 */
export function parseManifest(bytes: Buffer, where: string): Manifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new RegistryError(`${where} is not a JSON manifest`);
  }
  const shape = parsed as (Partial<Manifest> & { config?: unknown }) | null;
  if (
    typeof shape !== 'object' ||
    shape === null ||
    Array.isArray(shape) ||
    shape.schemaVersion !== 2 ||
    !(
      Array.isArray((shape as Partial<ImageIndex>).manifests) ||
      (typeof shape.config === 'object' && shape.config !== null)
    )
  ) {
    throw new RegistryError(
      `${where} is not a schema 2 OCI or Docker image manifest or index (Docker schema 1 is not supported)`,
    );
  }
  return parsed as Manifest;
}
