// Referrers: the artifacts (signatures, SBOMs, attestations, our records) attached to an image digest.
// They are read through Repository.referrers (the referrers API, or the `sha256-<hex>` tag index where
// the registry has none) plus cosign's tag layout, copied along with images, and written by one writer.

import { RegistryError, errorMessage } from '../errors.ts';
import { silentLogger, type Logger } from '../logger.ts';
import { readBlobBounded } from './blob-streams.ts';
import { readLimits } from './limits.ts';
import { CopySession, copyImage, mapConcurrent } from './copy.ts';
import { DigestMismatchError, digestTag, sha256Digest } from './digest.ts';
import { OciLayoutRepository } from './layout.ts';
import { manifestMediaType, parseManifest } from './manifest.ts';
import { PredicateType } from '../records/statement.ts';
import {
  MediaType,
  isIndex,
  isIndexMediaType,
  type Descriptor,
  type ImageIndex,
  type ManifestData,
  type Repository,
} from './types.ts';

/** Cosign keeps signatures, attestations and SBOMs under tags named after the digest they are about. */
export const cosignTagSuffixes = ['sig', 'att', 'sbom'] as const;

export interface Referrer {
  descriptor: Descriptor;
  /** Set for cosign-layout referrers, which live under this tag rather than by `subject`. */
  tag?: string;
  /** The digest this referrer is about. */
  subject: string;
}

/**
 * What a registry repository adds to Repository for referrers: a write that tells whether the registry
 * indexed the manifest's `subject` itself (it answered with `OCI-Subject`) and can be made conditional
 * on an ETag (`If-Match`), and reads that carry the ETag. The writer uses them when they are there.
 */
export interface ReferrerCapableRepository extends Repository {
  putManifestWithResult?(
    bytes: Buffer,
    mediaType: string,
    options?: { tag?: string; ifMatch?: string },
  ): Promise<{ descriptor: Descriptor; subjectAccepted: boolean }>;
  getManifest(reference: string): Promise<ManifestData & { etag?: string }>;
}

/** The artifact type of a referrer manifest, as the referrers API reports it. */
export function referrerDescriptor(bytes: Buffer, mediaType: string, where: string): Descriptor {
  const manifest = parseManifest(bytes, where);
  const artifactType = manifest.artifactType ?? (isIndex(manifest) ? undefined : manifest.config.mediaType);
  return {
    mediaType: mediaType || manifestMediaType(manifest),
    digest: sha256Digest(bytes),
    size: bytes.length,
    ...(artifactType ? { artifactType } : {}),
    ...(manifest.annotations ? { annotations: manifest.annotations } : {}),
  };
}

/**
 * The referrers of `digest`: by subject, and cosign's `sha256-<hex>.sig|.att|.sbom` tags. Pass the
 * repository's tags when listing for several digests, so they are listed once.
 */
export async function listReferrers(
  repository: Repository,
  digest: string,
  tags?: string[],
): Promise<Referrer[]> {
  const allTags = tags ?? (await repository.listTags());
  // The fallback tag is asked for even when the tag list lacks it: a tag list carries no digest, and
  // one damaged on the way must not make referrers (signatures) silently disappear.
  const bySubject = await repository.referrers(digest);
  const found: Referrer[] = bySubject.map((descriptor) => ({ descriptor, subject: digest }));
  for (const suffix of cosignTagSuffixes) {
    const tag = `${digestTag(digest)}.${suffix}`;
    if (!allTags.includes(tag)) continue;
    const descriptor = await repository.resolve(tag);
    if (descriptor) found.push({ descriptor, tag, subject: digest });
  }
  return found;
}

/**
 * Writes a manifest that has a `subject` so that every reader finds it: the registry indexes it when it
 * has the referrers API; otherwise (distribution 2.x and 3.x, GHCR) the `sha256-<hex>` tag index of the
 * subject is updated to list it. This is the one way airlock writes a referrer. Its blobs must be there.
 */
export async function attachReferrer(
  repository: Repository,
  subject: Descriptor,
  manifestBytes: Buffer,
  mediaType: string,
): Promise<Descriptor> {
  const descriptor = referrerDescriptor(manifestBytes, mediaType, `the referrer of ${subject.digest}`);
  const capable = repository as ReferrerCapableRepository;
  let subjectAccepted = false;
  let written: Descriptor;
  if (capable.putManifestWithResult) {
    const result = await capable.putManifestWithResult(manifestBytes, mediaType);
    written = result.descriptor;
    subjectAccepted = result.subjectAccepted;
  } else {
    written = await repository.putManifest(manifestBytes, mediaType);
  }
  if (written.digest !== descriptor.digest) {
    throw new RegistryError(
      `${repository.display} stored referrer ${descriptor.digest} as ${written.digest}`,
    );
  }
  if (!subjectAccepted) {
    await ensureListedAsReferrer(
      repository,
      subject.digest,
      descriptor,
      capable.putManifestWithResult !== undefined,
    );
  }
  return descriptor;
}

const fallbackIndexAttempts = 5;

