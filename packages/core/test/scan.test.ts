import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  RecordingLogger,
  RegistryClient,
  evaluate,
  openRepository,
  parseExceptions,
  parsePolicyFile,
  parseReference,
  parseVexDocument,
  prepareTrivy,
  resolveImage,
  resolvePolicy,
  scanImageWithTrivy,
  type Evaluation,
  type PlatformScan,
  type PolicyInputs,
  type ResolvedImage,
  type TrivySetup,
  type VexStatement,
} from '../src/index.ts';
import { expectedFindings, startScanFixture, type ScanFixture, type ScanImageName } from '@airlock/testkit';

// Policy, exceptions, VEX, baselines and multi-platform verdicts, all on what the real Trivy reports for
// the fixture images (scanned once, here) against the fixture vulnerability DB.

describe('scanning the fixture images with the real Trivy', () => {
  let fixture: ScanFixture;
  let cacheDir: string;
  const resolved = {} as Record<ScanImageName, ResolvedImage>;
  const scans = {} as Record<ScanImageName, PlatformScan[]>;
  const logger = new RecordingLogger();

  beforeAll(async () => {
    fixture = await startScanFixture();
    cacheDir = mkdtempSync(join(tmpdir(), 'airlock-scan-test-'));
    const client = new RegistryClient({ insecureRegistries: [fixture.registry.host] });
    const setup: TrivySetup = {
      run: {
        trivyPath: fixture.trivyPath,
        cacheDir,
        insecureRegistries: [fixture.registry.host],
        timeoutMs: 120_000,
        logger,
      },
      dbRepositories: [fixture.dbRepository],
    };
    const timings = { scannerMs: 0 };
    await prepareTrivy(setup, timings);
    for (const [name, image] of Object.entries(fixture.images) as [ScanImageName, { reference: string }][]) {
      const reference = parseReference(image.reference);
      const target = {
        repository: openRepository(reference, { client }),
        name: `${reference.registry}/${reference.repository}`,
        reference: reference.tag!,
        inputName: 'image',
      };
      resolved[name] = await resolveImage(target, 'all', logger);
      scans[name] = await scanImageWithTrivy(resolved[name], target.name, setup, timings, logger);
    }
  }, 300_000);
  afterAll(async () => {
    await fixture?.stop();
    if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
  });

  function run(
    name: ScanImageName,
    policy: PolicyInputs = {},
    extra: { vex?: VexStatement[]; now?: Date; policyFile?: string } = {},
  ): Evaluation {
    return evaluate({
      imageDigest: resolved[name].digest,
      platforms: scans[name],
      policy: resolvePolicy(
        policy,
        extra.policyFile ? parsePolicyFile(extra.policyFile, 'policy.yml') : undefined,
      ),
      ...(extra.vex ? { vex: extra.vex } : {}),
      now: extra.now ?? new Date('2026-06-01T12:00:00Z'),
    });
  }

  const ids = (evaluation: Evaluation, disposition: string, platform?: string) =>
    evaluation.platforms
      .filter((p) => platform === undefined || p.platform === platform)
      .flatMap((p) => p.findings)
      .filter((f) => f.disposition === disposition)
      .map((f) => f.id)
      .sort();

  it('finds exactly what the fixture DB says, per image and platform', () => {
    const seen: Record<string, unknown[]> = {};
    for (const name of [
      'alpine',
      'alpineMulti',
      'alpineBaseline',
      'debian',
      'alpineClean',
    ] as ScanImageName[]) {
      for (const platform of scans[name]) {
        const key = `${name === 'alpineMulti' ? 'alpine' : name}/${platform.platform.split('/')[1]}`;
        seen[`${name}:${key}`] = platform.findings
          .map((f) => ({
            id: f.id,
            package: f.package,
            installed: f.installed,
            fixed: f.fixed,
            severity: f.severity,
          }))
          .sort((a, b) => a.id.localeCompare(b.id));
        expect(seen[`${name}:${key}`]).toEqual(expectedFindings[key]);
      }
    }
    expect(Object.keys(seen).sort()).toEqual([
      'alpine:alpine/amd64',
      'alpineBaseline:alpineBaseline/amd64',
      'alpineClean:alpineClean/amd64',
      'alpineMulti:alpine/amd64',
      'alpineMulti:alpine/arm64',
      'debian:debian/amd64',
    ]);
  });

  it('normalizes CVSS, status, platform and layer from the Trivy report', () => {
    const debian = scans.debian[0]!;
    expect(debian.platform).toBe('linux/amd64');
    expect(debian.digest).toBe(resolved.debian.digest);
    const zlib = debian.findings.find((f) => f.id === 'CVE-2099-2005')!;
    expect(zlib).toMatchObject({
      package: 'zlib1g',
      fixed: '',
      status: 'affected',
      cvssScore: 9.1,
      cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N',
      platform: 'linux/amd64',
    });
    expect(zlib.layer).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(debian.findings.find((f) => f.id === 'CVE-2099-2006')!.cvssScore).toBeUndefined();
  });

  it('blocks at or above HIGH by default', () => {
    const evaluation = run('alpine');
    expect(evaluation.verdict).toBe('fail');
    expect(ids(evaluation, 'blocking')).toEqual(['CVE-2099-1001', 'CVE-2099-1002']);
    expect(ids(evaluation, 'allowed')).toEqual(['CVE-2099-1003', 'CVE-2099-1004']);
    expect(evaluation.counts).toEqual({ CRITICAL: 1, HIGH: 1, MEDIUM: 1, LOW: 1, UNKNOWN: 0 });
    expect(evaluation.reasons[0]!.code).toBe('blocking-findings');
  });

  it.each([
    ['CRITICAL', ['CVE-2099-2001', 'CVE-2099-2005']],
    ['MEDIUM', ['CVE-2099-2001', 'CVE-2099-2002', 'CVE-2099-2003', 'CVE-2099-2005']],
    [
      'UNKNOWN',
      ['CVE-2099-2001', 'CVE-2099-2002', 'CVE-2099-2003', 'CVE-2099-2004', 'CVE-2099-2005', 'CVE-2099-2006'],
    ],
  ] as const)('severity-threshold %s blocks %j', (threshold, blocking) => {
    expect(ids(run('debian', { severityThreshold: threshold }), 'blocking')).toEqual(blocking);
  });

  it('blocks on CVSS alone with severity-threshold NONE (a MEDIUM with CVSS 7.5 too)', () => {
    const evaluation = run('debian', { severityThreshold: 'NONE', cvssThreshold: 7.5 });
    expect(ids(evaluation, 'blocking')).toEqual([
      'CVE-2099-2001',
      'CVE-2099-2002',
      'CVE-2099-2003',
      'CVE-2099-2005',
    ]);
    const medium = evaluation.platforms[0]!.findings.find((f) => f.id === 'CVE-2099-2003')!;
    expect(medium.reason).toBe('CVSS 7.5 is at or above the CVSS threshold 7.5');
    expect(evaluation.reasons.map((r) => r.message)).toEqual([
      '4 findings at or above CVSS 7.5 on linux/amd64',
    ]);
  });

  it('ignores findings without a fix with ignore-unfixed', () => {
    const evaluation = run('debian', { ignoreUnfixed: true });
    expect(ids(evaluation, 'blocking')).toEqual(['CVE-2099-2001']);
    expect(ids(evaluation, 'ignored')).toEqual(['CVE-2099-2002', 'CVE-2099-2005']);
    expect(evaluation.ignored).toBe(2);
  });

  it('applies exceptions until their day, then calls them out as expired', () => {
    const exceptions = parseExceptions(
      'CVE-2099-2001 until=2026-06-01 backported fix, see ticket 42\nCVE-2099-2005 until=2026-05-31 waiting for upstream\nCVE-2099-2002 package=bash',
    );
    const evaluation = run('debian', { exceptions });
    expect(ids(evaluation, 'excepted')).toEqual(['CVE-2099-2001', 'CVE-2099-2002']);
    expect(ids(evaluation, 'blocking')).toEqual(['CVE-2099-2005']);
    expect(evaluation.expiredExceptions.map((e) => e.id)).toEqual(['CVE-2099-2005']);
    const excepted = evaluation.platforms[0]!.findings.find((f) => f.id === 'CVE-2099-2001')!;
    expect(excepted.reason).toBe(
      "excepted (input 'exceptions' line 1) until 2026-06-01: backported fix, see ticket 42",
    );
    // The next day the first one has expired too.
    const later = run('debian', { exceptions }, { now: new Date('2026-06-02T00:00:00Z') });
    expect(ids(later, 'excepted')).toEqual(['CVE-2099-2002']);
    expect(later.expiredExceptions.map((e) => e.id).sort()).toEqual(['CVE-2099-2001', 'CVE-2099-2005']);
  });

  it('takes the pipe-separated exception list of the workflows it replaces', () => {
    const evaluation = run('debian', {
      exceptions: parseExceptions('CVE-2099-2001|CVE-2099-2002|CVE-2099-2005'),
    });
    expect(evaluation.verdict).toBe('pass');
    expect(evaluation.excepted).toBe(3);
  });

  it('applies per-package rules from the policy file', () => {
    const policyFile = [
      'severity-threshold: MEDIUM',
      'packages:',
      '  - name: zlib*',
      '    ignore: true',
      '    reason: the compressor is never fed untrusted input',
      '  - name: bash',
      '    severity-threshold: CRITICAL',
      '  - name: libc6',
      '    ignore-unfixed: true',
      'exceptions:',
      '  - id: CVE-2099-2001',
      '    until: 2027-01-01',
      '    reason: fixed in our base image rebuild',
    ].join('\n');
    const evaluation = run('debian', {}, { policyFile });
    expect(evaluation.policy.severityThreshold).toBe('MEDIUM');
    expect(ids(evaluation, 'ignored')).toEqual(['CVE-2099-2005']);
    expect(ids(evaluation, 'excepted')).toEqual(['CVE-2099-2001']);
    expect(ids(evaluation, 'blocking')).toEqual(['CVE-2099-2003']);
    expect(ids(evaluation, 'allowed')).toEqual(['CVE-2099-2002', 'CVE-2099-2004', 'CVE-2099-2006']);
    const ignored = evaluation.platforms[0]!.findings.find((f) => f.id === 'CVE-2099-2005')!;
    expect(ignored.reason).toBe(
      "package rule 'zlib*' (policy.yml:3): the compressor is never fed untrusted input",
    );
    // Inputs win over the file.
    expect(ids(run('debian', { severityThreshold: 'CRITICAL' }, { policyFile }), 'blocking')).toEqual([]);
  });

  it('suppresses findings that an OpenVEX document says do not affect this image', () => {
    const digest = resolved.alpine.digest;
    const vex = parseVexDocument(
      JSON.stringify({
        '@context': 'https://openvex.dev/ns/v0.2.0',
        '@id': 'https://example.test/vex/1',
        author: 'Fixture',
        timestamp: '2026-01-01T00:00:00Z',
        version: 1,
        statements: [
          {
            vulnerability: { name: 'CVE-2099-1001' },
            products: [{ '@id': `pkg:oci/alpine@${encodeURIComponent(digest)}` }],
            status: 'not_affected',
            justification: 'vulnerable_code_not_in_execute_path',
          },
          // Another image: must not apply here.
          {
            vulnerability: { name: 'CVE-2099-1002' },
            products: [{ '@id': `pkg:oci/other@sha256%3A${'a'.repeat(64)}` }],
            status: 'not_affected',
            justification: 'component_not_present',
          },
          // Not a not_affected statement: kept.
          { vulnerability: { name: 'CVE-2099-1002' }, status: 'under_investigation' },
        ],
      }),
      'vex/openvex.json',
    );
    const evaluation = run('alpine', {}, { vex });
    expect(ids(evaluation, 'suppressed')).toEqual(['CVE-2099-1001']);
    expect(ids(evaluation, 'blocking')).toEqual(['CVE-2099-1002']);
    expect(evaluation.counts.CRITICAL).toBe(0);
    expect(evaluation.suppressed).toBe(1);
    const finding = evaluation.platforms[0]!.findings.find((f) => f.id === 'CVE-2099-1001')!;
    expect(finding.reason).toBe('VEX not_affected (vex/openvex.json): vulnerable_code_not_in_execute_path');
  });

  it('suppresses findings that a CycloneDX VEX names by package', () => {
    const vex = parseVexDocument(
      JSON.stringify({
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        components: [
          { 'bom-ref': 'bash-ref', type: 'library', name: 'bash', purl: 'pkg:deb/debian/bash@5.2.15-2%2Bb2' },
        ],
        vulnerabilities: [
          {
            id: 'CVE-2099-2002',
            analysis: {
              state: 'not_affected',
              justification: 'code_not_reachable',
              detail: 'no shell at runtime',
            },
            affects: [{ ref: 'bash-ref' }],
          },
          {
            id: 'CVE-2099-2005',
            analysis: { state: 'exploitable' },
            affects: [{ ref: 'pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1' }],
          },
        ],
      }),
      'vex/cdx.json',
    );
    const evaluation = run('debian', {}, { vex });
    expect(ids(evaluation, 'suppressed')).toEqual(['CVE-2099-2002']);
    expect(ids(evaluation, 'blocking')).toEqual(['CVE-2099-2001', 'CVE-2099-2005']);
    expect(evaluation.platforms[0]!.findings.find((f) => f.id === 'CVE-2099-2002')!.reason).toBe(
      'VEX not_affected (vex/cdx.json): code_not_reachable: no shell at runtime',
    );
  });

  it('lists what is new and what is fixed against a baseline', () => {
    const evaluation = evaluate({
      imageDigest: resolved.alpine.digest,
      platforms: scans.alpine,
      policy: resolvePolicy({}),
      baseline: { image: resolved.alpineBaseline.pinned, platforms: scans.alpineBaseline },
    });
    const diff = evaluation.platforms[0]!.baseline!;
    expect(diff.image).toBe(resolved.alpineBaseline.pinned);
    expect(diff.added.map((f) => `${f.id} ${f.package} ${f.disposition}`)).toEqual([
      'CVE-2099-1001 openssl blocking',
    ]);
    expect(diff.fixed.map((f) => `${f.id} ${f.package}`)).toEqual(['CVE-2099-1006 musl']);
  });

  it('decides per platform and overall on a two-platform image', () => {
    const evaluation = run('alpineMulti');
    expect(evaluation.platforms.map((p) => p.platform)).toEqual(['linux/amd64', 'linux/arm64']);
    expect(ids(evaluation, 'blocking', 'linux/amd64')).toEqual(['CVE-2099-1001', 'CVE-2099-1002']);
    expect(ids(evaluation, 'blocking', 'linux/arm64')).toEqual(['CVE-2099-1001', 'CVE-2099-1008']);
    // The same vulnerability on two platforms counts once for the image.
    expect(evaluation.blocking).toBe(3);
    expect(evaluation.counts).toEqual({ CRITICAL: 1, HIGH: 2, MEDIUM: 1, LOW: 1, UNKNOWN: 0 });

    // Excusing arm64's findings passes arm64 only; one failing platform fails the image.
    const partly = run('alpineMulti', { exceptions: parseExceptions('CVE-2099-1001\nCVE-2099-1008') });
    expect(partly.platforms.map((p) => `${p.platform} ${p.verdict}`)).toEqual([
      'linux/amd64 fail',
      'linux/arm64 pass',
    ]);
    expect(partly.verdict).toBe('fail');
    expect(partly.reasons.map((r) => r.message)).toEqual(['1 finding at or above HIGH on linux/amd64']);
  });

  it('passes an image with nothing the DB knows', () => {
    const evaluation = run('alpineClean');
    expect(evaluation.verdict).toBe('pass');
    expect(evaluation.reasons).toEqual([]);
  });
});
