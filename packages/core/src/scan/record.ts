import type { EvaluatedFinding, Evaluation } from './evaluate.ts';
import type { Policy } from './policy.ts';

// The scan record's predicate: cosign's vulnerability attestation
// (https://cosign.sigstore.dev/attestation/vuln/v1: invocation, scanner {uri, version, db, result},
// metadata {scanStartedOn, scanFinishedOn}) with airlock's verdict and the policy that produced it in
// `scanner.result`. promote reads `scanner.result.verdict` and `metadata.scanFinishedOn`.

export const vulnerabilityPredicateType = 'https://cosign.sigstore.dev/attestation/vuln/v1';

export interface ScannerInfo {
  /** `trivy`, `grype`. */
  name: string;
  version?: string;
  /** The vulnerability DB: where it came from and its version (Trivy: its UpdatedAt). */
  db?: { uri?: string; version?: string };
}

export interface RecordedFinding {
  id: string;
  package: string;
  installed: string;
  fixed: string;
  severity: string;
  cvss?: number;
  platform: string;
  disposition: string;
  reason: string;
}

export interface ScanResultRecord {
  verdict: 'pass' | 'fail';
  reasons: { code: string; message: string }[];
  /** How the verdict was reached: `trivy` (image), `sbom` (attached SBOM), `report` (imported). */
  mode: string;
  /** `true` when the verdict rests on a report made elsewhere (`scanner: report`); the gate refuses it unless allowed. */
  imported?: boolean;
  /**
   * Every manifest digest the verdict covers: each platform manifest scanned (and the index holding them).
   * The gate refuses a digest holding a runnable image manifest that is not listed here.
   */
  covers: string[];
  policy: {
    severityThreshold: string;
    cvssThreshold?: number;
    ignoreUnfixed: boolean;
    exceptions: { id: string; until?: string; package?: string; reason?: string }[];
    packages: {
      name: string;
      ignore?: boolean;
      severityThreshold?: string;
      cvssThreshold?: number;
      ignoreUnfixed?: boolean;
    }[];
  };
  summary: {
    critical: number;
    high: number;
    medium: number;
    low: number;
    unknown: number;
    blocking: number;
    excepted: number;
    suppressed: number;
    ignored: number;
  };
  platforms: { platform: string; digest: string; verdict: string; blocking: number; reasons: string[] }[];
  /** Every finding with what the policy made of it. */
  findings: RecordedFinding[];
  baseline?: string;
}

export interface VulnerabilityPredicate {
  invocation: {
    parameters: Record<string, string> | null;
    uri: string;
    event_id: string;
    'builder.id': string;
  };
  scanner: {
    uri: string;
    version: string;
    db: { uri: string; version: string };
    result: ScanResultRecord;
  };
  metadata: { scanStartedOn: string; scanFinishedOn: string };
}

function recordPolicy(policy: Policy): ScanResultRecord['policy'] {
  return {
    severityThreshold: policy.severityThreshold,
    ...(policy.cvssThreshold !== undefined ? { cvssThreshold: policy.cvssThreshold } : {}),
    ignoreUnfixed: policy.ignoreUnfixed,
    exceptions: policy.exceptions.map(({ id, until, package: pkg, reason }) => ({
      id,
      ...(until ? { until } : {}),
      ...(pkg ? { package: pkg } : {}),
      ...(reason ? { reason } : {}),
    })),
    packages: policy.packages.map(({ name, ignore, severityThreshold, cvssThreshold, ignoreUnfixed }) => ({
      name,
      ...(ignore !== undefined ? { ignore } : {}),
      ...(severityThreshold ? { severityThreshold } : {}),
      ...(cvssThreshold !== undefined ? { cvssThreshold } : {}),
      ...(ignoreUnfixed !== undefined ? { ignoreUnfixed } : {}),
    })),
  };
}

function recordFinding(finding: EvaluatedFinding): RecordedFinding {
  return {
    id: finding.id,
    package: finding.package,
    installed: finding.installed,
    fixed: finding.fixed,
    severity: finding.severity,
    ...(finding.cvssScore !== undefined ? { cvss: finding.cvssScore } : {}),
    platform: finding.platform,
    disposition: finding.disposition,
    reason: finding.reason,
  };
}

export interface VulnerabilityPredicateOptions {
  evaluation: Evaluation;
  scanner: ScannerInfo;
  mode: string;
  startedAt: Date;
  finishedAt: Date;
  /** The workflow run, when known. */
  runUrl?: string;
  baseline?: string;
  /** The manifest digests the scan covered (see ScanResultRecord.covers). */
  covers: string[];
}

/** Package URLs of the scanners, as cosign's predicate names them. */
const scannerPackages: Record<string, string> = {
  trivy: 'pkg:github/aquasecurity/trivy',
  grype: 'pkg:github/anchore/grype',
};

export function buildVulnerabilityPredicate(options: VulnerabilityPredicateOptions): VulnerabilityPredicate {
  const { evaluation, scanner } = options;
  const version = scanner.version ?? 'unknown';
  return {
    invocation: {
      parameters: null,
      uri: options.runUrl ?? '',
      event_id: '',
      'builder.id': 'airlock/quarantine-scan',
    },
    scanner: {
      uri: `${scannerPackages[scanner.name] ?? `pkg:generic/${scanner.name}`}@${version}`,
      version,
      db: { uri: scanner.db?.uri ?? '', version: scanner.db?.version ?? '' },
      result: {
        verdict: evaluation.verdict,
        reasons: evaluation.reasons,
        mode: options.mode,
        ...(options.mode === 'report' ? { imported: true } : {}),
        covers: [...new Set(options.covers)],
        policy: recordPolicy(evaluation.policy),
        summary: {
          critical: evaluation.counts.CRITICAL,
          high: evaluation.counts.HIGH,
          medium: evaluation.counts.MEDIUM,
          low: evaluation.counts.LOW,
          unknown: evaluation.counts.UNKNOWN,
          blocking: evaluation.blocking,
          excepted: evaluation.excepted,
          suppressed: evaluation.suppressed,
          ignored: evaluation.ignored,
        },
        platforms: evaluation.platforms.map((p) => ({
          platform: p.platform,
          digest: p.digest,
          verdict: p.verdict,
          blocking: p.blocking,
          reasons: p.reasons.map((r) => r.code),
        })),
        findings: evaluation.platforms.flatMap((p) => p.findings.map(recordFinding)),
        ...(options.baseline ? { baseline: options.baseline } : {}),
      },
    },
    metadata: {
      scanStartedOn: options.startedAt.toISOString(),
      scanFinishedOn: options.finishedAt.toISOString(),
    },
  };
}

/** The normalized report written to the `report` output file: everything a later step may want. */
export interface NormalizedReport {
  image: string;
  digest: string;
  scanner: ScannerInfo;
  verdict: 'pass' | 'fail';
  evaluation: Evaluation;
}
