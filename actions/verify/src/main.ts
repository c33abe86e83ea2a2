import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { actionRegistryClient, actionsLogger, workflowEvent } from '@airlock/core/action';
import {
  ConfigurationError,
  PredicateType,
  SigstoreVerifier,
  defaultDockerConfigPath,
  checkGate,
  findImageSignatures,
  identityMatchesPolicy,
  isIndex,
  isPullRequestIdentity,
  loadTrustedRoot,
  normalizeRepositoryName,
  readRecords,
  repositoryOf,
  type ExplicitCredential,
  type FoundSignature,
  type SignatureIdentityPolicy,
  type Logger,
  type Repository,
  type SignerIdentity,
  type StoredRecord,
  type GatePolicy,
  type RecordVerifier,
} from '@airlock/core';
import { readInputs, type Requirement, type VerifyInputs } from './inputs.ts';

/** One line of the report: a check, whether it passed, and why. */
export interface Check {
  name: string;
  passed: boolean;
  detail: string;
}

const sbomPredicateTypes = [
  'https://cyclonedx.org/bom',
  'https://spdx.dev/Document/v2.3',
  'https://spdx.dev/Document',
];

export async function main(): Promise<void> {
  const env = process.env;
  const event = workflowEvent(env) as { repository?: { default_branch?: string } };
  const inputs = readInputs({
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    repository: env.GITHUB_REPOSITORY ?? '',
    ...(event.repository?.default_branch ? { defaultBranch: event.repository.default_branch } : {}),
  });
  const logger = actionsLogger;
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
  const name = repositoryOf(inputs.image);
  let checks: Check[];
  let digest: string;
  try {
    const repository = client.repository(inputs.image);
    const reference = inputs.image.digest ?? inputs.image.tag ?? 'latest';
    const top = await repository.resolve(reference);
    if (!top) throw new ConfigurationError(`input 'image': ${name}:${reference} was not found`);
    digest = top.digest;
    const trustedRoot = await loadTrustedRoot({
      ...(inputs.trustedRootPath ? { path: inputs.trustedRootPath } : {}),
      ...(env.RUNNER_TEMP ? { tufCachePath: join(env.RUNNER_TEMP, 'sigstore-tuf') } : {}),
    });
    const verifier = new SigstoreVerifier(trustedRoot);
    checks = await logger.group(`Verify ${name}@${digest}`, () =>
      runChecks(repository, name, digest, inputs, verifier, logger),
    );
  } finally {
    await client.close();
  }

  const verified = checks.every((check) => check.passed);
  const reportPath = join(env.RUNNER_TEMP ?? tmpdir(), `airlock-verify-${digest.slice(7, 19)}.json`);
  mkdirSync(join(reportPath, '..'), { recursive: true });
  writeFileSync(reportPath, JSON.stringify({ image: `${name}@${digest}`, verified, checks }, null, 2));
  core.setOutput('verified', String(verified));
  core.setOutput('digest', digest);
  core.setOutput('report', reportPath);
  await writeSummary(name, digest, checks, verified);
  for (const check of checks) {
    (check.passed ? logger.info : logger.warning)(
      `${check.passed ? 'pass' : 'FAIL'} ${check.name}: ${check.detail}`,
    );
  }
  const failed = checks.filter((check) => !check.passed);
  if (failed.length > 0) {
    throw new ConfigurationError(
      `${name}@${digest} failed verification: ` +
        failed.map((check) => `${check.name} (${check.detail})`).join('; '),
    );
  }
}

async function runChecks(
  repository: Repository,
  name: string,
  digest: string,
  inputs: VerifyInputs,
  verifier: SigstoreVerifier,
  logger: Logger,
): Promise<Check[]> {
  const checks: Check[] = [];
  const signatures = await findImageSignatures({
    repository,
    repositoryName: name,
    digest,
    verifier,
    logger,
  });
  checks.push(...signatureChecks(signatures, inputs, name));

  const need = (requirement: Requirement) => inputs.require.has(requirement);
  if (need('sbom')) checks.push(await sbomCheck(repository, digest, inputs.identity, verifier, logger));
  if (need('verdict') || need('promotion')) {
    const gate = await checkWithGate(repository, name, digest, inputs, verifier, logger);
    if (need('verdict')) checks.push(gate.verdict);
    if (need('promotion')) checks.push(gate.promotion);
  }
  return checks;
}

