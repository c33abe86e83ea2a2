import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as core from '@actions/core';
import { actionRegistryClient, actionsLogger } from '@airlock/core/action';
import {
  ConfigurationError,
  countByEcosystem,
  defaultDockerConfigPath,
  generateSbom,
  inTotoPayloadType,
  openRepository,
  parseSbomDocument,
  postGithubAttestation,
  repositoryOf,
  resolveSbomTargets,
  sbomStatement,
  toCycloneDx,
  toSpdx,
  writeRecord,
  type Descriptor,
  type Logger,
  type RecordSigner,
  type Repository,
  type SbomDocument,
} from '@airlock/core';
import { readInputs, type AttestSbomInputs } from './inputs.ts';

/** The version written in generated SBOMs as the tool that made them. */
const toolVersion = '0.1.0';

/** One SBOM to attest: about one digest, made here or given. */
interface PlannedSbom {
  platform: string;
  subject: Descriptor;
  document: SbomDocument;
  file: string;
}

interface AttestedSbom extends PlannedSbom {
  recordDigest?: string;
  bundleFile?: string;
  signed: boolean;
  githubAttestationId?: string;
}

/** Sigstore is loaded only when the job can sign (`id-token: write`). */
async function jobSigner(inputs: AttestSbomInputs): Promise<RecordSigner | undefined> {
  if (!process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) return undefined;
  const { jobRecordSigner } = await import('@airlock/core/signing');
  return jobRecordSigner(inputs.sigstore);
}

export async function main(): Promise<void> {
  const env = process.env;
  const inputs = readInputs();
  const logger = actionsLogger;
  const name = repositoryOf(inputs.image);
  const client = actionRegistryClient(
    {
      hosts: inputs.credential ? { [inputs.image.registry]: inputs.credential } : {},
      dockerConfigPath: defaultDockerConfigPath(env),
      ...(inputs.githubToken ? { githubToken: inputs.githubToken } : {}),
    },
    inputs.insecureRegistries,
    env,
  );
  const signer = await jobSigner(inputs);
  if (inputs.githubAttestation && !signer) {
    throw new ConfigurationError(
      "input 'github-attestation' needs a signed attestation, and this job has no OIDC identity: add 'permissions: id-token: write' (and 'attestations: write') to the job",
    );
  }
  logger.info(
    signer
      ? 'attestations are signed with the job’s OIDC identity (Sigstore keyless)'
      : 'attestations are unsigned in-toto statements: the job has no OIDC identity (add permissions: id-token: write to sign them)',
  );
  const out = join(env.RUNNER_TEMP ?? join(process.cwd(), '.airlock-temp'), 'airlock-sbom');
  mkdirSync(out, { recursive: true });

  try {
    const repository = openRepository(inputs.image, { client });
    const reference = inputs.image.digest ?? inputs.image.tag ?? 'latest';
    const image = await logger.group(`Resolve ${name}`, () =>
      resolveSbomTargets(repository, name, reference, inputs.platforms, logger),
    );
    core.setOutput('digest', image.descriptor.digest);

    // Every SBOM is made (or read) before any is attached: a failure leaves nothing half-attested.
    const planned = await logger.group(
      inputs.sbom ? `Check ${inputs.sbom.path}` : `Make the SBOMs of ${name}@${image.descriptor.digest}`,
      () => planSboms(inputs, repository, name, image, out, logger),
    );

    const attested: AttestedSbom[] = [];
    await logger.group('Attest', async () => {
      for (const sbom of planned)
        attested.push(await attest(inputs, repository, name, sbom, signer, out, logger));
    });

    core.setOutput('sbom', attested.map((sbom) => sbom.file).join('\n'));
    core.setOutput('components', String(attested.reduce((sum, sbom) => sum + sbom.document.components, 0)));
    core.setOutput('predicate-type', attested[0]?.document.predicateType ?? '');
    core.setOutput('attestation-digest', attested.flatMap((sbom) => sbom.recordDigest ?? []).join('\n'));
    core.setOutput('bundle', attested.flatMap((sbom) => sbom.bundleFile ?? []).join('\n'));
    await core.summary.addRaw(summaryMarkdown(name, image.descriptor.digest, attested, inputs)).write();
  } finally {
    await client.close();
  }
}

