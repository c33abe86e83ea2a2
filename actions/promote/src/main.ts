import { join } from 'node:path';
import * as core from '@actions/core';
import {
  actionRegistryClient,
  actionsLogger,
  defaultSignerIdentities,
  jobHasOidc,
  jobRecordSigner,
  workflowRunUrl,
} from '@airlock/core/action';
import {
  BundleVerifier,
  RefusalError,
  PublicGoodVerifier,
  defaultDockerConfigPath,
  deleteImageByDigest,
  deleteGithubPackageVersion,
  formatDuration,
  openRepository,
  promoteBatch,
  promoteImage,
  repositoryOf,
  type ExplicitCredential,
  type ImageReference,
  type PromoteOptions,
  type PromotionResult,
  type Repository,
  type SourceDeleter,
} from '@airlock/core';
import { readInputs, type PromoteInputs } from './inputs.ts';

export async function main(): Promise<void> {
  const env = process.env;
  const inputs = readInputs();
  const logger = actionsLogger;
  // Before any work: `sigstore: auto` with an unknown visibility is a configuration error.
  const signer = jobRecordSigner(inputs.sigstore, env);

  const client = actionRegistryClient(
    {
      hosts: credentialsByHost(inputs),
      dockerConfigPath: defaultDockerConfigPath(env),
      ...(inputs.githubToken ? { githubToken: inputs.githubToken } : {}),
    },
    inputs.insecureRegistries,
  );
  const source = openRepository(inputs.image, { client, inputName: 'image' });
  const destination = openRepository(inputs.destination, { client, inputName: 'destination' });
  const sourceName = repositoryOf(inputs.image);
  const destinationName = repositoryOf(inputs.destination);

  const verifier = inputs.trustedRoot
    ? new BundleVerifier(inputs.trustedRoot)
    : new PublicGoodVerifier(env.RUNNER_TEMP ? { tufCachePath: join(env.RUNNER_TEMP, 'sigstore-tuf') } : {});
  // By default the verdict must come from the workflow file running this job, on the default branch or
  // a tag (inside a reusable workflow: that workflow at its pinned ref); never from a pull-request run.
  const identities = inputs.verdictIdentityDefaulted
    ? await defaultSignerIdentities(env)
    : inputs.verdictIdentities;
  // Signed verdicts are required by default whenever this job could sign: a pipeline that signs never
  // needs to believe an unsigned record.
  const requireSigned = inputs.requireSignedVerdict ?? jobHasOidc(env);
  if (inputs.requireVerdict) {
    logger.info(
      `signed verdicts are trusted from: ${identities.join(', ') || 'nobody (no workflow identity known: set verdict-identity)'}` +
        `; unsigned verdicts ${requireSigned ? 'are refused' : 'count only when nothing is signed'}`,
    );
  }
  logger.info(
    signer
      ? 'records are signed with the job’s OIDC identity (Sigstore keyless)'
      : 'records are unsigned: the job has no OIDC identity (add permissions: id-token: write to sign them)',
  );
  const runUrl = workflowRunUrl(env);

  const common: CommonOptions = {
    source,
    sourceName,
    destination,
    destinationName,
    ...(inputs.requireVerdict
      ? {
          gate: {
            policy: {
              identities,
              ...(inputs.verdictIssuer ? { issuer: inputs.verdictIssuer } : {}),
              maxAgeMs: inputs.maxVerdictAgeMs,
              requireSigned,
              ...(inputs.verdictRecord ? { verdictRecord: inputs.verdictRecord } : {}),
              allowImported: inputs.allowImportedVerdicts,
              now: new Date(),
            },
            verifier,
          },
        }
      : {}),
    overwriteTags: inputs.overwriteTags,
    copyReferrers: inputs.copyReferrers,
    ...(inputs.deleteSource ? { deleteSource: sourceDeleter(inputs, source, env) } : {}),
    dryRun: inputs.dryRun,
    ...(signer ? { signer } : {}),
    ...(runUrl ? { runUrl } : {}),
    logger,
  };

  let results: PromotionResult[];
  try {
    results = await promoteAll(inputs, common, destinationName);
  } finally {
    await client.close();
  }

  writeOutputs(results, inputs);
  await writeSummary(results, inputs, destinationName);

  const refused = results.filter((result) => !result.promoted && result.reason !== 'dry-run');
  if (refused.length > 0 && !inputs.dryRun) {
    throw new RefusalError(
      refused.length === 1 ? refused[0]!.reason! : 'not-promoted',
      refused.length === 1
        ? `not promoted (${refused[0]!.reason}${refused[0]!.check ? `, failed check: ${refused[0]!.check}` : ''}): ${refused[0]!.message}`
        : `${refused.length} of ${results.length} images not promoted: ` +
            refused.map((result) => `${result.sourceTag ?? result.source} (${result.reason})`).join(', '),
    );
  }
}

type CommonOptions = Omit<PromoteOptions, 'sourceTag' | 'sourceDigest' | 'tags'>;

async function promoteAll(
  inputs: PromoteInputs,
  common: CommonOptions,
  destinationName: string,
): Promise<PromotionResult[]> {
  const logger = common.logger;
  if (inputs.sourceTags) {
    return promoteBatch({ ...common, sourceTags: inputs.sourceTags });
  }
  const result = await logger.group(`Promote ${formatImage(inputs.image)} to ${destinationName}`, () =>
    promoteImage({
      ...common,
      ...(inputs.image.tag ? { sourceTag: inputs.image.tag } : {}),
      ...(inputs.image.digest ? { sourceDigest: inputs.image.digest } : {}),
      tags: singleImageTags(inputs),
    }),
  );
  for (const warning of result.warnings) logger.warning(warning);
  return [result];
}

