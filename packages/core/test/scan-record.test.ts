import { describe, expect, it } from '@jest/globals';
import {
  buildStatement,
  buildVulnerabilityPredicate,
  evaluate,
  parseExceptions,
  resolvePolicy,
  scannedAtOf,
  subjectOf,
  verdictOf,
  vulnerabilityPredicateType,
  scanPredicateType,
  type Finding,
} from '../src/index.ts';

const digest = `sha256:${'c'.repeat(64)}`;
const finding: Finding = {
  id: 'CVE-2099-1001',
  package: 'openssl',
  installed: '3.1.1-r0',
  fixed: '3.1.2-r0',
  severity: 'CRITICAL',
  cvssScore: 9.8,
  status: 'fixed',
  platform: 'linux/amd64',
};

describe('scan record predicate', () => {
  const evaluation = evaluate({
    imageDigest: digest,
    platforms: [{ platform: 'linux/amd64', digest, findings: [finding] }],
    policy: resolvePolicy({ exceptions: parseExceptions('CVE-2099-1001 until=2999-01-01 patched') }),
  });
  const predicate = buildVulnerabilityPredicate({
    evaluation,
    scanner: {
      name: 'trivy',
      version: '0.58.1',
      db: { uri: 'mirror.gcr.io/aquasec/trivy-db:2', version: '2026-06-01T00:00:00Z' },
    },
    mode: 'trivy',
    covers: [],
    startedAt: new Date('2026-06-01T10:00:00Z'),
    finishedAt: new Date('2026-06-01T10:00:30Z'),
    runUrl: 'https://github.com/example/app/actions/runs/7',
  });

  it('is cosign’s vuln predicate with the verdict, policy and findings in scanner.result', () => {
    expect(vulnerabilityPredicateType).toBe(scanPredicateType);
    expect(predicate.scanner).toMatchObject({
      uri: 'pkg:github/aquasecurity/trivy@0.58.1',
      version: '0.58.1',
      db: { uri: 'mirror.gcr.io/aquasec/trivy-db:2', version: '2026-06-01T00:00:00Z' },
    });
    expect(predicate.scanner.result).toMatchObject({
      verdict: 'pass',
      mode: 'trivy',
      policy: {
        severityThreshold: 'HIGH',
        ignoreUnfixed: false,
        exceptions: [{ id: 'CVE-2099-1001', until: '2999-01-01', reason: 'patched' }],
      },
      summary: { critical: 1, high: 0, blocking: 0, excepted: 1 },
      platforms: [{ platform: 'linux/amd64', digest, verdict: 'pass', blocking: 0, reasons: [] }],
      findings: [{ id: 'CVE-2099-1001', package: 'openssl', cvss: 9.8, disposition: 'excepted' }],
    });
    expect(predicate.invocation.uri).toBe('https://github.com/example/app/actions/runs/7');
    expect(predicate.metadata).toEqual({
      scanStartedOn: '2026-06-01T10:00:00.000Z',
      scanFinishedOn: '2026-06-01T10:00:30.000Z',
    });
  });

  it('is read by the promotion gate: verdict and scan time', () => {
    const statement = buildStatement(
      subjectOf('registry.example/app', digest),
      vulnerabilityPredicateType,
      predicate,
    );
    expect(verdictOf(statement.predicate)).toBe('pass');
    const record = { descriptor: { mediaType: 'x', digest, size: 1 }, statement, signature: 'none' as const };
    expect(scannedAtOf(record)).toBe('2026-06-01T10:00:30.000Z');
  });
});
