import { join } from 'node:path';
import * as core from '@actions/core';
import {
  actionRegistryClient,
  actionsLogger,
  jobRecordSigner,
  workflowEvent,
  type SigstoreInputs,
} from '@airlock/core/action';
import {
  ConfigurationError,
  SigstoreVerifier,
  appendCosignSignature,
  bundleCertificateIdentity,
  bundleLogIndex,
  chainFromTrustedRoot,
  cosignLayerAnnotations,
  cosignSignStatement,
  defaultDockerConfigPath,
  findImageSignatures,
  isIndex,
  loadTrustedRoot,
  repositoryOf,
  signatureTag,
  simpleSigningPayload,
  writeRecord,
  type Descriptor,
  type ExplicitCredential,
  type ImageReference,
  type KeylessSigner,
  type RecordSigner,
  type Logger,
  type Repository,
  type SignatureLayout,
  type SignerIdentity,
} from '@airlock/core';
import { readInputs, type SignInputs } from './inputs.ts';

/** What the step says when the job cannot ask for an OIDC token: the permission, and where it goes. */
export const missingIdTokenMessage =
  "sign-keyless needs the job's OIDC identity, and this job has none: give it the 'id-token: write' " +
  'permission (and keep the ones it needs to push), for example:\n' +
  'permissions:\n  contents: read\n  packages: write\n  id-token: write';

interface SignedDigest {
  digest: string;
  /** The v3 bundle referrer. */
  referrer?: Descriptor;
  bundle?: object;
  /** The legacy `.sig` manifest, the layer appended, and the bundle its annotations came from. */
  sigManifest?: Descriptor;
  sigSignature?: string;
  messageBundle?: object;
  signer?: SignerIdentity;
  evidence?: string;
}

export async function main(): Promise<void> {
  const env = process.env;
  const inputs = readInputs();
  const logger = actionsLogger;
  const signer = jobRecordSigner(inputs.sigstore, env, inputs.oidcAudience);
  if (!signer) throw new ConfigurationError(missingIdTokenMessage);

  const client = actionRegistryClient(
    {
      hosts: inputs.credential
        ? { [inputs.image.registry]: inputs.credential }
        : ({} as Record<string, ExplicitCredential>),
      dockerConfigPath: defaultDockerConfigPath(env),
      ...(inputs.githubToken ? { githubToken: inputs.githubToken } : {}),
    },
    inputs.insecureRegistries,
  );
  try {
    const repository = client.repository(inputs.image);
    const name = repositoryOf(inputs.image);
    const targets = await logger.group(`Resolve ${describe(inputs.image)}`, () =>
      signingTargets(repository, inputs, logger),
    );
    const trustedRoot = await trustedRootFor(inputs, env, logger);
    const chain = trustedRoot ? chainFromTrustedRoot(trustedRoot) : undefined;

    const signed: SignedDigest[] = [];
    for (const target of targets) {
      signed.push(
        await logger.group(`Sign ${name}@${target.digest}`, () =>
          signDigest(repository, inputs, target, signer, chain, logger),
        ),
      );
    }
    if (inputs.verify && trustedRoot) {
      const verifier = new SigstoreVerifier(trustedRoot);
      await logger.group('Verify what was written', () =>
        verifyWritten(repository, name, signed, verifier, inputs, logger),
      );
    }
    writeOutputs(signed[0]!);
    await writeSummary(name, signed, inputs);
  } finally {
    await client.close();
  }
}

function describe(image: ImageReference): string {
  return `${repositoryOf(image)}${image.tag ? `:${image.tag}` : ''}${image.digest ? `@${image.digest}` : ''}`;
}

/** The digest named (a tag is read once, here), and with `recursive` every manifest of its index. */
async function signingTargets(
  repository: Repository,
  inputs: SignInputs,
  logger: Logger,
): Promise<Descriptor[]> {
  const reference = inputs.image.digest ?? inputs.image.tag ?? 'latest';
  const top = await repository.resolve(reference);
  if (!top) {
    throw new ConfigurationError(
      `input 'image': ${describe(inputs.image)} was not found in ${repository.display}`,
    );
  }
  logger.info(`${describe(inputs.image)} is ${top.digest}`);
  if (!inputs.recursive) return [top];
  const { manifest } = await repository.getManifest(top.digest);
  if (!isIndex(manifest)) return [top];
  logger.info(`recursive: ${manifest.manifests.length} platform manifests are signed too`);
  return [top, ...manifest.manifests.map(({ mediaType, digest, size }) => ({ mediaType, digest, size }))];
}

/** The instance that signs, as jobSigner picks it. */
function signingInstance(
  sigstore: SigstoreInputs,
  env: NodeJS.ProcessEnv,
): 'public-good' | 'github' | 'custom' {
  if (sigstore.instance === 'custom') return 'custom';
  if (sigstore.instance === 'github') return 'github';
  if (sigstore.instance === 'auto' && workflowEvent(env).repository?.private === true) return 'github';
  return 'public-good';
}

