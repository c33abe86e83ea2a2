// Promotion: one digest leaves quarantine for the trusted repository, only when the gate allows it.
// Order matters for what a failure leaves behind: the image and its referrers are copied by digest first,
// then the promotion record is written on it, and the destination tags are written last, so a tag never
// names an image that is not completely there with its history.

import type { Logger } from '../logger.ts';
import { RegistryError, errorMessage } from '../errors.ts';
import { CopySession, writeTag } from '../oci/copy.ts';
import { digestTag } from '../oci/digest.ts';
import { transferImage } from '../oci/transfer.ts';
import type { Descriptor, Repository } from '../oci/types.ts';
import { checkGate, type GateDecision, type GatePolicy, type RefusalReason } from './gate.ts';
import { writeRecord, type RecordSigner, type RecordVerifier } from './record.ts';
import { lifecycleStatement, promotionStatement } from './statement.ts';

/** Removes the promoted digest from quarantine. Returns what it did, for the log. */
export type SourceDeleter = (digest: string) => Promise<string>;

export interface PromoteOptions {
  source: Repository;
  /** `registry/repository` of the source, as records and messages name it. */
  sourceName: string;
  /** What to promote: a tag, a digest, or both (then the tag must still name the digest). */
  sourceTag?: string;
  sourceDigest?: string;
  destination: Repository;
  destinationName: string;
  /** Tags to write in the destination; none: promoted by digest only. */
  tags: string[];
  /** Undefined: promote without a verdict (require-verdict: false). */
  gate?: { policy: GatePolicy; verifier?: RecordVerifier };
  overwriteTags: boolean;
  copyReferrers: boolean;
  /** Given when the source should be removed after promotion. */
  deleteSource?: SourceDeleter;
  dryRun: boolean;
  /** Signs the promotion and lifecycle records, when the job has an OIDC identity. */
  signer?: RecordSigner;
  runUrl?: string;
  logger: Logger;
  now?: () => Date;
  session?: CopySession;
}

export interface MovedTag {
  tag: string;
  /** The digest the tag named before. */
  from: string;
  /** The lifecycle record written on that digest. */
  recordDigest?: string;
}

export interface PromotionResult {
  /** The source as given: `repo:tag`, `repo@digest`. */
  source: string;
  sourceTag?: string;
  digest?: string;
  /** The promoted image, digest-pinned: `registry/repo@sha256:…`. */
  image?: string;
  promoted: boolean;
  /** Why it was not promoted; `dry-run` when it would have been; `failed` when a batch item hit an error. */
  reason?: RefusalReason | 'dry-run' | 'failed';
  message: string;
  /** Tags written (planned, in a dry run). */
  tags: string[];
  movedTags: MovedTag[];
  /** The promotion record. */
  recordDigest?: string;
  verdict?: string;
  /** The scan record the decision rests on. */
  verdictRecord?: string;
  /** True when that record is unsigned. */
  verdictUnsigned?: boolean;
  /** The gate check that refused. */
  check?: string;
  verdictSigner?: string;
  scannedAt?: string;
  referrersCopied?: number;
  sourceDeleted?: boolean;
  warnings: string[];
}

function refuse(
  base: Pick<PromotionResult, 'source' | 'sourceTag' | 'digest' | 'warnings'>,
  reason: RefusalReason,
  message: string,
  decision?: GateDecision,
): PromotionResult {
  return { ...base, ...decisionFields(decision), promoted: false, reason, message, tags: [], movedTags: [] };
}

function decisionFields(decision: GateDecision | undefined): Partial<PromotionResult> {
  if (!decision) return {};
  return {
    ...(decision.verdict ? { verdict: decision.verdict } : {}),
    ...(decision.record ? { verdictRecord: decision.record.descriptor.digest } : {}),
    ...(decision.signer ? { verdictSigner: decision.signer.subjectAlternativeName } : {}),
    ...(decision.scannedAt ? { scannedAt: decision.scannedAt } : {}),
    ...(decision.unsigned ? { verdictUnsigned: true } : {}),
    ...(decision.check ? { check: decision.check } : {}),
  };
}