async function planSboms(
  inputs: AttestSbomInputs,
  repository: Repository,
  name: string,
  image: Awaited<ReturnType<typeof resolveSbomTargets>>,
  out: string,
  logger: Logger,
): Promise<PlannedSbom[]> {
  if (inputs.sbom) {
    // A given SBOM is about what `image` names; with one platform picked out of an index, about that one.
    const only =
      image.isIndex && inputs.platforms !== 'all' && image.targets.length === 1
        ? image.targets[0]!
        : undefined;
    const subject = only?.descriptor ?? image.descriptor;
    const document = inputs.sbom.document;
    logger.info(
      `${inputs.sbom.path}: ${document.format === 'cyclonedx' ? 'CycloneDX' : 'SPDX'}, ${document.components} components; about ${name}@${subject.digest}`,
    );
    return [
      {
        platform: only?.platform ?? (image.isIndex ? '' : (image.targets[0]?.platform ?? '')),
        subject,
        document,
        file: inputs.sbom.path,
      },
    ];
  }
  const planned: PlannedSbom[] = [];
  for (const target of image.targets) {
    const started = Date.now();
    const sbom = await generateSbom({ repository, name, digest: target.descriptor.digest, logger });
    const made =
      inputs.format === 'spdx' ? toSpdx(sbom, { toolVersion }) : toCycloneDx(sbom, { toolVersion });
    const bytes = Buffer.from(JSON.stringify(made));
    const label = target.platform || target.descriptor.digest;
    const file = join(
      out,
      `${(target.platform || target.descriptor.digest).replace(/[/:]/g, '-')}.${inputs.format === 'spdx' ? 'spdx' : 'cdx'}.json`,
    );
    writeFileSync(file, bytes);
    const document = parseSbomDocument(bytes, `the SBOM of ${label}`);
    const counts = Object.entries(countByEcosystem(sbom))
      .map(([ecosystem, count]) => `${count} ${ecosystem}`)
      .join(', ');
    logger.info(
      `${label}: ${sbom.components.length} components (${counts || 'none'})` +
        `${sbom.os ? ` on ${sbom.os.prettyName ?? `${sbom.os.id} ${sbom.os.versionId}`}` : ''}, made in ${Date.now() - started} ms`,
    );
    planned.push({
      platform: target.platform || sbom.platform || '',
      subject: target.descriptor,
      document,
      file,
    });
  }
  return planned;
}

async function attest(
  inputs: AttestSbomInputs,
  repository: Repository,
  name: string,
  sbom: PlannedSbom,
  signer: RecordSigner | undefined,
  out: string,
  logger: Logger,
): Promise<AttestedSbom> {
  const statement = sbomStatement(
    name,
    sbom.subject.digest,
    sbom.document.predicateType,
    sbom.document.document,
  );
  const result: AttestedSbom = { ...sbom, signed: signer !== undefined };
  let bundle: object | undefined;
  if (inputs.pushToRegistry) {
    const written = await writeRecord({
      repository,
      subject: sbom.subject,
      statement,
      ...(signer ? { signer } : {}),
      logger,
    });
    result.recordDigest = written.descriptor.digest;
    bundle = written.bundle;
  } else if (signer) {
    bundle = await signer.signDsse(Buffer.from(JSON.stringify(statement)), inTotoPayloadType);
  }
  if (bundle) {
    result.bundleFile = join(out, `${sbom.subject.digest.replace(':', '-')}.sigstore.json`);
    writeFileSync(result.bundleFile, JSON.stringify(bundle));
  }
  if (inputs.githubAttestation && bundle) {
    const env = process.env;
    if (!inputs.githubToken) {
      throw new ConfigurationError(
        "input 'github-attestation' needs 'github-token' (with permissions: attestations: write)",
      );
    }
    result.githubAttestationId = await postGithubAttestation({
      apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
      token: inputs.githubToken,
      repository: env.GITHUB_REPOSITORY ?? '',
      bundle,
    });
    logger.info(`stored in GitHub's attestations as ${result.githubAttestationId || '(no id returned)'}`);
  }
  return result;
}

function summaryMarkdown(
  name: string,
  digest: string,
  attested: AttestedSbom[],
  inputs: AttestSbomInputs,
): string {
  const short = (value: string) => `\`${value.slice(0, 19)}…\``;
  const ecosystems = [...new Set(attested.flatMap((sbom) => Object.keys(sbom.document.byType)))].sort();
  const rows = attested.map((sbom) => [
    sbom.platform || '—',
    short(sbom.subject.digest),
    String(sbom.document.components),
    ...ecosystems.map((type) => String(sbom.document.byType[type] ?? 0)),
    sbom.recordDigest
      ? `${short(sbom.recordDigest)}${sbom.signed ? ' (signed)' : ' (unsigned)'}`
      : sbom.signed
        ? 'signed, not pushed'
        : '—',
  ]);
  const format = attested[0]?.document.format === 'spdx' ? 'SPDX' : 'CycloneDX';
  return [
    `## SBOM attested: \`${name}@${digest.slice(0, 19)}…\``,
    '',
    `${attested.length} ${format} SBOM${attested.length === 1 ? '' : 's'}${inputs.sbom ? ` from \`${inputs.sbom.path}\`` : ', made from the image layers'}` +
      `, ${attested.every((sbom) => sbom.signed) ? 'signed with the job’s identity' : 'unsigned (the job has no `id-token: write`)'}.`,
    '',
    `| platform | digest | components | ${ecosystems.join(' | ')}${ecosystems.length ? ' | ' : ''}attestation |`,
    `|---|---|---|${ecosystems.map(() => '---|').join('')}---|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
  ].join('\n');
}
