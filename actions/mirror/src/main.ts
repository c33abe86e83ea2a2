import * as core from '@actions/core';
import {
  CopySession,
  RegistryError,
  acquisitionStatement,
  copyImage,
  copyReferrers,
  errorMessage,
  formatBytes,
  formatReference,
  mapConcurrent,
  openRepository,
  repositoryOf,
  writeRecord,
  type CopyResult,
  type RecordSigner,
  type RegistryClient,
  type Logger,
  type Repository,
} from '@airlock/core';
import { actionRegistryClient, actionsLogger, workflowRunUrl } from '@airlock/core/action';
import { readInputs, type MirrorInputs, type MirrorJob } from './inputs.ts';
import { collectStreamBuffersEvery } from './memory.ts';

/** One image's outcome: an entry of the `results` output and a row of the job summary. */
interface MirrorResult {
  source: string;
  sourceDigest?: string;
  destination: string;
  digest?: string;
  image?: string;
  copied?: boolean;
  previousDigest?: string;
  platforms?: string[];
  bytesCopied?: number;
  referrers?: number;
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
  let referrers = 0;
  let record: string | undefined;
  // Referrers and the acquisition record are written before the tag, so a run that fails leaves the
  // tag as it was.
  const attach = async (written: CopyResult) => {
    if (inputs.copyReferrers) {
      referrers = (await copyReferrersOf(written, source, destination, inputs, session, logger)).length;
    }
    record = await attachAcquisitionRecord(job, written, destination, destinationName, logger, signer);
  };
  const copy: CopyResult = await copyImage({
    source,
    sourceRef: job.source.digest ?? job.source.tag ?? 'latest',
    destination,
    ...(job.destinationTag !== undefined ? { destinationTag: job.destinationTag } : {}),
    platforms: inputs.platforms,
    force: inputs.force,
    concurrency: inputs.concurrency,
    logger,
    session,
    beforeTag: attach,
  });
  // Up to date: the image is there, but its upstream may have gained signatures or SBOMs since.
  if (!copy.copied && inputs.copyReferrers) {
    referrers = (await copyReferrersOf(copy, source, destination, inputs, session, logger)).length;
  }
  return {
    source: job.sourceText,
    sourceDigest: copy.sourceDigest,
    destination: formatReference({ ...job.destination, tag: job.destinationTag }),
    digest: copy.digest,
    image: `${destinationName}@${copy.digest}`,
    copied: copy.copied,
    ...(copy.previousDigest ? { previousDigest: copy.previousDigest } : {}),
    platforms: copy.platforms,
    bytesCopied: copy.bytesCopied,
    referrers,
    ...(record ? { record } : {}),
    seconds: (Date.now() - started) / 1000,
  };
}

/** Referrers of the copied index and of each platform manifest under it. */
async function copyReferrersOf(
  copy: CopyResult,
  source: Repository,
  destination: Repository,
  inputs: MirrorInputs,
  session: CopySession,
  logger: Logger,
) {
  const digests = new Set<string>();
  // A platform filter wrote a new index: referrers of the source index are about another digest.
  if (copy.digest === copy.sourceDigest) digests.add(copy.digest);
  for (const child of copy.manifestDigests) digests.add(child);
  return copyReferrers({
    source,
    destination,
    digests: [...digests],
    concurrency: inputs.concurrency,
    force: inputs.force,
    logger,
    session,
  });
}

async function attachAcquisitionRecord(
  job: MirrorJob,
  copy: CopyResult,
  destination: Repository,
  destinationName: string,
  logger: Logger,
  signer: RecordSigner | undefined,
): Promise<string> {
  const url = workflowRunUrl();
  // The same bytes on every attempt (fixed times), so a retry never adds a second record.
  const created = new Date();
  const statement = acquisitionStatement(destinationName, copy.digest, {
    source: formatReference(job.source),
    sourceDigest: copy.sourceDigest,
    acquiredAt: created.toISOString(),
    ...(url ? { runUrl: url } : {}),
  });
  const subject = { mediaType: copy.mediaType, digest: copy.digest, size: copy.size };
  for (let attempt = 1; ; attempt++) {
    try {
      const written = await writeRecord({
        repository: destination,
        subject,
        statement,
        logger,
        created,
        ...(signer ? { signer } : {}),
      });
      return written.descriptor.digest;
    } catch (error) {
      if (attempt >= recordAttempts || !(error instanceof RegistryError) || isClientError(error)) throw error;
      logger.info(`writing the acquisition record again (attempt ${attempt} failed: ${errorMessage(error)})`);
    }
  }
}

const recordAttempts = 3;
const isClientError = (error: RegistryError) =>
  error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 429;

function summaryTable(results: MirrorResult[]): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const short = (digest: string | undefined) => (digest ? `\`${digest.slice(0, 19)}…\`` : '');
  const rows = results.map((result) => {
    const state = result.error
      ? `failed: ${escape(result.error)}`
      : result.copied
        ? result.previousDigest
          ? `copied (was ${short(result.previousDigest)})`
          : 'copied'
        : 'up to date';
    return [
      `\`${escape(result.source)}\``,
      short(result.digest ?? result.sourceDigest),
      `\`${escape(result.destination)}\``,
      state,
      (result.platforms ?? []).join(', '),
      result.bytesCopied !== undefined ? formatBytes(result.bytesCopied) : '',
      result.seconds.toFixed(1),
    ];
  });
  return [
    '| source | digest | destination | result | platforms | bytes | seconds |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

/** Sigstore is loaded only when the job can sign (`id-token: write`): without it mirror starts faster. */
async function acquisitionSigner(inputs: MirrorInputs): Promise<RecordSigner | undefined> {
  if (!process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN']) return undefined;
  const { jobRecordSigner } = await import('@airlock/core/signing');
  return jobRecordSigner(inputs.sigstore);
}

export async function main(): Promise<void> {
  const inputs = readInputs();
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
    const stopCollecting = collectStreamBuffersEvery(100);
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
