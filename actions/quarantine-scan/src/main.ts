import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as core from '@actions/core';
import {
  actionRegistryClient,
  actionsLogger,
  defaultSignerIdentities,
  jobHasOidc,
  jobRecordSigner,
  workflowEvent,
  workflowRunUrl,
} from '@airlock/core/action';
import {
  BundleVerifier,
  ConfigurationError,
  RefusalError,
  CredentialResolver,
  PublicGoodVerifier,
  coveredManifests,
  type AttachedSbom,
  type SbomTrust,
  errorMessage,
  buildSarif,
  buildStatement,
  buildVulnerabilityPredicate,
  defaultDockerConfigPath,
  evaluate,
  installTrivy,
  openRepository,
  prepareTrivy,
  publicGoodBlobVerifier,
  publicGoodRekorUrl,
  repositoryOf,
  resolveImage,
  resolvePolicy,
  restoreTrivyDb,
  saveTrivyDb,
  scanAttachedSboms,
  scanCommentMarker,
  scanCommentMarkdown,
  scanFromReport,
  scanImageWithTrivy,
  scanSummaryMarkdown,
  subjectOf,
  trivyDbCacheKey,
  upsertPullRequestComment,
  vulnerabilityPredicateType,
  writeRecord,
  type Evaluation,
  type ImageReference,
  type ImageTarget,
  type NormalizedReport,
  type PlatformScan,
  type RegistryClient,
  type ResolvedImage,
  type ScanTimings,
  type ScannerInfo,
  type TrivySetup,
} from '@airlock/core';
import { readInputs, type ScanInputs } from './inputs.ts';