/** The destination tags of a single promotion: `tags`, the destination's tag, else the source's tag. */
function singleImageTags(inputs: PromoteInputs): string[] {
  const tags = [...inputs.tags];
  if (inputs.destinationHasTag && inputs.destination.tag) tags.unshift(inputs.destination.tag);
  if (tags.length === 0 && inputs.image.tag) tags.push(inputs.image.tag);
  return [...new Set(tags)];
}

function credentialsByHost(inputs: PromoteInputs): Record<string, ExplicitCredential> {
  const hosts: Record<string, ExplicitCredential> = {};
  if (inputs.sourceCredential) hosts[inputs.image.registry] = inputs.sourceCredential;
  if (inputs.destinationCredential) hosts[inputs.destination.registry] = inputs.destinationCredential;
  return hosts;
}

/** ghcr.io takes no registry DELETE: its images are deleted through the GitHub Packages API. */
function sourceDeleter(inputs: PromoteInputs, source: Repository, env: NodeJS.ProcessEnv): SourceDeleter {
  if (inputs.image.registry === 'ghcr.io') {
    return async (digest) => {
      if (!inputs.githubToken) {
        throw new Error(
          "deleting from ghcr.io needs 'github-token' with delete:packages; the source was kept",
        );
      }
      const [owner, ...rest] = inputs.image.repository.split('/');
      return deleteGithubPackageVersion({
        apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
        token: inputs.githubToken,
        owner: owner!,
        packageName: rest.join('/'),
        digest,
      });
    };
  }
  return (digest) => deleteImageByDigest(source, digest);
}

function formatImage(reference: ImageReference): string {
  return `${repositoryOf(reference)}${reference.tag ? `:${reference.tag}` : ''}${reference.digest ? `@${reference.digest}` : ''}`;
}

function writeOutputs(results: PromotionResult[], inputs: PromoteInputs): void {
  const first = results[0];
  const single = !inputs.sourceTags && first !== undefined;
  core.setOutput('promoted', String(results.length > 0 && results.every((result) => result.promoted)));
  core.setOutput('reason', results.find((result) => !result.promoted)?.reason ?? '');
  core.setOutput('digest', single ? (first.digest ?? '') : '');
  core.setOutput('image', single && first.promoted ? (first.image ?? '') : '');
  core.setOutput('record-digest', single ? (first.recordDigest ?? '') : '');
  const tags = results.filter((result) => result.promoted).flatMap((result) => result.tags);
  core.setOutput('tags', tags.join('\n'));
  core.setOutput(
    'results',
    JSON.stringify(
      results.map((result) => ({
        source: result.source,
        ...(result.sourceTag ? { 'source-tag': result.sourceTag } : {}),
        digest: result.digest ?? null,
        image: result.promoted ? (result.image ?? null) : null,
        promoted: result.promoted,
        reason: result.reason ?? null,
        message: result.message,
        tags: result.tags,
        'moved-tags': result.movedTags.map((moved) => ({ tag: moved.tag, from: moved.from })),
        'record-digest': result.recordDigest ?? null,
        verdict: result.verdict ?? null,
        'verdict-record': result.verdictRecord ?? null,
        'verdict-signer': result.verdictSigner ?? null,
        'verdict-unsigned': result.verdictUnsigned ?? false,
        check: result.check ?? null,
        'source-deleted': result.sourceDeleted ?? false,
      })),
    ),
  );
}

async function writeSummary(results: PromotionResult[], inputs: PromoteInputs, destinationName: string) {
  const short = (digest: string | undefined) => (digest ? `\`${digest.slice(0, 19)}…\`` : '—');
  const promoted = results.filter((result) => result.promoted).length;
  const title = inputs.dryRun ? 'Promotion plan (dry run: nothing changed)' : 'Promotion';
  const rows = results.map((result) => {
    const outcome = result.promoted
      ? `✅ promoted${result.tags.length ? ` as ${result.tags.map((tag) => `\`${tag}\``).join(', ')}` : ''}`
      : result.reason === 'dry-run'
        ? `📝 ${result.message}`
        : `⛔ \`${result.reason}\`: ${result.message}`;
    const verdict = result.verdict
      ? `${result.verdict}${result.scannedAt ? `, scanned ${result.scannedAt}` : ''}${result.verdictSigner ? `, signed by ${result.verdictSigner}` : result.verdictRecord ? ', unsigned' : ''}`
      : '—';
    return `| \`${result.source}\` | ${short(result.digest)} | ${outcome} | ${verdict} |`;
  });
  const moved = results.flatMap((result) =>
    result.movedTags.map((entry) => `- \`${destinationName}:${entry.tag}\` moved from ${short(entry.from)}`),
  );
  const cautions = results
    .filter((result) => result.verdictUnsigned && (result.promoted || result.reason === 'dry-run'))
    .map((result) => `\`${result.source}\``);
  const lines = [
    `## ${title}`,
    '',
    ...(cautions.length
      ? [
          '> [!CAUTION]',
          `> The decision for ${cautions.join(', ')} rests on an **unsigned** scan record: anyone who can push to ` +
            'the quarantine repository could have written it. Give the scanning job `permissions: id-token: write` ' +
            'so its verdicts are signed (promote then requires them).',
          '',
        ]
      : []),
    `${promoted} of ${results.length} promoted to \`${destinationName}\`` +
      (inputs.requireVerdict
        ? ` (verdicts no older than ${formatDuration(inputs.maxVerdictAgeMs)})`
        : ' (no verdict required)'),
    '',
    '| source | digest | result | verdict |',
    '|---|---|---|---|',
    ...rows,
    ...(moved.length
      ? ['', '**Tags moved** (the digests they left carry a lifecycle record):', ...moved]
      : []),
    '',
  ];
  await core.summary.addRaw(lines.join('\n')).write();
}