/** Promotes one image. Refusals are results (promoted: false, with a reason); registry failures throw. */
export async function promoteImage(options: PromoteOptions): Promise<PromotionResult> {
  const { source, destination, logger } = options;
  const now = options.now ?? (() => new Date());
  const given = options.sourceDigest
    ? `${options.sourceName}${options.sourceTag ? `:${options.sourceTag}` : ''}@${options.sourceDigest}`
    : `${options.sourceName}:${options.sourceTag ?? 'latest'}`;
  const warnings: string[] = [];
  const base = {
    source: given,
    ...(options.sourceTag ? { sourceTag: options.sourceTag } : {}),
    warnings,
  };

  // 1. What digest: the tag is read once, here, and must still name the digest that was scanned.
  let subject: Descriptor | undefined;
  if (options.sourceTag) {
    const tagged = await source.resolve(options.sourceTag);
    if (!tagged)
      return refuse(base, 'not-found', `${options.sourceName}:${options.sourceTag} does not exist`);
    if (options.sourceDigest && tagged.digest !== options.sourceDigest) {
      return refuse(
        { ...base, digest: options.sourceDigest },
        'tag-moved',
        `${options.sourceName}:${options.sourceTag} now names ${tagged.digest}, not ${options.sourceDigest}: ` +
          'the tag moved after the scan, so the digest it names now was not the one scanned',
      );
    }
    subject = tagged;
  }
  if (options.sourceDigest && !subject) {
    subject = await source.resolve(options.sourceDigest);
    if (!subject)
      return refuse(base, 'not-found', `${options.sourceName}@${options.sourceDigest} does not exist`);
  }
  if (!subject) throw new Error('promoteImage needs a source tag or digest');
  const digest = subject.digest;
  const withDigest = { ...base, digest };

  // 2. The gate.
  let decision: GateDecision | undefined;
  if (options.gate) {
    decision = await checkGate({
      repository: source,
      digest,
      policy: { repositoryName: options.sourceName, ...options.gate.policy },
      ...(options.gate.verifier ? { verifier: options.gate.verifier } : {}),
      logger,
    });
    warnings.push(...decision.warnings);
    if (!decision.allowed) return refuse(withDigest, decision.reason!, decision.message, decision);
    logger.info(`gate: ${decision.message}`);
  } else {
    warnings.push('require-verdict is false: promoted without checking a scan verdict');
  }

  // 3. Tags: immutable unless overwrite-tags; a tag that already names this digest is left as it is.
  const movedTags: MovedTag[] = [];
  for (const tag of options.tags) {
    const existing = await destination.resolve(tag);
    if (!existing || existing.digest === digest) continue;
    if (!options.overwriteTags) {
      return refuse(
        withDigest,
        'tag-exists',
        `${options.destinationName}:${tag} already names ${existing.digest}; tags are not moved unless ` +
          "'overwrite-tags' is true",
        decision,
      );
    }
    movedTags.push({ tag, from: existing.digest });
  }

  const image = `${options.destinationName}@${digest}`;
  const planned = {
    ...withDigest,
    ...decisionFields(decision),
    image,
    tags: options.tags,
    movedTags,
  };
  if (options.dryRun) {
    const moves = movedTags.map((moved) => ` (${moved.tag} moves from ${moved.from})`).join('');
    return {
      ...planned,
      promoted: false,
      reason: 'dry-run',
      message: `would promote to ${image}${options.tags.length ? ` as ${options.tags.join(', ')}` : ''}${moves}`,
    };
  }

  // Until the tags are written, a failure leaves nothing that names the image: say so.
  let referrersCopied: number | undefined;
  let recordDigest: string;
  const promotedAt = now().toISOString();
  try {
    // 4. The image and its referrers by digest (mounted when both are on one registry), then the
    // promotion record (one per promotion, even when the image was already there); the tags come after.
    const created = new Date(promotedAt);
    const transfer = await transferImage({
      source,
      sourceRef: digest,
      destination,
      logger,
      ...(options.session ? { session: options.session } : {}),
      copyReferrers: options.copyReferrers,
      // Ours: the scan records the gate read travel with the image into the trusted repository.
      keepAirlockRecords: true,
      recordWhenUpToDate: true,
      record: async () =>
        (
          await writeRecord({
            repository: destination,
            subject,
            statement: promotionStatement(options.destinationName, digest, {
              from: `${options.sourceName}@${digest}`,
              to: image,
              tags: options.tags,
              ...(decision?.record ? { verdictRecord: decision.record.descriptor.digest } : {}),
              ...(decision?.verdict ? { verdict: decision.verdict } : {}),
              promotedAt,
              ...(options.runUrl ? { runUrl: options.runUrl } : {}),
            }),
            ...(options.signer ? { signer: options.signer } : {}),
            logger,
            created,
          })
        ).descriptor.digest,
    });
    if (options.copyReferrers) referrersCopied = transfer.referrers.length;
    recordDigest = transfer.recordDigest!;
  } catch (error) {
    throw new RegistryError(
      `promoting ${digest} to ${options.destinationName} failed before any tag was written ` +
        `(no destination tag changed; run again to finish): ${errorMessage(error)}`,
      error instanceof RegistryError ? error.status : undefined,
      { cause: error },
    );
  }
  if (options.tags.length > 0) {
    const { bytes, descriptor } = await destination.getManifest(digest);
    for (const tag of options.tags) {
      // Checked again just before writing: another job may have taken the tag since the plan.
      const current = await destination.resolve(tag);
      const planned = movedTags.find((moved) => moved.tag === tag)?.from;
      if (current && current.digest !== digest && current.digest !== planned && !options.overwriteTags) {
        throw new RegistryError(
          `${options.destinationName}:${tag} was set to ${current.digest} by someone else during the promotion; ` +
            `left as it is (${digest} is in ${options.destinationName} by digest)`,
        );
      }
      await writeTag(destination, bytes, descriptor.mediaType, tag, logger, digest);
    }
  }

  // 6. What the tags left: a lifecycle record on each digest a tag moved away from.
  for (const moved of movedTags) {
    try {
      const left = await destination.resolve(moved.from);
      if (!left) continue;
      const written = await writeRecord({
        repository: destination,
        subject: left,
        statement: lifecycleStatement(options.destinationName, moved.from, {
          event: 'superseded',
          repository: options.destinationName,
          tag: moved.tag,
          supersededBy: digest,
          at: promotedAt,
          ...(options.runUrl ? { runUrl: options.runUrl } : {}),
        }),
        ...(options.signer ? { signer: options.signer } : {}),
        logger,
      });
      moved.recordDigest = written.descriptor.digest;
    } catch (error) {
      warnings.push(
        `could not record that ${moved.from} was superseded as ${moved.tag}: ${errorMessage(error)}`,
      );
    }
  }

  // 7. Out of quarantine.
  let sourceDeleted: boolean | undefined;
  if (options.deleteSource) {
    if (source.display === destination.display) {
      warnings.push('delete-source: the source is the destination; nothing deleted');
      sourceDeleted = false;
    } else {
      try {
        logger.info(await options.deleteSource(digest));
        sourceDeleted = true;
      } catch (error) {
        warnings.push(`delete-source: ${errorMessage(error)}`);
        sourceDeleted = false;
      }
    }
  }

  return {
    ...planned,
    promoted: true,
    message: `promoted to ${image}${options.tags.length ? ` as ${options.tags.join(', ')}` : ''}`,
    recordDigest,
    ...(referrersCopied !== undefined ? { referrersCopied } : {}),
    ...(sourceDeleted !== undefined ? { sourceDeleted } : {}),
  };
}

