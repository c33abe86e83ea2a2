// The one way an image moves between repositories with its history: copied by digest, then the
// referrers of the index and of each platform manifest, then a record about it (written again on a
// server failure), and the tag last. mirror and promote both go through it, so a failure anywhere
// before the tag leaves the destination tag as it was.

import { RegistryError, errorMessage } from '../errors.ts';
import { silentLogger } from '../logger.ts';
import { CopySession, copyImage, type CopyImageOptions, type CopyResult } from './copy.ts';
import { copyReferrers, type CopiedReferrer } from './referrers.ts';

export interface TransferImageOptions extends Omit<CopyImageOptions, 'beforeTag'> {
  /** Copy the referrers (signatures, SBOMs, attestations) of the image and its platform manifests. */
  copyReferrers?: boolean;
  /**
   * Copy referrers that claim to be airlock scan or promotion records too. Off for images from outside
   * (such a copy could not be told from a record we wrote); promote turns it on for its own records.
   */
  keepAirlockRecords?: boolean;
  /**
   * Writes a record about the image in the destination and returns its digest. It runs after the
   * referrers and before the tag, and is called again (up to `recordAttempts` times in all) after a
   * server or network failure: it must write the same bytes each time, so a retry adds no second record.
   */
  record?: (image: CopyResult) => Promise<string>;
  /** Write the record also when the destination already held the image (default: only after a copy). */
  recordWhenUpToDate?: boolean;
  /** Attempts at the record in all (default 3). */
  recordAttempts?: number;
}

export interface TransferResult extends CopyResult {
  /**
   * Whether anything was written: the image, a referrer, or the record. (CopyResult's `copied` for
   * the image alone is `imageCopied`.)
   */
  copied: boolean;
  /** Bytes of blobs written, the image's and its new referrers' together. */
  bytesCopied: number;
  /** Whether the image itself was written (false when the destination already held it). */
  imageCopied: boolean;
  /** Every referrer found at the source, each marked `copied` when it was written now. */
  referrers: CopiedReferrer[];
  /** How many referrers were written now. */
  referrersCopied: number;
  /** The record written, when `record` was given and ran. */
  recordDigest?: string;
}

/** Retrying cannot help a client error (other than 429), nor anything that is not the registry's. */
function worthRetrying(error: unknown): boolean {
  if (!(error instanceof RegistryError)) return false;
  const status = error.status;
  return status === undefined || status >= 500 || status === 429;
}

/**
 * Copies an image by digest, then (before the tag) its referrers and a record about it, then writes the
 * tag. When the destination already holds the image, its referrers are still brought up to date (an
 * upstream image gains signatures and SBOMs after it is published), and the record is written only
 * with `recordWhenUpToDate`. The result counts everything written.
 */
export async function transferImage(options: TransferImageOptions): Promise<TransferResult> {
  const logger = options.logger ?? silentLogger;
  // One session for the image and its referrers: a blob they share (the empty config) moves once.
  const session = options.session ?? new CopySession();
  const {
    copyReferrers: withReferrers,
    keepAirlockRecords,
    record,
    recordWhenUpToDate,
    recordAttempts = 3,
    ...copy
  } = options;
  let referrers: CopiedReferrer[] = [];
  let recordDigest: string | undefined;

  const attach = async (image: CopyResult): Promise<void> => {
    if (withReferrers) {
      const digests = new Set<string>();
      // A platform filter wrote a new index: the source index's referrers are about another digest.
      if (image.digest === image.sourceDigest) digests.add(image.digest);
      for (const child of image.manifestDigests) digests.add(child);
      referrers = await copyReferrers({
        source: options.source,
        destination: options.destination,
        digests: [...digests],
        ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
        ...(options.force ? { force: true } : {}),
        ...(keepAirlockRecords ? { keepAirlockRecords } : {}),
        logger,
        session,
      });
    }
    if (record && (image.copied || recordWhenUpToDate)) {
      for (let attempt = 1; ; attempt++) {
        try {
          recordDigest = await record(image);
          break;
        } catch (error) {
          if (attempt >= recordAttempts || !worthRetrying(error)) throw error;
          logger.info(`writing the record again (attempt ${attempt} failed: ${errorMessage(error)})`);
        }
      }
    }
  };

  const image = await copyImage({ ...copy, session, logger, beforeTag: attach });
  // Up to date: copyImage did not call beforeTag, and the tag already names the image.
  if (!image.copied) await attach(image);

  const written = referrers.filter((referrer) => referrer.copied);
  const referrerBytes = written.reduce((sum, referrer) => sum + (referrer.bytesCopied ?? 0), 0);
  return {
    ...image,
    imageCopied: image.copied,
    copied: image.copied || written.length > 0 || recordDigest !== undefined,
    bytesCopied: image.bytesCopied + referrerBytes,
    referrers,
    referrersCopied: written.length,
    ...(recordDigest !== undefined ? { recordDigest } : {}),
  };
}