/** signature, identity, issuer, evidence: each names what it found when it fails. */
export function signatureChecks(signatures: FoundSignature[], inputs: VerifyInputs, name: string): Check[] {
  const valid = signatures.filter((signature) => signature.valid);
  const invalid = signatures.filter((signature) => !signature.valid);
  const checks: Check[] = [];
  checks.push({
    name: 'signature',
    passed: valid.length > 0,
    detail:
      valid.length > 0
        ? `${valid.length} valid (${[...new Set(valid.map(layoutName))].join(', ')})` +
          (invalid.length > 0 ? `; ${invalid.length} that do not verify` : '')
        : signatures.length === 0
          ? 'no signature: neither a Sigstore bundle referrer nor a .sig tag (sign it with sign-keyless)'
          : `none verifies: ${invalid.map((signature) => `${signature.location}: ${signature.problem}`).join('; ')}`,
  });
  const byIdentity = valid.filter((signature) =>
    identityMatchesPolicy({ ...inputs.identity, issuer: undefined }, signature.signer!),
  );
  const seen = [...new Set(valid.map((signature) => signature.signer!.subjectAlternativeName))];
  const pullRequests = seen.filter(isPullRequestIdentity);
  checks.push({
    name: 'identity',
    passed: byIdentity.length > 0,
    detail:
      byIdentity.length > 0
        ? `${byIdentity[0]!.signer!.subjectAlternativeName} matches ${inputs.identityText}`
        : `no valid signature is by ${inputs.identityText}` +
          (seen.length > 0 ? `; signed by ${seen.join(', ')}` : '') +
          (pullRequests.length > 0 ? ' (a pull request’s workflow run is never trusted)' : ''),
  });
  const issuer = inputs.identity.issuer;
  const trusted = byIdentity.filter(
    (signature) => issuer === undefined || signature.signer!.issuer === issuer,
  );
  checks.push({
    name: 'issuer',
    passed: trusted.length > 0,
    detail:
      trusted.length > 0
        ? `${trusted[0]!.signer!.issuer ?? 'any'}`
        : byIdentity.length > 0
          ? `expected ${issuer}, the certificate says ${byIdentity.map((signature) => signature.signer!.issuer ?? 'none').join(', ')}`
          : 'no signature by that identity to check',
  });
  const witnessed = trusted.filter((signature) => signature.evidence?.tlog || signature.evidence?.timestamp);
  checks.push({
    name: 'transparency log or timestamp',
    passed: witnessed.length > 0,
    detail: witnessed.length > 0 ? describeEvidence(witnessed[0]!) : 'no trusted signature with evidence',
  });
  for (const signature of trusted) {
    const reference = signature.dockerReference;
    if (reference && normalizeRepositoryName(reference) !== normalizeRepositoryName(name)) {
      core.notice(
        `${signature.location} names ${reference} in its signed docker-reference, not ${name}: it was signed ` +
          'there and copied here with the image (mirror copies signatures with their digest). The signature ' +
          'covers this exact digest, so it counts; a policy that also checks docker-reference must name ' +
          `${reference}.`,
      );
    }
  }
  return checks;
}

function layoutName(signature: FoundSignature): string {
  return signature.layout === 'bundle' ? 'bundle referrer' : '.sig';
}

function describeEvidence(signature: FoundSignature): string {
  const parts: string[] = [];
  if (signature.evidence?.tlog) parts.push(`Rekor log index ${signature.evidence.logIndex ?? '?'}`);
  if (signature.evidence?.timestamp) parts.push('RFC 3161 timestamp');
  return `${parts.join(' and ')} (${layoutName(signature)})`;
}

function trustedRecord(record: StoredRecord, policy: SignatureIdentityPolicy): boolean {
  if (record.signature !== 'verified' || !record.signer) return false;
  if (policy.issuer !== undefined && record.signer.issuer !== policy.issuer) return false;
  return identityMatchesPolicy(policy, record.signer);
}