/** Tags that are not images of their own: referrer indexes and cosign's signature tags. */
export function isArtifactTag(tag: string): boolean {
  return /^sha256-[0-9a-f]{64}(\.(sig|att|sbom))?$/.test(tag);
}

export interface PromoteBatchOptions extends Omit<PromoteOptions, 'sourceTag' | 'sourceDigest' | 'tags'> {
  /** `all`, or the tags to promote. Each keeps its name in the destination. */
  sourceTags: 'all' | string[];
}

/** Promotes each tag of a quarantine repository on its own verdict: one result per tag. */
export async function promoteBatch(options: PromoteBatchOptions): Promise<PromotionResult[]> {
  const tags =
    options.sourceTags === 'all'
      ? (await options.source.listTags()).filter((tag) => !isArtifactTag(tag)).sort()
      : options.sourceTags;
  // Tags of one repository share most layers: each blob moves once for the whole batch.
  const session = options.session ?? new CopySession();
  const results: PromotionResult[] = [];
  for (const tag of tags) {
    // One tag's registry failure does not stop the others; it is that tag's result.
    const result = await options.logger.group(`${options.sourceName}:${tag}`, () =>
      promoteImage({ ...options, session, sourceTag: tag, tags: [tag] }).catch(
        (error: unknown): PromotionResult => ({
          source: `${options.sourceName}:${tag}`,
          sourceTag: tag,
          promoted: false,
          reason: 'failed',
          message: errorMessage(error),
          tags: [],
          movedTags: [],
          warnings: [],
        }),
      ),
    );
    for (const warning of result.warnings) options.logger.warning(`${tag}: ${warning}`);
    options.logger.info(result.promoted ? result.message : `${result.reason}: ${result.message}`);
    results.push(result);
  }
  return results;
}

/**
 * Removes an image from a registry repository by digest, with the `sha256-<hex>` referrer index of it, so
 * no tag in quarantine names what left it (its referrer manifests are then untagged, for the registry's
 * garbage collection). Platform manifests' indexes stay: another image may share those manifests.
 */
export async function deleteImageByDigest(repository: Repository, digest: string): Promise<string> {
  await repository.deleteManifest(digest);
  const index = await repository.resolve(digestTag(digest));
  if (index) await repository.deleteManifest(index.digest);
  return `deleted ${repository.display}@${digest}${index ? ' and its referrer index' : ''}`;
}
