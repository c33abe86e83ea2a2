import { describe, expect, it } from '@jest/globals';
import {
  evaluateGate,
  formatDuration,
  identityMatches,
  parseDuration,
  verdictOf,
  type GatePolicy,
} from '../src/records/gate.ts';
import type { StoredRecord } from '../src/records/record.ts';
import { evaluate } from '../src/scan/evaluate.ts';
import { buildVulnerabilityPredicate } from '../src/scan/record.ts';
import { PredicateType, buildStatement, subjectOf } from '../src/records/statement.ts';

const digest = `sha256:${'b'.repeat(64)}`;
const now = new Date('2026-11-23T12:00:00Z');
const workflows = 'https://github.com/example/app/.github/workflows/*';
const policy: GatePolicy = {
  identities: [workflows],
  issuer: 'https://token.actions.githubusercontent.com',
  maxAgeMs: 7 * 86_400_000,
  requireSigned: false,
  now,
};

function record(
  verdict: string,
  scannedAt: string,
  signature: StoredRecord['signature'] = 'none',
  identity = 'https://github.com/example/app/.github/workflows/scan.yml@refs/heads/main',
): StoredRecord {
  const statement = buildStatement(subjectOf('r/app', digest), PredicateType.vulnerability, {
    scanner: { uri: 'pkg:github/aquasecurity/trivy@0.44.1', version: '0.44.1', result: { verdict } },
    metadata: { scanStartedOn: scannedAt, scanFinishedOn: scannedAt },
  });
  return {
    descriptor: {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: `sha256:${'c'.repeat(64)}`,
      size: 1,
    },
    statement,
    signature,
    ...(signature === 'verified'
      ? {
          signer: { subjectAlternativeName: identity, issuer: 'https://token.actions.githubusercontent.com' },
        }
      : {}),
  };
}

describe('evaluateGate', () => {
  const recent = '2026-11-22T12:00:00Z';
  const table: [string, StoredRecord[], Partial<GatePolicy>, boolean, string | undefined][] = [
    ['no record', [], {}, false, 'no-verdict'],
    ['an unsigned pass', [record('pass', recent)], {}, true, undefined],
    [
      'an unsigned pass when signatures are required',
      [record('pass', recent)],
      { requireSigned: true },
      false,
      'untrusted-signer',
    ],
    ['an unsigned fail', [record('fail', recent)], {}, false, 'verdict-fail'],
    ['a pass older than the limit', [record('pass', '2026-11-01T00:00:00Z')], {}, false, 'verdict-expired'],
    [
      'a pass within a shorter limit',
      [record('pass', recent)],
      { maxAgeMs: 2 * 86_400_000 },
      true,
      undefined,
    ],
    ['a signed pass from this repository', [record('pass', recent, 'verified')], {}, true, undefined],
    [
      'a signed pass from another repository',
      [
        record(
          'pass',
          recent,
          'verified',
          'https://github.com/evil/app/.github/workflows/scan.yml@refs/heads/main',
        ),
      ],
      {},
      false,
      'untrusted-signer',
    ],
    ['a signature that does not verify', [record('pass', recent, 'invalid')], {}, false, 'untrusted-signer'],
    [
      'an unsigned pass next to a signed fail',
      [record('pass', '2026-11-23T00:00:00Z'), record('fail', recent, 'verified')],
      {},
      false,
      'verdict-fail',
    ],
    [
      'a newer fail after an older pass',
      [record('pass', '2026-11-21T00:00:00Z'), record('fail', recent)],
      {},
      false,
      'verdict-fail',
    ],
    [
      'a newer pass after an older fail',
      [record('fail', '2026-11-21T00:00:00Z'), record('pass', recent)],
      {},
      true,
      undefined,
    ],
  ];
  it.each(table)('%s', (_name, records, overrides, allowed, reason) => {
    const decision = evaluateGate(records, { ...policy, ...overrides });
    expect(decision.allowed).toBe(allowed);
    expect(decision.reason).toBe(reason);
    expect(decision.message).not.toBe('');
  });

  it('warns that an unsigned verdict does not establish trust', () => {
    const decision = evaluateGate([record('pass', recent)], policy);
    expect(decision.warnings.join()).toMatch(/unsigned.*id-token: write/);
  });

  it('names the signer it refused and the identities it allows', () => {
    const decision = evaluateGate(
      [
        record(
          'pass',
          recent,
          'verified',
          'https://github.com/evil/app/.github/workflows/x.yml@refs/heads/main',
        ),
      ],
      policy,
    );
    expect(decision.message).toContain('evil/app');
    expect(decision.message).toContain(workflows);
  });
});

describe('gate helpers', () => {
  it('matches identities with * across slashes and refs, and nothing else', () => {
    expect(
      identityMatches(workflows, 'https://github.com/example/app/.github/workflows/a.yml@refs/tags/v1'),
    ).toBe(true);
    expect(
      identityMatches(workflows, 'https://github.com/example/app2/.github/workflows/a.yml@refs/tags/v1'),
    ).toBe(false);
    expect(identityMatches('https://github.com/a/b.c', 'https://github.com/a/bxc')).toBe(false);
  });

  it('parses and formats durations', () => {
    expect(parseDuration('7d')).toBe(7 * 86_400_000);
    expect(parseDuration('24h')).toBe(86_400_000);
    expect(parseDuration('1d12h')).toBe(36 * 3_600_000);
    expect(parseDuration('1w')).toBe(7 * 86_400_000);
    expect(parseDuration('7 days')).toBeUndefined();
    expect(parseDuration('')).toBeUndefined();
    expect(formatDuration(36 * 3_600_000)).toBe('1d12h');
  });

  it('finds the verdict where scan records keep it', () => {
    expect(verdictOf({ scanner: { result: { verdict: 'fail' } } })).toBe('fail');
    expect(verdictOf({ verdict: 'PASS' })).toBe('pass');
    expect(verdictOf({ scanner: { result: {} } })).toBeUndefined();
  });
});

describe('the contract with quarantine-scan', () => {
  it.each([
    ['pass', 'LOW'],
    ['fail', 'CRITICAL'],
  ] as const)(
    'reads the %s verdict and the scan time from the predicate quarantine-scan builds',
    (verdict, severity) => {
      const finishedAt = new Date('2026-11-23T11:00:00Z');
      const evaluation = evaluate({
        imageDigest: digest,
        platforms: [
          {
            platform: 'linux/amd64',
            digest,
            findings: [
              {
                id: 'CVE-2026-0001',
                package: 'openssl',
                installed: '3.0.0',
                fixed: '3.0.1',
                severity,
                status: 'fixed',
                platform: 'linux/amd64',
              },
            ],
          },
        ],
        policy: { severityThreshold: 'HIGH', ignoreUnfixed: false, exceptions: [], packages: [] },
        now,
      });
      const predicate = buildVulnerabilityPredicate({
        evaluation,
        scanner: { name: 'trivy', version: '0.44.1' },
        mode: 'trivy',
        startedAt: new Date('2026-11-23T10:59:00Z'),
        finishedAt,
      });
      const stored: StoredRecord = {
        descriptor: {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: `sha256:${'c'.repeat(64)}`,
          size: 1,
        },
        statement: buildStatement(subjectOf('q/app', digest), PredicateType.vulnerability, predicate),
        signature: 'none',
      };
      const decision = evaluateGate([stored], policy);
      expect(decision.verdict).toBe(verdict);
      expect(decision.scannedAt).toBe(finishedAt.toISOString());
      expect(decision.allowed).toBe(verdict === 'pass');
    },
  );
});