export async function main(): Promise<void> {
  const started = new Date();
  const env = process.env;
  const inputs = readInputs();
  const logger = actionsLogger;
  // Before any work: `sigstore: auto` with an unknown visibility is a configuration error.
  const signer = inputs.attach ? jobRecordSigner(inputs.sigstore, env) : undefined;
  if (inputs.image.kind !== 'registry') {
    throw new ConfigurationError(`input 'image' must name an image on a registry, got an OCI layout`);
  }
  const imageName = repositoryOf(inputs.image);
  // One resolver for the registry client and Trivy, so both use the same credential.
  const credentials = new CredentialResolver(
    {
      hosts: inputs.credential ? { [inputs.image.registry]: inputs.credential } : {},
      dockerConfigPath: defaultDockerConfigPath(env),
      ...(inputs.githubToken ? { githubToken: inputs.githubToken } : {}),
    },
    (secret) => core.setSecret(secret),
  );
  const client = actionRegistryClient(credentials, inputs.insecureRegistries, env);
  const target: ImageTarget = {
    repository: openRepository(inputs.image, { client }),
    name: imageName,
    reference: inputs.image.digest ?? inputs.image.tag ?? 'latest',
    inputName: 'image',
  };

  const image = await logger.group(`Resolve ${imageName}`, () =>
    resolveImage(target, inputs.platforms, logger),
  );
  core.setOutput('digest', image.digest);

  const timings: ScanTimings = { scannerMs: 0 };
  const temp = env.RUNNER_TEMP ?? join(process.cwd(), '.airlock-temp');
  let scans: PlatformScan[];
  let scanner: ScannerInfo;
  let baselineScan: { image: string; platforms: PlatformScan[] } | undefined;

  const sbomsUsed: AttachedSbom[] = [];
  const sbomTrust =
    inputs.scanner === 'sbom' ? await logger.group('SBOM trust', () => sbomTrustOf(inputs, env)) : undefined;

  if (inputs.scanner === 'report') {
    const imported = scanFromReport(image, inputs.reportFile);
    scans = imported.platforms;
    scanner = imported.scanner;
    logger.info(`imported ${scans[0]!.findings.length} findings from ${inputs.reportFile} (${scanner.name})`);
  } else {
    const setup = await logger.group('Set up Trivy', () => setUpTrivy(inputs, temp, credentials));
    scanner = await logger.group('Vulnerability DB', async () => {
      const info = await prepareTrivy(setup, timings);
      logger.info(
        `Trivy ${info.version ?? ''}, DB ${info.db?.version ?? 'unknown'} from ${info.db?.uri ?? ''}`,
      );
      if (inputs.cacheDb && !setup.dbRestored)
        await saveTrivyDb(join(setup.run.cacheDir, 'db'), cacheKey(inputs), logger);
      return info;
    });
    scans = await logger.group(`Scan ${image.pinned}`, () =>
      scanPlatforms(inputs.scanner, image, target, setup, timings, sbomTrust, sbomsUsed),
    );
    if (inputs.baseline) {
      baselineScan = await logger.group(`Scan the baseline ${repositoryOf(inputs.baseline)}`, async () => {
        const baselineTarget = baselineTargetOf(inputs.baseline!, client);
        const resolved = await resolveImage(baselineTarget, 'all', logger);
        const platforms = await scanPlatforms(
          inputs.scanner,
          resolved,
          baselineTarget,
          setup,
          timings,
          sbomTrust && { ...sbomTrust, repositoryName: baselineTarget.name },
        );
        return { image: resolved.pinned, platforms };
      });
    }
  }

  const evaluation = evaluate({
    imageDigest: image.digest,
    platforms: scans,
    policy: resolvePolicy(inputs.policyInputs, inputs.policyFile),
    vex: inputs.vex,
    ...(baselineScan ? { baseline: baselineScan } : {}),
    now: started,
  });
  for (const exception of evaluation.expiredExceptions) {
    logger.warning(
      `the exception for ${exception.id} (${exception.origin}) expired on ${exception.until}; it no longer applies`,
    );
  }
  const finished = new Date();
  const runUrl = workflowRunUrl(env);

  const files = writeFiles(inputs, image, evaluation, scanner, temp);

  let recordDigest = '';
  if (inputs.attach) {
    recordDigest = await logger.group('Attach the scan record', async () => {
      const predicate = buildVulnerabilityPredicate({
        evaluation,
        scanner,
        mode: inputs.scanner,
        covers: coveredManifests(
          image,
          image.platforms.filter((p) => scans.some((scan) => scan.digest === p.digest)),
        ),
        startedAt: started,
        finishedAt: finished,
        ...(runUrl ? { runUrl } : {}),
        ...(baselineScan ? { baseline: baselineScan.image } : {}),
      });
      const statement = buildStatement(
        subjectOf(imageName, image.digest),
        vulnerabilityPredicateType,
        predicate,
      );
      if (!signer)
        logger.info(
          'the record is unsigned: the job has no OIDC identity (add permissions: id-token: write to sign it)',
        );
      const written = await writeRecord({
        repository: target.repository,
        subject: image.descriptor,
        statement,
        ...(signer ? { signer } : {}),
        logger,
      });
      return written.descriptor.digest;
    });
  }

  const counts = evaluation.counts;
  core.setOutput('verdict', evaluation.verdict);
  core.setOutput('blocking', evaluation.blocking);
  core.setOutput('critical', counts.CRITICAL);
  core.setOutput('high', counts.HIGH);
  core.setOutput('medium', counts.MEDIUM);
  core.setOutput('low', counts.LOW);
  core.setOutput('unknown', counts.UNKNOWN);
  core.setOutput('excepted', evaluation.excepted);
  core.setOutput('report', files.report);
  core.setOutput('sarif', files.sarif);
  core.setOutput('record-digest', recordDigest);

  const summaryOptions = { image: image.pinned, evaluation, scanner, ...(runUrl ? { runUrl } : {}) };
  const cautions: string[] = [];
  if (sbomsUsed.some((sbom) => !sbom.signed)) {
    cautions.push(
      'The verdict rests on an **unsigned** SBOM: anyone who can push to the quarantine repository could have ' +
        'written it, leaving vulnerable packages out. Attach SBOMs with attest-sbom in a job with ' +
        '`permissions: id-token: write`, or scan the image with `scanner: trivy`.',
    );
  }
  if (inputs.scanner === 'report') {
    cautions.push(
      'The verdict comes from an **imported report**, not a scan of this digest; promote refuses it unless ' +
        '`allow-imported-verdicts` is true.',
    );
  }
  for (const caution of cautions) logger.warning(caution.replace(/\*\*/g, ''));
  if (inputs.summary && env.GITHUB_STEP_SUMMARY) {
    const block = cautions.map((caution) => `> [!CAUTION]\n> ${caution}\n\n`).join('');
    await core.summary.addRaw(block + scanSummaryMarkdown(summaryOptions)).write();
  }
  if (inputs.prComment) {
    // One comment per image as the workflow names it: each tag of a repository gets its own.
    const commentKey = inputs.image.tag ? `${imageName}:${inputs.image.tag}` : imageName;
    await commentOnPullRequest(
      inputs,
      commentKey,
      scanCommentMarkdown({ ...summaryOptions, repository: commentKey }),
      env,
    );
  }

  // From process start: loading the bundle counts as the step's own time too.
  const totalMs = Math.round(process.uptime() * 1000);
  core.debug(
    `time: ${totalMs} ms in total, ${timings.scannerMs} ms in Trivy, ${totalMs - timings.scannerMs} ms in this step's own work`,
  );
  logger.info(
    `verdict: ${evaluation.verdict} (${evaluation.blocking} blocking, ${evaluation.excepted} excepted, ${evaluation.suppressed} not affected per VEX)`,
  );
  if (evaluation.verdict === 'fail' && inputs.failOnViolation) {
    throw new RefusalError(
      'policy',
      `${image.pinned} fails the policy: ${evaluation.reasons.map((reason) => reason.message).join('; ')}`,
    );
  }
}

