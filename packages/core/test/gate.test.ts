import { describe, expect, it } from '@jest/globals';
import {
  evaluateGate,
  formatDuration,
  isRunnableManifest,
  parseDuration,
  verdictOf,
  type GatePolicy,
} from '../src/records/gate.ts';
import {
  defaultTrustedIdentities,
  extensionText,
  identityMatches,
  signedByAllowedIdentity,
} from '../src/records/identity.ts';
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
        covers: [digest],
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

describe('checkGate rules (evaluateGate, pure)', () => {
  const recent = '2026-11-22T12:00:00Z';
  let n = 0;
  const at = (
    verdict: string,
    scannedAt: string,
    options: {
      signature?: StoredRecord['signature'];
      name?: string;
      result?: object;
      sourceRef?: string;
      identity?: string;
    } = {},
  ): StoredRecord => {
    const base = record(verdict, scannedAt, options.signature ?? 'none', options.identity);
    const statement = buildStatement(
      subjectOf(options.name ?? 'r/app', digest),
      PredicateType.vulnerability,
      {
        scanner: { result: { verdict, ...options.result } },
        metadata: { scanFinishedOn: scannedAt },
      },
    );
    return {
      ...base,
      statement,
      descriptor: { ...base.descriptor, digest: `sha256:${(++n).toString(16).padStart(64, '0')}` },
      ...(base.signer && options.sourceRef
        ? { signer: { ...base.signer, sourceRef: options.sourceRef } }
        : {}),
    };
  };
  const gate: GatePolicy = { ...policy, repositoryName: 'r/app' };

  it('ignores and reports a record dated in the future: it never sorts as newest', () => {
    const future = at('pass', '2099-01-01T00:00:00Z');
    const decision = evaluateGate([future, at('fail', recent)], gate);
    expect(decision.reason).toBe('verdict-fail');
    expect(decision.ignored.map((entry) => entry.record)).toEqual([future.descriptor.digest]);
    expect(decision.warnings.join()).toMatch(/in the future/);
    const signedFuture = at('pass', '2099-01-01T00:00:00Z', { signature: 'verified' });
    expect(evaluateGate([signedFuture, at('fail', recent, { signature: 'verified' })], gate).reason).toBe(
      'verdict-fail',
    );
    // Within five minutes of skew it counts.
    const soon = new Date(now.getTime() + 60_000).toISOString();
    expect(evaluateGate([at('pass', soon)], gate).allowed).toBe(true);
  });

  it('counts an unsigned record only when it names this repository, and says so', () => {
    expect(evaluateGate([at('pass', recent, { name: 'docker.io/library/app' })], gate).reason).toBe(
      'no-verdict',
    );
    const decision = evaluateGate([at('pass', recent)], gate);
    expect(decision).toMatchObject({ allowed: true, unsigned: true });
  });

  it('pins the exact record with verdictRecord', () => {
    const older = at('pass', '2026-11-21T00:00:00Z', { signature: 'verified' });
    const newer = at('pass', recent, { signature: 'verified' });
    expect(evaluateGate([older, newer], { ...gate, verdictRecord: newer.descriptor.digest }).allowed).toBe(
      true,
    );
    const hidden = evaluateGate([older], { ...gate, verdictRecord: newer.descriptor.digest });
    expect(hidden).toMatchObject({ reason: 'verdict-record-mismatch', check: 'verdict-record' });
    expect(hidden.message).toMatch(/not attached/);
    expect(evaluateGate([older, newer], { ...gate, verdictRecord: older.descriptor.digest }).message).toMatch(
      /not the newest/,
    );
  });

  it('refuses an imported verdict unless allowed', () => {
    const imported = at('pass', recent, { result: { mode: 'report', imported: true } });
    expect(evaluateGate([imported], gate).reason).toBe('verdict-imported');
    expect(evaluateGate([imported], { ...gate, allowImported: true }).allowed).toBe(true);
  });

  it('refuses a verdict that does not cover every runnable manifest', () => {
    const children = [`sha256:${'1'.repeat(64)}`, `sha256:${'2'.repeat(64)}`];
    const partial = at('pass', recent, { result: { covers: [digest, children[0]] } });
    const decision = evaluateGate([partial], gate, { digest, runnable: children });
    expect(decision).toMatchObject({ reason: 'verdict-incomplete', check: 'coverage' });
    expect(decision.message).toContain(children[1]);
    const full = at('pass', recent, { result: { covers: [digest, ...children] } });
    expect(evaluateGate([full], gate, { digest, runnable: children }).allowed).toBe(true);
  });

  it('never trusts a pull-request run, even when the identity pattern allows it', () => {
    const any = { ...gate, identities: ['*'] };
    const pr = at('pass', recent, {
      signature: 'verified',
      identity: 'https://github.com/example/app/.github/workflows/scan.yml@refs/pull/7/merge',
    });
    expect(evaluateGate([pr], any).reason).toBe('untrusted-signer');
    const reusableForPr = at('pass', recent, {
      signature: 'verified',
      identity: 'https://github.com/org/airlock/.github/workflows/quarantine.yml@refs/tags/v1',
      sourceRef: 'refs/pull/7/merge',
    });
    const decision = evaluateGate([reusableForPr], any);
    expect(decision.reason).toBe('untrusted-signer');
    expect(decision.message).toMatch(/pull-request/);
  });
});

