import * as core from '@actions/core';
import {
  CopySession,
  RegistryError,
  acquisitionStatement,
  errorMessage,
  formatBytes,
  formatReference,
  mapConcurrent,
  markdownCell,
  markdownTable,
  openRepository,
  repositoryOf,
  shortDigest,
  transferImage,
  writeRecord,
  type CopyResult,
  type RecordSigner,
  type RegistryClient,
  type Logger,
  type Repository,
} from '@airlock/core';
import { actionRegistryClient, actionsLogger, workflowRunUrl } from '@airlock/core/action';
import { readInputs, type MirrorInputs, type MirrorJob } from './inputs.ts';
import { collectStreamBuffers } from './memory.ts';

/** One image's outcome: an entry of the `results` output and a row of the job summary. */
interface MirrorResult {
  source: string;
  sourceDigest?: string;
  destination: string;
  digest?: string;
  image?: string;
  /** Whether anything was written: the image, a new referrer, or the record. */
  copied?: boolean;
  /** Whether the image itself was written (false when only referrers were). */
  imageCopied?: boolean;
  previousDigest?: string;
  platforms?: string[];
  bytesCopied?: number;
  /** Referrers found at the source, and how many of them were written now. */
  referrers?: number;
  referrersCopied?: number;
  record?: string;
  seconds: number;
  error?: string;
}

async function mirrorOne(
  job: MirrorJob,
  inputs: MirrorInputs,
  client: RegistryClient,
  session: CopySession,
  logger: Logger,
  signer: RecordSigner | undefined,
): Promise<MirrorResult> {
  const started = Date.now();
  const source = openRepository(job.source, { client, inputName: inputs.batch ? 'images' : 'source' });
  const destination = openRepository(job.destination, {
    client,
    inputName: inputs.batch ? 'images' : 'destination',
  });
  const destinationName = repositoryOf(job.destination);
  // Referrers and the acquisition record are written before the tag, so a run that fails leaves the
  // tag as it was; when the image is already there, only its referrers are brought up to date.
  const transfer = await transferImage({
    source,
    sourceRef: job.source.digest ?? job.source.tag ?? 'latest',
    destination,
    ...(job.destinationTag !== undefined ? { destinationTag: job.destinationTag } : {}),
    platforms: inputs.platforms,
    force: inputs.force,
    concurrency: inputs.concurrency,
    logger,
    session,
    copyReferrers: inputs.copyReferrers,
    record: acquisitionRecordWriter(job, destination, destinationName, logger, signer),
  });
  return {
    source: job.sourceText,
    sourceDigest: transfer.sourceDigest,
    destination: formatReference({ ...job.destination, tag: job.destinationTag }),
    digest: transfer.digest,
    image: `${destinationName}@${transfer.digest}`,
    copied: transfer.copied,
    imageCopied: transfer.imageCopied,
    ...(transfer.previousDigest ? { previousDigest: transfer.previousDigest } : {}),
    platforms: transfer.platforms,
    bytesCopied: transfer.bytesCopied,
    referrers: transfer.referrers.length,
    referrersCopied: transfer.referrersCopied,
    ...(transfer.recordDigest ? { record: transfer.recordDigest } : {}),
    seconds: (Date.now() - started) / 1000,
  };
}

/** Writes the acquisition record on the copied digest; the same bytes on every attempt (fixed times). */
function acquisitionRecordWriter(
  job: MirrorJob,
  destination: Repository,
  destinationName: string,
  logger: Logger,
  signer: RecordSigner | undefined,
): (copy: CopyResult) => Promise<string> {
  const url = workflowRunUrl();
  const created = new Date();
  return async (copy) => {
    const statement = acquisitionStatement(destinationName, copy.digest, {
      source: formatReference(job.source),
      sourceDigest: copy.sourceDigest,
      acquiredAt: created.toISOString(),
      ...(url ? { runUrl: url } : {}),
    });
    const written = await writeRecord({
      repository: destination,
      subject: { mediaType: copy.mediaType, digest: copy.digest, size: copy.size },
      statement,
      logger,
      created,
      ...(signer ? { signer } : {}),
    });
    return written.descriptor.digest;
  };
}

/** What happened to one image, in a word or a few. */
function resultState(result: MirrorResult): string {
  if (result.error) return `failed: ${markdownCell(result.error)}`;
  if (!result.copied) return 'up to date';
  if (result.imageCopied === false) {
    const count = result.referrersCopied ?? 0;
    return count > 0
      ? `image up to date, ${count} new referrer${count === 1 ? '' : 's'} copied`
      : 'image up to date, record written';
  }
  return result.previousDigest ? `copied (was ${shortDigest(result.previousDigest)})` : 'copied';
}