function cacheKey(inputs: ScanInputs): string {
  return trivyDbCacheKey(inputs.trivyDbRepositories, new Date());
}

async function setUpTrivy(
  inputs: ScanInputs,
  temp: string,
  credentials: CredentialResolver,
): Promise<TrivySetup & { dbRestored: boolean }> {
  const logger = actionsLogger;
  let trivyPath = inputs.trivyPath;
  let version: string | undefined;
  if (!trivyPath) {
    const installed = await installTrivy({
      version: inputs.trivyVersion,
      logger,
      ...(inputs.trivyVerifySignature
        ? {
            signature: {
              verify: publicGoodBlobVerifier(join(temp, 'sigstore-tuf')),
              rekorUrl: publicGoodRekorUrl,
            },
          }
        : {}),
    });
    trivyPath = installed.path;
    version = installed.version;
  } else {
    logger.info(`Trivy from trivy-path: ${trivyPath}`);
  }
  const cacheDir = join(temp, 'airlock-trivy-cache');
  mkdirSync(cacheDir, { recursive: true });
  const dbRestored = inputs.cacheDb
    ? await restoreTrivyDb(join(cacheDir, 'db'), cacheKey(inputs), logger)
    : false;
  const credential = await credentials.forRegistry(inputs.image.registry);
  return {
    run: {
      trivyPath,
      cacheDir,
      insecureRegistries: inputs.insecureRegistries,
      ...(inputs.trivyJavaDbRepository ? { javaDbRepository: inputs.trivyJavaDbRepository } : {}),
      credentialHost: inputs.image.registry,
      ...(credential
        ? {
            credential: {
              ...(credential.username ? { username: credential.username } : {}),
              ...(credential.password ? { password: credential.password } : {}),
              ...(credential.registryToken ? { registryToken: credential.registryToken } : {}),
            },
          }
        : {}),
      timeoutMs: inputs.timeoutMs,
      logger,
    },
    dbRepositories: inputs.trivyDbRepositories,
    ...(version ? { version } : {}),
    dbRestored,
  };
}