describe('identity rules', () => {
  it('allows a signer only by pattern, issuer, and never a pull request', () => {
    const policy = {
      identities: ['https://github.com/a/b/.github/workflows/q.yml@refs/heads/main'],
      issuer: 'i',
    };
    const signer = { subjectAlternativeName: policy.identities[0]!, issuer: 'i' };
    expect(signedByAllowedIdentity(signer, policy)).toBe(true);
    expect(signedByAllowedIdentity({ ...signer, issuer: 'j' }, policy)).toBe(false);
    expect(signedByAllowedIdentity({ ...signer, sourceRef: 'refs/pull/1/merge' }, policy)).toBe(false);
    expect(signedByAllowedIdentity(undefined, policy)).toBe(false);
  });

  it('defaults to the running workflow file on the default branch or a tag, or the reusable workflow at its ref', () => {
    expect(
      defaultTrustedIdentities({
        serverUrl: 'https://github.com',
        workflowRef: 'a/b/.github/workflows/q.yml@refs/heads/feature',
        jobWorkflowRef: 'a/b/.github/workflows/q.yml@refs/heads/feature',
        defaultBranch: 'trunk',
      }),
    ).toEqual([
      'https://github.com/a/b/.github/workflows/q.yml@refs/heads/trunk',
      'https://github.com/a/b/.github/workflows/q.yml@refs/tags/*',
    ]);
    expect(
      defaultTrustedIdentities({
        serverUrl: 'https://github.com',
        workflowRef: 'a/b/.github/workflows/caller.yml@refs/heads/main',
        jobWorkflowRef: 'org/airlock/.github/workflows/quarantine.yml@refs/tags/v1',
      }),
    ).toEqual(['https://github.com/org/airlock/.github/workflows/quarantine.yml@refs/tags/v1']);
    expect(defaultTrustedIdentities({ serverUrl: 'https://github.com' })).toEqual([]);
  });

  it('reads a certificate extension written as a DER UTF8String or raw', () => {
    const value = Buffer.from('refs/pull/7/merge');
    expect(extensionText(Buffer.concat([Buffer.from([0x0c, value.length]), value]))).toBe(
      'refs/pull/7/merge',
    );
    expect(extensionText(value)).toBe('refs/pull/7/merge');
  });

  it('calls a manifest runnable unless every layer is an attestation', () => {
    const layer = (mediaType: string) => ({ mediaType, digest: digest, size: 1 });
    expect(isRunnableManifest({ layers: [layer('application/vnd.in-toto+json')] })).toBe(false);
    expect(isRunnableManifest({ layers: [layer('application/vnd.dev.sigstore.bundle.v0.3+json')] })).toBe(
      false,
    );
    expect(
      isRunnableManifest({
        layers: [layer('application/vnd.in-toto+json'), layer('application/vnd.oci.image.layer.v1.tar+gzip')],
      }),
    ).toBe(true);
  });
});
