// The copy engine: moves one image (a manifest, or an index and everything under it) from one
// Repository to another, byte for byte, blobs first, manifests next, the tag last.

import { Readable } from 'node:stream';
import { ConfigurationError, RegistryError, errorMessage } from '../errors.ts';
import { silentLogger, type Logger } from '../logger.ts';
import { readBlobBounded } from './blob-streams.ts';
import { sha256Digest } from './digest.ts';
import { readLimits } from './limits.ts';
import {
  formatPlatform,
  isAttestationManifest,
  platformMatches,
  selectPlatforms,
  type PlatformSelection,
} from './platform.ts';
import { ProgressTracker, formatBytes, type CopyProgress } from './progress.ts';
import {
  isIndex,
  type Descriptor,
  type ImageManifest,
  type Manifest,
  type ManifestData,
  type Platform,
  type Repository,
} from './types.ts';

export interface CopyImageOptions {
  source: Repository;
  /** A tag or digest in `source`. */
  sourceRef: string;
  destination: Repository;
  /** The tag to write last; without one the image is written by digest only. */
  destinationTag?: string;
  /** Which platforms of a multi-platform image to copy (default: all, which keeps the digest). */
  platforms?: PlatformSelection;
  /** Copy even when the destination tag already holds the digest (blobs that exist are still skipped). */
  force?: boolean;
  /** Blobs and manifests moved at the same time (default 4). */
  concurrency?: number;
  logger?: Logger;
  /** Called after each blob and at every progress line. */
  onProgress?: (progress: CopyProgress) => void;
  /** How often a running copy logs a progress line (default 5 s). */
  progressIntervalMs?: number;
  /** How many times a blob is sent in all before the copy fails (default 5). */
  blobAttempts?: number;
  /** Shared by the copies of one job, so that a blob they have in common moves once. */
  session?: CopySession;
  /**
   * Runs once everything is written by digest and before the tag is: the place to attach referrers
   * (records, copied signatures) so that a failure there leaves the tag untouched. Not called when the
   * destination was already up to date.
   */
  beforeTag?: (written: CopyResult) => Promise<void>;
}

export interface CopyResult {
  /** The digest now in the destination: the source digest, unless a platform filter wrote a new index. */
  digest: string;
  /** The digest the source reference resolved to. */
  sourceDigest: string;
  mediaType: string;
  /** The size of the manifest `digest` names, so that `{mediaType, digest, size}` is its descriptor. */
  size: number;
  /** False when the destination already held the digest and nothing was written. */
  copied: boolean;
  /** What the destination tag held before, when it held something else. */
  previousDigest?: string;
  /** The image platforms copied (`linux/amd64`), in index order. */
  platforms: string[];
  /** The digests of the manifests the copied index lists (its platform images); empty for one image. */
  manifestDigests: string[];
  bytesCopied: number;
  blobsCopied: number;
  blobsSkipped: number;
  blobsMounted: number;
  /** Manifests written (index and children). */
  manifests: number;
}

type BlobOutcome = 'copied' | 'skipped' | 'mounted';

/**
 * What the copies of one job share: a blob that several images have in common is copied once per
 * destination, and later copies wait for the first. When the first copy fails, each image that waited
 * copies the blob itself, from its own source: one image's failure (a broken source, a bad blob) is
 * never handed to another image of the batch.
 */
export class CopySession {
  private readonly blobs = new Map<string, Promise<BlobOutcome>>();

  claim(destination: Repository, digest: string, copy: () => Promise<BlobOutcome>): Promise<BlobOutcome> {
    const key = `${destination.display}\n${digest}`;
    const existing = this.blobs.get(key);
    if (existing) {
      return existing.then(
        () => 'skipped',
        () => this.claim(destination, digest, copy),
      );
    }
    const started = copy();
    this.blobs.set(key, started);
    started.catch(() => {
      if (this.blobs.get(key) === started) this.blobs.delete(key);
    });
    return started;
  }
}