function scanPlatforms(
  mode: ScanInputs['scanner'],
  image: ResolvedImage,
  target: ImageTarget,
  setup: TrivySetup,
  timings: ScanTimings,
  sbomTrust?: SbomTrust,
  sbomsUsed?: AttachedSbom[],
): Promise<PlatformScan[]> {
  return mode === 'sbom' && sbomTrust
    ? scanAttachedSboms(
        image,
        target.repository,
        setup,
        timings,
        { ...sbomTrust, repositoryName: target.name },
        actionsLogger,
        sbomsUsed,
      )
    : scanImageWithTrivy(image, target.name, setup, timings, actionsLogger);
}

/** Which SBOMs `scanner: sbom` believes: the gate's identity rules, verified against `trusted-root`. */
async function sbomTrustOf(inputs: ScanInputs, env: NodeJS.ProcessEnv): Promise<SbomTrust> {
  const identities =
    inputs.sbomIdentities.length > 0 ? inputs.sbomIdentities : await defaultSignerIdentities(env);
  const allowUnsigned = !jobHasOidc(env);
  actionsLogger.info(
    `SBOM attestations are trusted when signed by: ${identities.join(', ') || 'nobody (set sbom-identity)'}` +
      (allowUnsigned
        ? '; unsigned ones naming this repository are used too (this job has no OIDC identity)'
        : '; unsigned ones are not used (this job has an OIDC identity)'),
  );
  return {
    verifier: inputs.trustedRoot
      ? new BundleVerifier(inputs.trustedRoot)
      : new PublicGoodVerifier(
          env.RUNNER_TEMP ? { tufCachePath: join(env.RUNNER_TEMP, 'sigstore-tuf') } : {},
        ),
    identity: { identities, ...(inputs.sbomIssuer ? { issuer: inputs.sbomIssuer } : {}) },
    allowUnsigned,
    repositoryName: '',
  };
}

function baselineTargetOf(reference: ImageReference, client: RegistryClient): ImageTarget {
  return {
    repository: openRepository(reference, { client }),
    name: repositoryOf(reference),
    reference: reference.digest ?? reference.tag ?? 'latest',
    inputName: 'baseline',
  };
}

function writeFiles(
  inputs: ScanInputs,
  image: ResolvedImage,
  evaluation: Evaluation,
  scanner: ScannerInfo,
  temp: string,
): { report: string; sarif: string } {
  const id = createHash('sha256').update(image.pinned).digest('hex').slice(0, 12);
  const report = join(temp, `airlock-scan-${id}.json`);
  const sarif = inputs.sarifPath || join(temp, `airlock-scan-${id}.sarif`);
  mkdirSync(dirname(report), { recursive: true });
  mkdirSync(dirname(sarif), { recursive: true });
  const normalized: NormalizedReport = {
    image: image.pinned,
    digest: image.digest,
    scanner,
    verdict: evaluation.verdict,
    evaluation,
  };
  writeFileSync(report, JSON.stringify(normalized, null, 2));
  writeFileSync(sarif, JSON.stringify(buildSarif(evaluation, { image: image.pinned, scanner }), null, 2));
  return { report, sarif };
}

async function commentOnPullRequest(
  inputs: ScanInputs,
  commentKey: string,
  body: string,
  env: NodeJS.ProcessEnv,
) {
  const number = workflowEvent(env).pull_request?.number;
  if (!number) {
    actionsLogger.info('pr-comment: this run is not for a pull request; no comment');
    return;
  }
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo || !inputs.githubToken) {
    throw new ConfigurationError(
      "input 'pr-comment' needs 'github-token' (with pull-requests: write) and GITHUB_REPOSITORY",
    );
  }
  try {
    await upsertPullRequestComment({
      token: inputs.githubToken,
      owner,
      repo,
      issueNumber: number,
      marker: scanCommentMarker(commentKey),
      body,
      logger: actionsLogger,
      ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}),
    });
  } catch (error) {
    // The verdict and its record stand; a comment that could not be written is worth a warning only.
    actionsLogger.warning(
      `could not comment on pull request #${number} (${errorMessage(error)}); give the job 'pull-requests: write'`,
    );
  }
}