function summaryTable(results: MirrorResult[]): string {
  const rows = results.map((result) => [
    `\`${markdownCell(result.source)}\``,
    shortDigest(result.digest ?? result.sourceDigest),
    `\`${markdownCell(result.destination)}\``,
    resultState(result),
    (result.platforms ?? []).join(', '),
    result.bytesCopied !== undefined ? formatBytes(result.bytesCopied) : '',
    result.seconds.toFixed(1),
  ]);
  return markdownTable(['source', 'digest', 'destination', 'result', 'platforms', 'bytes', 'seconds'], rows);
}

/** Sigstore is loaded only when the job can sign (`id-token: write`): without it mirror starts faster. */
async function acquisitionSigner(inputs: MirrorInputs): Promise<RecordSigner | undefined> {
  if (!process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN']) return undefined;
  const { jobRecordSigner } = await import('@airlock/core/signing');
  return jobRecordSigner(inputs.sigstore);
}

export async function main(): Promise<void> {
  const inputs = await readInputs();
  const logger = actionsLogger;
  const client = actionRegistryClient(inputs.credentials, inputs.insecureRegistries);
  const signer = await acquisitionSigner(inputs);
  logger.info(
    signer
      ? 'the acquisition record is signed with the job’s OIDC identity (Sigstore keyless)'
      : 'the acquisition record is unsigned: the job has no OIDC identity (permissions: id-token: write signs it)',
  );
  try {
    // Which inputs name each registry, so that a failure to reach one says where it came from.
    const registries = new Map<string, Set<string>>();
    for (const job of inputs.jobs) {
      for (const [reference, input] of [
        [job.source, inputs.batch ? 'images' : 'source'],
        [job.destination, inputs.batch ? 'images' : 'destination'],
      ] as const) {
        if (reference.kind !== 'registry') continue;
        const names = registries.get(reference.registry) ?? new Set<string>();
        registries.set(reference.registry, names.add(input));
      }
    }
    if (registries.size > 0) {
      // A wrong host or password is reported before any work starts.
      await logger.group('Check registries', async () => {
        const checks = [...registries].map(async ([registry, names]) => {
          try {
            await client.ping(registry);
          } catch (error) {
            if (!(error instanceof RegistryError)) throw error;
            const named = [...names].map((name) => `'${name}'`).join(' and ');
            throw new RegistryError(`${error.message} (the registry of input ${named})`, error.status);
          }
          logger.info(`${registry}: reachable`);
        });
        // Checked at the same time; the first registry that fails, in input order, is the one reported.
        const outcomes = await Promise.allSettled(checks);
        const failed = outcomes.find((outcome) => outcome.status === 'rejected');
        if (failed) throw failed.reason;
      });
    }
    const session = new CopySession();
    const stopCollecting = collectStreamBuffers();
    const results = await mapConcurrent(
      inputs.jobs,
      inputs.batch ? Math.min(4, inputs.concurrency) : 1,
      (job) => {
        const run = async (): Promise<MirrorResult> => {
          const started = Date.now();
          try {
            return await mirrorOne(job, inputs, client, session, logger, signer);
          } catch (error) {
            // A single image fails the action as it is; a batch goes on with the other images.
            if (!inputs.batch) throw error;
            logger.warning(`${job.origin}: ${job.sourceText}: ${errorMessage(error)}`);
            return {
              source: job.sourceText,
              destination: formatReference({ ...job.destination, tag: job.destinationTag }),
              seconds: (Date.now() - started) / 1000,
              error: errorMessage(error),
            };
          }
        };
        return inputs.batch ? run() : logger.group(`Mirror ${job.sourceText}`, run);
      },
    );

    stopCollecting();
    const first = results[0]!;
    if (!inputs.batch && first.digest) {
      core.setOutput('digest', first.digest);
      core.setOutput('image', first.image);
      core.setOutput('copied', String(first.copied));
      core.setOutput('previous-digest', first.previousDigest ?? '');
      core.setOutput('platforms', (first.platforms ?? []).join(','));
      core.setOutput('bytes-copied', String(first.bytesCopied ?? 0));
    }
    core.setOutput('results', JSON.stringify(results));
    // Markdown, not an HTML heading: GitHub renders a table only after a blank line, not inside an HTML block.
    await core.summary.addRaw(`### Mirror\n\n${summaryTable(results)}\n`).write();

    const failed = results.filter((result) => result.error);
    if (failed.length > 0) {
      throw new RegistryError(
        `${failed.length} of ${results.length} images failed: ` +
          failed.map((result) => `${result.source}: ${result.error}`).join('; '),
      );
    }
  } finally {
    await client.close();
  }
}