/**
 * Runs `work` over `items` with at most `limit` at a time. The first failure stops new work from
 * starting; it is thrown once the running ones have settled, so nothing is left running behind.
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
  return results;
}

/** Errors where sending the same bytes again cannot help. */
function isPermanent(error: unknown): boolean {
  if (error instanceof ConfigurationError) return true;
  return (
    error instanceof RegistryError &&
    error.status !== undefined &&
    [400, 401, 403, 404, 405].includes(error.status)
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Layers that registries may not redistribute (Windows base layers) stay where their `urls` point.
function isForeignLayer(descriptor: Descriptor): boolean {
  return (descriptor.urls?.length ?? 0) > 0 && /foreign|nondistributable/.test(descriptor.mediaType);
}

const maxIndexDepth = 4;

interface ChildManifest {
  data: ManifestData;
  /** The media type the parent index gives it, which is what the registry expects on PUT. */
  mediaType: string;
}

/** Everything one copy will write, found before anything is written. */
interface CopyPlan {
  top: { bytes: Buffer; mediaType: string; digest: string };
  sourceDigest: string;
  /** The source's top manifest, and the entries of it that are copied when it is an index. */
  root: Manifest;
  selected: Descriptor[];
  platforms: string[];
  manifestDigests: string[];
  /** Child manifests, each after the manifests it contains. */
  children: ChildManifest[];
  blobs: Descriptor[];
  /** Small blobs already read while planning (a single image's config), sent from memory. */
  preloaded: Map<string, Buffer>;
}

/**
 * Copies an image between repositories. Blobs move first (in parallel, streamed, each verified against
 * its digest on the way, skipped when the destination has it, mounted when both are on one registry),
 * then child manifests by digest, then the top manifest with the tag. Manifests keep their original
 * bytes, so the digest is unchanged, except when a platform filter writes a smaller index.
 * When the destination tag already holds the digest, nothing is touched unless `force`.
 * A failure leaves the tag as it was.
 */
export async function copyImage(options: CopyImageOptions): Promise<CopyResult> {
  const logger = options.logger ?? silentLogger;
  const concurrency = options.concurrency ?? 4;
  const { source, destination, destinationTag } = options;
  // What the top manifest says decides whether anything changed; the manifests under it are read only
  // when there is something to copy.
  const plan = await planTop(options, logger);
  const target = plan.top.digest;

  const before = await destination.resolve(destinationTag ?? target);
  const previousDigest = before && before.digest !== target ? before.digest : undefined;
  const base = {
    digest: target,
    sourceDigest: plan.sourceDigest,
    mediaType: plan.top.mediaType,
    size: plan.top.bytes.length,
    platforms: plan.platforms,
    manifestDigests: plan.manifestDigests,
    ...(previousDigest ? { previousDigest } : {}),
  };
  if (before?.digest === target && !options.force) {
    logger.info(
      `${destination.display}${destinationTag ? `:${destinationTag}` : ''} already holds ${target}`,
    );
    return {
      ...base,
      copied: false,
      bytesCopied: 0,
      blobsCopied: 0,
      blobsSkipped: 0,
      blobsMounted: 0,
      manifests: 0,
    };
  }

  await planContents(plan, options, logger);
  const label = `${source.display} → ${destination.display}`;
  const progress = new ProgressTracker(logger, label, options.progressIntervalMs ?? 5000, options.onProgress);
  const counts = { bytesCopied: 0, blobsCopied: 0, blobsSkipped: 0, blobsMounted: 0, manifests: 0 };
  progress.start(
    plan.blobs.length,
    plan.blobs.reduce((sum, blob) => sum + blob.size, 0),
  );
  try {
    await mapConcurrent(plan.blobs, concurrency, async (blob) => {
      const copy = () => copyBlob(blob, plan.preloaded.get(blob.digest), options, progress, logger);
      const outcome = options.session
        ? await options.session.claim(destination, blob.digest, copy)
        : await copy();
      if (outcome === 'copied') {
        counts.blobsCopied++;
        counts.bytesCopied += blob.size;
      } else if (outcome === 'mounted') counts.blobsMounted++;
      else counts.blobsSkipped++;
      progress.blobDone(blob.size);
    });
  } finally {
    progress.stop();
  }

  // Children go up level by level (deepest first), each level in parallel, so that no index is
  // written before the manifests it lists.
  for (const level of manifestLevels(plan.children)) {
    await mapConcurrent(level, concurrency, async (child) => {
      const digest = child.data.descriptor.digest;
      if (!options.force && (await destination.resolve(digest))) return;
      await putVerified(destination, child.data.bytes, child.mediaType, digest);
      counts.manifests++;
    });
  }
  if (destinationTag === undefined || options.beforeTag) {
    await putVerified(destination, plan.top.bytes, plan.top.mediaType, target);
  }
  counts.manifests++;
  await options.beforeTag?.({ ...base, copied: true, ...counts });
  if (destinationTag !== undefined) {
    await writeTag(destination, plan.top.bytes, plan.top.mediaType, destinationTag, logger, target);
  }
  if (destinationTag) {
    const landed = await destination.resolve(destinationTag);
    if (landed?.digest !== target) {
      throw new RegistryError(
        `${destination.display}:${destinationTag} holds ${landed?.digest ?? 'nothing'} after writing ${target}`,
      );
    }
  }
  logger.info(
    `copied ${label}${destinationTag ? `:${destinationTag}` : ''} (${target}): ${formatBytes(counts.bytesCopied)} in ` +
      `${counts.blobsCopied} blobs, ${counts.blobsSkipped} already there, ${counts.blobsMounted} mounted`,
  );
  return { ...base, copied: true, ...counts };
}

/** Rounds of the transport's own retries a tag write gets before the copy gives up. */
const tagRounds = 3;

/**
 * Writes the tag, the last write of a copy or a promotion. Everything it names is in place by then
 * (blobs, manifests, referrers, the record), so a failure here would leave the most behind: it gets
 * more patience than any other write, a few rounds of the transport's retries, before giving up.
 */
export async function writeTag(
  destination: Repository,
  bytes: Buffer,
  mediaType: string,
  tag: string,
  logger: Logger = silentLogger,
  digest = sha256Digest(bytes),
): Promise<void> {
  for (let round = 1; ; round++) {
    try {
      await putVerified(destination, bytes, mediaType, digest, tag);
      return;
    } catch (error) {
      if (round >= tagRounds || isPermanent(error)) throw error;
      logger.info(`writing ${destination.display}:${tag} again (${errorMessage(error)})`);
      await sleep(250 * round);
    }
  }
}

async function putVerified(
  destination: Repository,
  bytes: Buffer,
  mediaType: string,
  digest: string,
  tag?: string,
): Promise<void> {
  const written = await destination.putManifest(bytes, mediaType, tag);
  if (written.digest !== digest) {
    throw new RegistryError(`${destination.display} stored manifest ${digest} as ${written.digest}`);
  }
}

function manifestLevels(children: ChildManifest[]): ChildManifest[][] {
  // planCopy lists indexes after their children; split at each index so order is kept.
  const levels: ChildManifest[][] = [[]];
  for (const child of children) {
    if (isIndex(child.data.manifest) && levels.at(-1)!.length > 0) levels.push([]);
    levels.at(-1)!.push(child);
    if (isIndex(child.data.manifest)) levels.push([]);
  }
  return levels.filter((level) => level.length > 0);
}

const planName = ({ source, sourceRef }: CopyImageOptions) =>
  `${source.display}${sourceRef.includes(':') ? '@' : ':'}${sourceRef}`;

/** The top of the plan, from the source's top manifest alone: the target digest and the platforms. */
async function planTop(options: CopyImageOptions, logger: Logger): Promise<CopyPlan> {
  const { source, sourceRef } = options;
  const selection = options.platforms ?? 'all';
  const name = planName(options);
  const root = await source.getManifest(sourceRef);
  const plan: CopyPlan = {
    top: { bytes: root.bytes, mediaType: root.descriptor.mediaType, digest: root.descriptor.digest },
    sourceDigest: root.descriptor.digest,
    root: root.manifest,
    selected: [],
    platforms: [],
    manifestDigests: [],
    children: [],
    blobs: [],
    preloaded: new Map(),
  };
  if (isIndex(root.manifest)) {
    const selected = selectPlatforms(root.manifest.manifests, selection, name);
    if (selected.length !== root.manifest.manifests.length) {
      const filtered = { ...root.manifest, manifests: selected };
      const bytes = Buffer.from(JSON.stringify(filtered));
      plan.top = { bytes, mediaType: root.descriptor.mediaType, digest: sha256Digest(bytes) };
      logger.warning(
        `copying ${selected.length} of the ${root.manifest.manifests.length} manifests of ${name} writes a new index: ` +
          `the destination digest ${plan.top.digest} differs from the source digest ${root.descriptor.digest}`,
      );
    }
    plan.selected = selected;
    plan.manifestDigests = selected.map((descriptor) => descriptor.digest);
    plan.platforms = selected
      .filter((descriptor) => descriptor.platform && !isAttestationManifest(descriptor))
      .map((descriptor) => formatPlatform(descriptor.platform!));
  } else {
    const platform = await imagePlatform(source, root.manifest, plan.preloaded);
    if (platform) plan.platforms = [formatPlatform(platform)];
    if (selection !== 'all' && platform && !selection.some((wanted) => platformMatches(wanted, platform))) {
      throw new ConfigurationError(
        `input 'platforms': ${name} is a single-platform image for ${formatPlatform(platform)}; ` +
          `it has no ${selection.map(formatPlatform).join(', ')} image`,
      );
    }
  }
  return plan;
}

/** The rest of the plan: the manifests under an index, and every blob to copy. */
async function planContents(plan: CopyPlan, options: CopyImageOptions, logger: Logger): Promise<void> {
  const { source } = options;
  const concurrency = options.concurrency ?? 4;
  const name = planName(options);
  const blobs = new Map<string, Descriptor>();
  const addImage = (manifest: ImageManifest) => {
    for (const blob of [manifest.config, ...(manifest.layers ?? [])]) {
      if (isForeignLayer(blob)) logger.debug(`leaving foreign layer ${blob.digest} where its urls point`);
      else if (!blobs.has(blob.digest)) blobs.set(blob.digest, blob);
    }
  };
  if (isIndex(plan.root)) {
    const visit = async (descriptors: Descriptor[], depth: number): Promise<void> => {
      const loaded = await mapConcurrent(descriptors, concurrency, (descriptor) =>
        source.getManifest(descriptor.digest),
      );
      for (const [i, data] of loaded.entries()) {
        if (data.descriptor.digest !== descriptors[i]!.digest) {
          throw new RegistryError(
            `${source.display} returned ${data.descriptor.digest} for ${descriptors[i]!.digest}`,
          );
        }
        if (isIndex(data.manifest)) {
          if (depth >= maxIndexDepth)
            throw new RegistryError(`${name}: indexes nested deeper than ${maxIndexDepth}`);
          await visit(data.manifest.manifests, depth + 1);
        } else addImage(data.manifest);
        if (!plan.children.some((child) => child.data.descriptor.digest === data.descriptor.digest)) {
          plan.children.push({ data, mediaType: descriptors[i]!.mediaType });
        }
      }
    };
    await visit(plan.selected, 1);
  } else addImage(plan.root);
  // The biggest first, so that parallel copies end together rather than behind one late large layer.
  plan.blobs = [...blobs.values()].sort((a, b) => b.size - a.size);
}

/** The platform of a single image, from its config (read once, then sent from memory). */
async function imagePlatform(
  source: Repository,
  manifest: ImageManifest,
  preloaded: Map<string, Buffer>,
): Promise<Platform | undefined> {
  if (!/config|container\.image/.test(manifest.config.mediaType) || manifest.config.size > readLimits.config)
    return undefined;
  const bytes = await readBlobBounded(source, manifest.config, readLimits.config, 'config');
  preloaded.set(manifest.config.digest, bytes);
  try {
    const config = JSON.parse(bytes.toString('utf8')) as Partial<Platform>;
    if (typeof config.os === 'string' && typeof config.architecture === 'string') {
      return {
        os: config.os,
        architecture: config.architecture,
        ...(config.variant ? { variant: config.variant } : {}),
      };
    }
  } catch {
    // Artifacts have configs that are not image configs; they have no platform.
  }
  return undefined;
}

async function copyBlob(
  blob: Descriptor,
  preloaded: Buffer | undefined,
  options: CopyImageOptions,
  progress: ProgressTracker,
  logger: Logger,
): Promise<BlobOutcome> {
  const { source, destination } = options;
  if (destination.mountBlob && (await destination.mountBlob(blob, source))) return 'mounted';
  if (await destination.hasBlob(blob.digest)) return 'skipped';
  const attempts = options.blobAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    let content: Readable | undefined;
    // Verifying streams (the client's and the layout's) count what they have passed.
    const inFlight = {
      bytesSoFar: () => (content as { bytesReceived?: number } | undefined)?.bytesReceived ?? 0,
    };
    try {
      content = preloaded ? Readable.from([preloaded]) : await source.getBlob(blob);
      progress.follow(inFlight);
      await destination.putBlob(blob, content);
      return 'copied';
    } catch (error) {
      content?.destroy();
      if (attempt >= attempts || isPermanent(error)) throw error;
      logger.info(
        `retrying blob ${blob.digest} (attempt ${attempt} of ${attempts} failed: ${errorMessage(error)})`,
      );
      await sleep(Math.min(250 * 2 ** (attempt - 1), 4000));
    } finally {
      progress.unfollow(inFlight);
    }
  }
}