/** Runnable platforms: an attestation manifest (`unknown/unknown`) of an index needs no SBOM. */
async function sbomCheck(
  repository: Repository,
  digest: string,
  policy: SignatureIdentityPolicy,
  verifier: SigstoreVerifier,
  logger: Logger,
): Promise<Check> {
  const { manifest } = await repository.getManifest(digest);
  const targets = isIndex(manifest)
    ? manifest.manifests
        .filter((entry) => entry.platform?.os !== 'unknown' && entry.platform?.architecture !== 'unknown')
        .map((entry) => ({
          digest: entry.digest,
          label: entry.platform ? `${entry.platform.os}/${entry.platform.architecture}` : entry.digest,
        }))
    : [{ digest, label: 'the image' }];
  const missing: string[] = [];
  const found: string[] = [];
  for (const target of targets) {
    let kind: string | undefined;
    for (const predicateType of sbomPredicateTypes) {
      const records = await readRecords({
        repository,
        digest: target.digest,
        predicateType,
        verifier,
        logger,
      });
      if (records.some((record) => trustedRecord(record, policy))) {
        kind = predicateType;
        break;
      }
    }
    if (kind) found.push(`${target.label}: ${kind}`);
    else missing.push(target.label);
  }
  return {
    name: 'sbom',
    passed: missing.length === 0 && targets.length > 0,
    detail:
      missing.length === 0
        ? `signed SBOM for ${found.length} of ${targets.length} (${found.join('; ')})`
        : `no SBOM attestation signed by a trusted identity for ${missing.join(', ')} (attest it with attest-sbom)`,
  };
}

/**
 * A verifier that accepts only signers the identity policy trusts: a record signed by anyone else reads
 * as a signature that does not verify, so the gate never counts it. This is how verify's exact or regexp
 * identity reaches the gate, whose own policy then allows any verified signer (`*`).
 */
function trustedSignersOnly(verifier: RecordVerifier, inputs: VerifyInputs): RecordVerifier {
  return {
    async verifyDsse(bundle: unknown) {
      const verified = await verifier.verifyDsse(bundle);
      const { issuer } = inputs.identity;
      if (!identityMatchesPolicy({ ...inputs.identity, issuer: undefined }, verified.signer)) {
        throw new Error(`signed by ${verified.signer.subjectAlternativeName}, not ${inputs.identityText}`);
      }
      if (issuer !== undefined && verified.signer.issuer !== issuer) {
        throw new Error(`vouched for by ${verified.signer.issuer ?? 'an unknown issuer'}, not ${issuer}`);
      }
      return verified;
    },
  };
}

/**
 * The verdict and promotion checks, decided by the gate module as promote's are. This is the one place
 * verify calls the gate, so that its entry point can change here alone.
 */
async function checkWithGate(
  repository: Repository,
  name: string,
  digest: string,
  inputs: VerifyInputs,
  verifier: RecordVerifier,
  logger: Logger,
): Promise<{ verdict: Check; promotion: Check }> {
  const trusted = trustedSignersOnly(verifier, inputs);
  const policy: GatePolicy = {
    identities: ['*'],
    ...(inputs.identity.issuer !== undefined ? { issuer: inputs.identity.issuer } : {}),
    maxAgeMs: inputs.maxVerdictAgeMs,
    requireSigned: true,
    now: new Date(),
  };
  // The same gate as promote: newest trusted verdict, coverage of every runnable manifest, age.
  const decision = await checkGate({
    repository,
    digest,
    policy: { ...policy, repositoryName: name },
    verifier: trusted,
    logger,
  });
  const verdict: Check = { name: 'verdict', passed: decision.allowed, detail: decision.message };

  const promotions = await readRecords({
    repository,
    digest,
    predicateType: PredicateType.promotion,
    verifier: trusted,
    logger,
  });
  const record = promotions.find((candidate) => candidate.signature === 'verified');
  const promotion: Check = record
    ? {
        name: 'promotion',
        passed: true,
        detail: `promoted from ${String((record.statement.predicate as { from?: unknown }).from ?? '?')} (record ${record.descriptor.digest}, signed by ${describeSigner(record.signer)})`,
      }
    : {
        name: 'promotion',
        passed: false,
        detail:
          promotions.length === 0
            ? `no promotion record on ${name}@${digest} (promote it with promote)`
            : `no promotion record signed by a trusted identity (${promotions.map((candidate) => candidate.problem ?? candidate.signature).join('; ')})`,
      };
  return { verdict, promotion };
}

function describeSigner(signer: SignerIdentity | undefined): string {
  return signer ? signer.subjectAlternativeName : 'nobody';
}

async function writeSummary(name: string, digest: string, checks: Check[], verified: boolean): Promise<void> {
  await core.summary
    .addHeading(`${verified ? '✅' : '❌'} verify ${name}@${digest.slice(0, 19)}…`, 3)
    .addTable([
      [
        { data: 'check', header: true },
        { data: 'result', header: true },
        { data: 'detail', header: true },
      ],
      ...checks.map((check) => [check.name, check.passed ? '✅ pass' : '❌ fail', escapeCell(check.detail)]),
    ])
    .write();
}

function escapeCell(text: string): string {
  return text.replace(/[<>&|]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '|': '\\|' })[c]!);
}
