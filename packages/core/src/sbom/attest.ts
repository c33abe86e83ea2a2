// What attest-sbom attests: the platform images of a reference (the tag read once), and the in-toto
// statement about each, whose predicate is the SBOM document itself (the form quarantine-scan reads).

import { ConfigurationError, RegistryError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { readAtMost } from '../oci/blob-streams.ts';
import {
  formatPlatform,
  isAttestationManifest,
  selectPlatforms,
  type PlatformSelection,
} from '../oci/platform.ts';
import { isIndex, type Descriptor, type Repository } from '../oci/types.ts';
import { buildStatement, subjectOf, type Statement } from '../records/statement.ts';

export interface SbomTarget {
  /** `linux/amd64`; empty when the image does not say. */
  platform: string;
  /** The platform image manifest. */
  descriptor: Descriptor;
}

export interface ResolvedSbomImage {
  /** What the reference named: an index, or a single image. */
  descriptor: Descriptor;
  isIndex: boolean;
  targets: SbomTarget[];
}

/** Reads the tag once and lists the platform images selected (attestation manifests left out). */
export async function resolveSbomTargets(
  repository: Repository,
  name: string,
  reference: string,
  selection: PlatformSelection,
  logger: Logger,
): Promise<ResolvedSbomImage> {
  let descriptor: Descriptor | undefined;
  try {
    descriptor = await repository.resolve(reference);
  } catch (error) {
    if (!(error instanceof RegistryError && error.status === 404)) throw error;
  }
  const separator = reference.startsWith('sha256:') ? '@' : ':';
  if (!descriptor) {
    throw new ConfigurationError(
      `input 'image': ${name}${separator}${reference} does not exist; check the image name and tag`,
    );
  }
  if (reference !== descriptor.digest) logger.info(`${name}:${reference} is ${descriptor.digest}`);
  const { manifest } = await repository.getManifest(descriptor.digest);
  const pinned = `${name}@${descriptor.digest}`;
  if (isIndex(manifest)) {
    const images = selectPlatforms(manifest.manifests, selection, pinned).filter(
      (entry) => !isAttestationManifest(entry) && entry.platform && entry.platform.os !== 'unknown',
    );
    if (images.length === 0) {
      throw new ConfigurationError(`input 'image': ${pinned} is an index with no platform images`);
    }
    return {
      descriptor,
      isIndex: true,
      targets: images.map((entry) => ({
        platform: formatPlatform(entry.platform!),
        descriptor: { mediaType: entry.mediaType, digest: entry.digest, size: entry.size },
      })),
    };
  }
  let platform = '';
  if ('config' in manifest && manifest.config.size <= 4 * 1024 * 1024) {
    const bytes = await readAtMost(await repository.getBlob(manifest.config), 4 * 1024 * 1024);
    try {
      const config = JSON.parse(bytes?.toString('utf8') ?? '{}') as {
        os?: string;
        architecture?: string;
        variant?: string;
      };
      if (config.os && config.architecture) {
        platform = formatPlatform({
          os: config.os,
          architecture: config.architecture,
          ...(config.variant ? { variant: config.variant } : {}),
        });
      }
    } catch {
      logger.debug(`the config of ${pinned} is not JSON`);
    }
  }
  if (selection !== 'all' && platform && !selection.some((wanted) => formatPlatform(wanted) === platform)) {
    throw new ConfigurationError(
      `input 'platforms': ${pinned} is a single ${platform} image, not ${selection.map(formatPlatform).join(', ')}`,
    );
  }
  const single = { mediaType: descriptor.mediaType, digest: descriptor.digest, size: descriptor.size };
  return { descriptor: single, isIndex: false, targets: [{ platform, descriptor: single }] };
}

/** The in-toto statement of an SBOM about `name@digest`: the document is the predicate, as it is. */
export function sbomStatement(
  name: string,
  digest: string,
  predicateType: string,
  document: Record<string, unknown>,
): Statement<Record<string, unknown>> {
  return buildStatement(subjectOf(name, digest), predicateType, document);
}
