import { readFileSync } from 'node:fs';
import {
  booleanInput,
  choiceInput,
  credentialPairInput,
  durationInput,
  listInput,
  secretInput,
  sigstoreInputs,
  stringInput,
  type SigstoreInputs,
} from '@airlock/core/action';
import {
  ConfigurationError,
  githubActionsIssuer,
  parseTrustedRoot,
  defaultTrivyDbRepositories,
  parseCvssThreshold,
  parseExceptions,
  parsePlatforms,
  parsePolicyFile,
  parseReference,
  parseSeverityThreshold,
  parseVexDocument,
  validTrivyVersion,
  defaultTrivyVersion,
  type ExplicitCredential,
  type ImageReference,
  type PlatformSelection,
  type PolicyFile,
  type PolicyInputs,
  type ScanMode,
  type VexStatement,
} from '@airlock/core';

export const scanModes = ['trivy', 'sbom', 'report'] as const;

export interface ScanInputs {
  image: ImageReference;
  scanner: ScanMode;
  reportFile: string;
  platforms: PlatformSelection;
  trivyVersion: string;
  trivyPath: string;
  trivyVerifySignature: boolean;
  trivyDbRepositories: string[];
  trivyJavaDbRepository: string;
  cacheDb: boolean;
  timeoutMs: number;
  policyInputs: PolicyInputs;
  policyFile: PolicyFile | undefined;
  vex: VexStatement[];
  baseline: ImageReference | undefined;
  failOnViolation: boolean;
  attach: boolean;
  sarifPath: string;
  summary: boolean;
  prComment: boolean;
  credential: ExplicitCredential | undefined;
  githubToken: string;
  insecureRegistries: string[];
  sigstore: SigstoreInputs;
  /** Verifies signed SBOM attestations (`scanner: sbom`); undefined: the public-good instance. */
  trustedRoot: ReturnType<typeof parseTrustedRoot> | undefined;
  /** Who may sign the SBOMs `scanner: sbom` uses; empty: the default identities. */
  sbomIdentities: string[];
  sbomIssuer: string | undefined;
}

function trustedRootInput(): ReturnType<typeof parseTrustedRoot> | undefined {
  const path = stringInput('trusted-root');
  if (!path) return undefined;
  try {
    return parseTrustedRoot(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    throw new ConfigurationError(
      `input 'trusted-root': cannot read a Sigstore trusted root from '${path}' ` +
        `(${error instanceof Error ? error.message : String(error)}); give a trusted_root.json file`,
    );
  }
}

function readText(path: string, inputName: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigurationError(
      `input '${inputName}': cannot read '${path}' (${code}); give the path of ${what}`,
    );
  }
}

/** Reads and checks every input before anything is fetched or run. */
export function readInputs(): ScanInputs {
  const image = parseReference(stringInput('image', { required: true }), 'image');
  const scanner = choiceInput('scanner', scanModes, 'trivy');
  const reportFile = stringInput('report-file');
  if (scanner === 'report' && !reportFile) {
    throw new ConfigurationError("input 'report-file' is required when 'scanner' is report");
  }
  if (scanner !== 'report' && reportFile) {
    throw new ConfigurationError(
      `input 'report-file' is only read when 'scanner' is report (it is ${scanner})`,
    );
  }

  const severityText = stringInput('severity-threshold');
  const cvssText = stringInput('cvss-threshold');
  const ignoreUnfixedText = stringInput('ignore-unfixed');
  const policyInputs: PolicyInputs = {
    ...(severityText
      ? { severityThreshold: parseSeverityThreshold(severityText, "input 'severity-threshold'") }
      : {}),
    ...(cvssText ? { cvssThreshold: parseCvssThreshold(cvssText, "input 'cvss-threshold'") } : {}),
    ...(ignoreUnfixedText ? { ignoreUnfixed: booleanInput('ignore-unfixed', false) } : {}),
    exceptions: parseExceptions(stringInput('exceptions'), 'exceptions'),
  };

  const policyPath = stringInput('policy');
  const policyFile = policyPath
    ? parsePolicyFile(readText(policyPath, 'policy', 'a YAML policy file'), policyPath)
    : undefined;

  const vex = listInput('vex').flatMap((path) =>
    parseVexDocument(readText(path, 'vex', 'an OpenVEX or CycloneDX VEX JSON file'), path),
  );

  const baselineText = stringInput('baseline');
  const baseline = baselineText ? parseReference(baselineText, 'baseline') : undefined;
  if (baseline && scanner === 'report') {
    throw new ConfigurationError(
      "input 'baseline' needs 'scanner' trivy or sbom: an imported report has no baseline to scan",
    );
  }

  const sbomIssuer = stringInput('sbom-issuer');
  const timeoutMs = durationInput('timeout', '10m', '10m, 90s or 1h');

  const trivyPath = stringInput('trivy-path');
  const versionText = stringInput('trivy-version');
  const dbRepositories = listInput('trivy-db-repository');

  return {
    image,
    scanner,
    reportFile,
    platforms: parsePlatforms(listInput('platforms'), 'platforms'),
    trivyVersion: versionText ? validTrivyVersion(versionText) : defaultTrivyVersion,
    trivyPath,
    trivyVerifySignature: booleanInput('trivy-verify-signature', true),
    trivyDbRepositories: dbRepositories.length > 0 ? dbRepositories : defaultTrivyDbRepositories,
    trivyJavaDbRepository: stringInput('trivy-java-db-repository'),
    cacheDb: booleanInput('cache-db', true),
    timeoutMs,
    policyInputs,
    policyFile,
    vex,
    baseline,
    failOnViolation: booleanInput('fail-on-violation', true),
    attach: booleanInput('attach', true),
    sarifPath: stringInput('sarif'),
    summary: booleanInput('summary', true),
    prComment: booleanInput('pr-comment', false),
    credential: credentialPairInput(),
    githubToken: secretInput('github-token'),
    insecureRegistries: listInput('insecure-registries'),
    sigstore: sigstoreInputs(),
    trustedRoot: trustedRootInput(),
    sbomIdentities: listInput('sbom-identity'),
    sbomIssuer: sbomIssuer === '*' ? undefined : sbomIssuer || githubActionsIssuer,
  };
}