// Updates of one fallback index from this process run one after another: a registry that ignores
// If-Match would otherwise let two of them each replace the other's entry.
const fallbackIndexQueues = new Map<string, Promise<unknown>>();

function serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = fallbackIndexQueues.get(key) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.catch(() => undefined);
  fallbackIndexQueues.set(key, settled);
  void settled.then(() => {
    if (fallbackIndexQueues.get(key) === settled) fallbackIndexQueues.delete(key);
  });
  return next;
}

/**
 * Makes sure `referrer` is listed among the referrers of `subjectDigest`, adding it to the fallback tag
 * index when the registry did not index it. `knownUnindexed` skips the read-back when the registry has
 * already said it did not index the subject.
 */
export async function ensureListedAsReferrer(
  repository: Repository,
  subjectDigest: string,
  referrer: Descriptor,
  knownUnindexed = false,
): Promise<void> {
  // An OCI layout lists referrers in its index.json, which putManifest already did.
  if (repository instanceof OciLayoutRepository) return;
  if (!knownUnindexed) {
    const listed = await repository.referrers(subjectDigest);
    if (listed.some((entry) => entry.digest === referrer.digest)) return;
  }
  const tag = digestTag(subjectDigest);
  await serialized(`${repository.display}:${tag}`, () => addToFallbackIndex(repository, tag, referrer));
}

async function addToFallbackIndex(repository: Repository, tag: string, referrer: Descriptor): Promise<void> {
  const capable = repository as ReferrerCapableRepository;
  let lastFailure: unknown;
  for (let attempt = 1; attempt <= fallbackIndexAttempts; attempt++) {
    const current = (await repository.resolve(tag)) ? await capable.getManifest(tag) : undefined;
    if (current && !isIndex(current.manifest)) {
      throw new RegistryError(
        `${repository.display}:${tag} is not an image index; cannot list referrers there`,
      );
    }
    const index: ImageIndex = current
      ? (current.manifest as ImageIndex)
      : { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] };
    if (index.manifests.some((entry) => entry.digest === referrer.digest)) return;
    index.manifests.push(referrer);
    const bytes = Buffer.from(JSON.stringify(index));
    try {
      if (capable.putManifestWithResult) {
        await capable.putManifestWithResult(bytes, MediaType.ociIndex, {
          tag,
          ...(current?.etag ? { ifMatch: current.etag } : {}),
        });
      } else {
        await repository.putManifest(bytes, MediaType.ociIndex, tag);
      }
    } catch (error) {
      // 412: someone else updated the index since we read it; read it again.
      if (error instanceof RegistryError && error.status === 412) continue;
      // The write failed on the way, or its answer was lost after the registry applied it: the index is
      // read again (the entry may be there already) and, if it is not, written again. Giving up here
      // would leave a record listed beside an image whose tag is never written.
      if (isTransientWriteFailure(error) && attempt < fallbackIndexAttempts) {
        lastFailure = error;
        continue;
      }
      throw error;
    }
    // Registries that ignore If-Match (distribution 2.x) may have let a concurrent writer replace the
    // index between our read and write: read it back, and add ourselves again if we were lost.
    const after = await repository.getManifest(tag);
    if (isIndex(after.manifest) && after.manifest.manifests.some((entry) => entry.digest === referrer.digest))
      return;
  }
  throw new RegistryError(
    `${repository.display}: could not add ${referrer.digest} to the referrers index ${tag} ` +
      `after ${fallbackIndexAttempts} attempts (` +
      (lastFailure ? errorMessage(lastFailure) : 'other writers kept replacing it') +
      ')',
  );
}

/** A registry write that failed in a way another attempt may mend: 5xx, 429, 408, or no answer at all. */
function isTransientWriteFailure(error: unknown): boolean {
  if (!(error instanceof RegistryError) || error instanceof DigestMismatchError) return false;
  const status = error.status;
  return status === undefined || status >= 500 || status === 429 || status === 408;
}

export interface CopyReferrersOptions {
  source: Repository;
  destination: Repository;
  /** The digests whose referrers to copy (an index and its platform manifests). */
  digests: string[];
  /** Referrers of referrers are followed this many levels deep (default 3). */
  maxDepth?: number;
  concurrency?: number;
  force?: boolean;
  logger?: Logger;
  /** Shared with the image copy of the same job; without one, the referrers share their own. */
  session?: CopySession;
  /**
   * Copy referrers that claim to be airlock scan or promotion records too. Off by default (mirror):
   * records that arrive from upstream must never count as ours. promote, copying its own, sets it.
   */
  keepAirlockRecords?: boolean;
}

/** The record kinds whose copies from elsewhere would be mistaken for ours. */
const airlockVerdictPredicates: Record<string, string> = {
  [PredicateType.vulnerability]: 'scan',
  [PredicateType.promotion]: 'promotion',
};

/**
 * Whether a referrer claims, by its content (the statement, or the DSSE payload of a bundle, signed or
 * not), to be ours: an airlock scan or promotion record, or an unsigned statement whose subject names
 * `destinationName` (only this pipeline writes those). Says which, or undefined.
 */