async function trustedRootFor(inputs: SignInputs, env: NodeJS.ProcessEnv, logger: Logger) {
  if (inputs.trustedRootPath) return loadTrustedRoot({ path: inputs.trustedRootPath });
  const instance = signingInstance(inputs.sigstore, env);
  if (instance === 'public-good') {
    return loadTrustedRoot(env.RUNNER_TEMP ? { tufCachePath: join(env.RUNNER_TEMP, 'sigstore-tuf') } : {});
  }
  logger.warning(
    `the ${instance === 'github' ? 'GitHub' : 'custom'} Sigstore instance's trusted root is not given ('trusted-root'): ` +
      'the signature is not read back and verified, and the .sig carries no certificate chain',
  );
  return undefined;
}

/** The repository name cosign signs into `docker-reference` (Docker Hub as `index.docker.io`). */
function dockerReference(image: ImageReference): string {
  return image.registry === 'docker.io' ? `index.docker.io/${image.repository}` : repositoryOf(image);
}

async function signDigest(
  repository: Repository,
  inputs: SignInputs,
  target: Descriptor,
  signer: RecordSigner & Pick<KeylessSigner, 'signMessage'>,
  chain: string | undefined,
  logger: Logger,
): Promise<SignedDigest> {
  const result: SignedDigest = { digest: target.digest };
  if (inputs.format !== 'legacy') {
    // The same path as airlock's records: a signed in-toto statement written as a referrer.
    const written = await writeRecord({
      repository,
      subject: target,
      statement: cosignSignStatement(target.digest, inputs.annotations),
      signer,
      logger,
    });
    result.referrer = written.descriptor;
    if (written.bundle) result.bundle = written.bundle;
  }
  if (inputs.format !== 'bundle') {
    const payload = simpleSigningPayload(dockerReference(inputs.image), target.digest, inputs.annotations);
    const bundle = await signer.signMessage(payload);
    const annotations = cosignLayerAnnotations(bundle, chain);
    const appended = await appendCosignSignature(repository, target.digest, payload, annotations, logger);
    result.sigManifest = appended.descriptor;
    result.sigSignature = annotations['dev.cosignproject.cosign/signature'];
    result.messageBundle = bundle;
  }
  const bundle = result.bundle ?? result.messageBundle;
  const identity = bundle ? bundleCertificateIdentity(bundle) : undefined;
  if (identity) result.signer = identity;
  const logIndex = bundle ? bundleLogIndex(bundle) : undefined;
  result.evidence = logIndex !== undefined ? `Rekor log index ${logIndex}` : 'RFC 3161 timestamp';
  return result;
}

async function verifyWritten(
  repository: Repository,
  name: string,
  signed: SignedDigest[],
  verifier: SigstoreVerifier,
  inputs: SignInputs,
  logger: Logger,
): Promise<void> {
  const layouts: SignatureLayout[] =
    inputs.format === 'both' ? ['bundle', 'legacy'] : [inputs.format === 'bundle' ? 'bundle' : 'legacy'];
  for (const result of signed) {
    const found = await findImageSignatures({
      repository,
      repositoryName: name,
      digest: result.digest,
      verifier,
      logger,
      layouts,
    });
    const expected: [SignatureLayout, string | undefined][] = [
      ['bundle', result.referrer?.digest],
      ['legacy', result.sigSignature],
    ];
    for (const [layout, id] of expected) {
      if (id === undefined) continue;
      const match = found.find((signature) => signature.layout === layout && signature.id === id);
      if (!match?.valid) {
        throw new Error(
          `the ${layout === 'bundle' ? 'bundle referrer' : `.sig signature (${signatureTag(result.digest)})`} ` +
            `written for ${result.digest} does not verify: ${match?.problem ?? 'it was not found when read back'}`,
        );
      }
      result.signer = match.signer!;
      logger.info(`${match.location}: verified, signed by ${match.signer?.subjectAlternativeName}`);
    }
  }
}

function writeOutputs(top: SignedDigest): void {
  core.setOutput('digest', top.digest);
  const bundle = top.bundle ?? top.messageBundle;
  core.setOutput('bundle', bundle ? JSON.stringify(bundle) : '');
  core.setOutput('signature-digest', (top.referrer ?? top.sigManifest)?.digest ?? '');
  core.setOutput('rekor-log-index', bundle ? (bundleLogIndex(bundle) ?? '') : '');
  core.setOutput('certificate-identity', top.signer?.subjectAlternativeName ?? '');
  core.setOutput('certificate-issuer', top.signer?.issuer ?? '');
}

async function writeSummary(name: string, signed: SignedDigest[], inputs: SignInputs): Promise<void> {
  const rows = signed.map((result) => [
    `\`${result.digest}\``,
    [
      result.referrer ? `bundle referrer \`${result.referrer.digest.slice(0, 19)}…\`` : '',
      result.sigManifest ? `\`${signatureTag(result.digest).slice(0, 20)}….sig\`` : '',
    ]
      .filter(Boolean)
      .join('<br>'),
    result.evidence ?? '',
    inputs.verify ? (result.signer ? 'verified' : 'not verified') : 'not asked',
  ]);
  const signer = signed[0]?.signer;
  await core.summary
    .addHeading(`Signed ${name}`, 3)
    .addRaw(
      signer
        ? `Signed by \`${signer.subjectAlternativeName}\` (issuer \`${signer.issuer ?? 'unknown'}\`).\n\n`
        : '',
    )
    .addTable([
      [
        { data: 'digest', header: true },
        { data: 'stored as', header: true },
        { data: 'evidence', header: true },
        { data: 'read back', header: true },
      ],
      ...rows,
    ])
    .write();
}