export async function claimedAirlockRecord(
  repository: Repository,
  referrer: Descriptor,
  destinationName?: string,
): Promise<string | undefined> {
  if (isIndexMediaType(referrer.mediaType)) return undefined;
  const { manifest } = await repository.getManifest(referrer.digest);
  if (isIndex(manifest)) return undefined;
  // What the gate could read as a record (readRecords): a manifest with one layer of at most 64 MiB,
  // whatever its media type says.
  for (const layer of manifest.layers.length === 1 ? manifest.layers : []) {
    if (layer.size > readLimits.record) continue;
    const bytes = await readBlobBounded(repository, layer, readLimits.record, 'referrer layer');
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      continue;
    }
    const envelope = (json as { dsseEnvelope?: { payload?: unknown }; payload?: unknown } | null) ?? {};
    const payload = envelope.dsseEnvelope?.payload ?? envelope.payload;
    const signed = typeof payload === 'string';
    if (typeof payload === 'string') {
      try {
        json = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
      } catch {
        continue;
      }
    }
    const statement = json as { predicateType?: unknown; subject?: { name?: unknown }[] } | null;
    const predicateType = statement?.predicateType;
    if (typeof predicateType === 'string' && airlockVerdictPredicates[predicateType]) {
      return `it claims to be an airlock ${airlockVerdictPredicates[predicateType]} record`;
    }
    const names = Array.isArray(statement?.subject) ? statement.subject.map((subject) => subject?.name) : [];
    if (!signed && destinationName !== undefined && names.includes(destinationName)) {
      return `it is an unsigned statement naming ${destinationName}, which only this pipeline writes`;
    }
  }
  return undefined;
}

export interface CopiedReferrer {
  subject: string;
  digest: string;
  artifactType?: string;
  tag?: string;
  /** Whether it was written now (false when the destination already had it). */
  copied: boolean;
  /** Bytes of its blobs written now. */
  bytesCopied?: number;
}

/**
 * Copies the referrers of each digest (and, recursively, of those referrers) from source to
 * destination, byte for byte. Cosign-layout referrers keep their tags; referrers by subject are listed
 * at the destination through the referrers API or its tag fallback.
 */
export async function copyReferrers(options: CopyReferrersOptions): Promise<CopiedReferrer[]> {
  const logger = options.logger ?? silentLogger;
  const { source, destination } = options;
  const maxDepth = options.maxDepth ?? 3;
  const concurrency = options.concurrency ?? 4;
  // Referrers copied side by side often share blobs (the empty config `{}`): one upload each, not a race
  // of identical uploads into the same repository.
  const session = options.session ?? new CopySession();
  const copied: CopiedReferrer[] = [];
  const seen = new Set<string>(options.digests);
  const sourceTags = await source.listTags();
  let subjects = options.digests;
  for (let depth = 1; depth <= maxDepth && subjects.length > 0; depth++) {
    // The first subject is asked alone: its answer tells whether the registry has the referrers API,
    // so that the others do not each ask an endpoint that is not there.
    const [first, ...others] = subjects;
    const found = [
      ...(await listReferrers(source, first!, sourceTags)),
      ...(
        await mapConcurrent(others, concurrency, (digest) => listReferrers(source, digest, sourceTags))
      ).flat(),
    ];
    const fresh = found.filter((referrer) => {
      const key = `${referrer.descriptor.digest} ${referrer.tag ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    await mapConcurrent(fresh, concurrency, async (referrer) => {
      if (!options.keepAirlockRecords) {
        const claim = await claimedAirlockRecord(source, referrer.descriptor, destination.display);
        if (claim) {
          logger.info(
            `referrer ${referrer.descriptor.digest} of ${referrer.subject} not copied: ${claim}, and what arrives ` +
              'with the image is never ours (docs/trust.md)',
          );
          return;
        }
      }
      const result = await copyImage({
        source,
        sourceRef: referrer.descriptor.digest,
        destination,
        ...(referrer.tag ? { destinationTag: referrer.tag } : {}),
        ...(options.force ? { force: true } : {}),
        concurrency,
        logger,
        session,
      });
      if (!referrer.tag) {
        await ensureListedAsReferrer(destination, referrer.subject, referrer.descriptor).catch(
          (error: unknown) => {
            throw new RegistryError(
              `copied referrer ${referrer.descriptor.digest} of ${referrer.subject} to ${destination.display} ` +
                `but could not list it there: ${errorMessage(error)}`,
            );
          },
        );
      }
      copied.push({
        subject: referrer.subject,
        digest: referrer.descriptor.digest,
        ...(referrer.descriptor.artifactType ? { artifactType: referrer.descriptor.artifactType } : {}),
        ...(referrer.tag ? { tag: referrer.tag } : {}),
        copied: result.copied,
        bytesCopied: result.bytesCopied,
      });
    });
    subjects = [...new Set(fresh.map((referrer) => referrer.descriptor.digest))];
  }
  if (copied.length > 0) {
    logger.info(
      `referrers: ${copied.length} found, ${copied.filter((referrer) => referrer.copied).length} copied to ${destination.display}`,
    );
  }
  return copied;
}
