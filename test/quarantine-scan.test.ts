import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  IssueCommentsStandIn,
  SigstoreStack,
  repoRoot,
  runActionBundle,
  sarifSchemaErrors,
  skopeoInspectRaw,
  startScanFixture,
  type ActionRun,
  type ScanFixture,
  type ScanImageName,
} from '@airlock/testkit';
import {
  BundleVerifier,
  RegistryClient,
  buildStatement,
  evaluateGate,
  parseTrustedRoot,
  parseReference,
  readRecords,
  scanPredicateType,
  silentLogger,
  subjectOf,
  verdictOf,
  writeRecord,
  type VulnerabilityPredicate,
} from '@airlock/core';

// quarantine-scan end to end, from its committed bundle as the runner runs it: the real Trivy (trivy-path)
// with the fixture DB pulled from the test registry (trivy-db-repository), records read back from the
// registry, and skopeo as the independent check of what was attached.

let fixture: ScanFixture;
let client: RegistryClient;
let work: string;
const timings: { total: number; trivy: number; own: number }[] = [];

beforeAll(async () => {
  fixture = await startScanFixture();
  client = new RegistryClient({ insecureRegistries: [fixture.registry.host] });
  work = mkdtempSync(join(tmpdir(), 'airlock-scan-e2e-'));
}, 300_000);
afterAll(async () => {
  if (timings.length > 0) {
    const total = timings.reduce((sum, t) => sum + t.total, 0);
    const own = timings.reduce((sum, t) => sum + t.own, 0);
    // Printed for the record; the figures are not asserted (no timing asserts in tests).
    console.log(
      `quarantine-scan: ${timings.length} runs, ${total} ms in total, ${own} ms outside Trivy ` +
        `(${((100 * own) / total).toFixed(1)}%); per run (own/total ms): ` +
        timings.map((t) => `${t.own}/${t.total}`).join(', '),
    );
  }
  await client?.close();
  await fixture?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function scan(
  image: ScanImageName | string,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
): Promise<ActionRun> {
  const reference = image in fixture.images ? fixture.images[image as ScanImageName].reference : image;
  const run = await runActionBundle(
    'quarantine-scan',
    {
      image: reference,
      'trivy-path': fixture.trivyPath,
      'trivy-db-repository': fixture.dbRepository,
      'insecure-registries': fixture.registry.host,
      'github-token': '',
      ...inputs,
    },
    env,
  );
  const time = /::debug::time: (\d+) ms in total, (\d+) ms in Trivy, (-?\d+) ms/.exec(run.stdout);
  if (time) timings.push({ total: Number(time[1]), trivy: Number(time[2]), own: Number(time[3]) });
  if (run.exitCode !== 0 && run.errors.length === 0) console.log(run.stdout, run.stderr);
  return run;
}

/** The referrers listed in the image's `sha256-<hex>` fallback tag (the test registry has no referrers API). */
function referrerDigests(image: ScanImageName): string[] {
  const digest = fixture.images[image].digest;
  const repository = fixture.images[image].reference.replace(/:[^:/]+$/, '');
  try {
    const index = JSON.parse(skopeoInspectRaw(`${repository}:${digest.replace(':', '-')}`).toString()) as {
      manifests: { digest: string }[];
    };
    return index.manifests.map((m) => m.digest);
  } catch {
    return [];
  }
}

async function scanRecords(image: ScanImageName) {
  const repository = client.repository(parseReference(fixture.images[image].reference));
  return readRecords<VulnerabilityPredicate>({
    repository,
    digest: fixture.images[image].digest,
    predicateType: scanPredicateType,
    logger: silentLogger,
  });
}

describe('quarantine-scan end to end (real Trivy, fixture DB from the registry)', () => {
  it('passes a clean image: outputs, summary, SARIF, report, and a record promote accepts', async () => {
    const run = await scan('alpineClean');
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    const { outputs } = run;
    expect(outputs).toMatchObject({
      verdict: 'pass',
      digest: fixture.images.alpineClean.digest,
      blocking: '0',
      critical: '0',
      high: '0',
      medium: '0',
      low: '0',
      unknown: '0',
      excepted: '0',
    });
    expect(run.summary.split('\n')[0]).toBe('## ✅ Quarantine scan: pass');

    const sarif = JSON.parse(readFileSync(outputs.sarif!, 'utf8')) as { runs: unknown[] };
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    expect(sarif.runs).toHaveLength(1);
    const report = JSON.parse(readFileSync(outputs.report!, 'utf8')) as { verdict: string; digest: string };
    expect(report).toMatchObject({ verdict: 'pass', digest: fixture.images.alpineClean.digest });

    expect(outputs['record-digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(referrerDigests('alpineClean')).toEqual([outputs['record-digest']]);
    const records = await scanRecords('alpineClean');
    expect(records).toHaveLength(1);
    const predicate = records[0]!.statement.predicate;
    expect(predicate.scanner.result.verdict).toBe('pass');
    expect(predicate.scanner.db.uri).toBe(fixture.dbRepository);
    expect(verdictOf(predicate)).toBe('pass');
    const decision = evaluateGate(records, {
      identities: ['*'],
      maxAgeMs: 3_600_000,
      requireSigned: false,
      now: new Date(),
    });
    expect(decision.allowed).toBe(true);
  });

  it('fails an image with blocking findings: one error, outputs and the failing record still written', async () => {
    const run = await scan('alpine');
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([
      `${fixture.images.alpine.pinned} fails the policy: 2 findings at or above HIGH on linux/amd64`,
    ]);
    expect(run.outputs).toMatchObject({
      verdict: 'fail',
      blocking: '2',
      critical: '1',
      high: '1',
      medium: '1',
      low: '1',
    });
    expect(run.summary).toContain('### Blocking (2)');
    const records = await scanRecords('alpine');
    expect(records.map((r) => r.statement.predicate.scanner.result.verdict)).toEqual(['fail']);
    expect(records[0]!.descriptor.digest).toBe(run.outputs['record-digest']);
    expect(
      evaluateGate(records, { identities: ['*'], maxAgeMs: 3_600_000, requireSigned: false, now: new Date() })
        .reason,
    ).toBe('verdict-fail');
  });

  it('goes on past a failing image with fail-on-violation false', async () => {
    const run = await scan('debian', {
      'fail-on-violation': 'false',
      'ignore-unfixed': 'true',
      summary: 'false',
    });
    expect(run.exitCode).toBe(0);
    expect(run.errors).toEqual([]);
    expect(run.outputs).toMatchObject({
      verdict: 'fail',
      blocking: '1',
      critical: '2',
      high: '1',
      unknown: '1',
    });
    expect(run.summary).toBe('');
  });

  it('scans each platform, applies a policy file, exceptions, VEX and a baseline', async () => {
    const policy = join(work, 'policy.yml');
    writeFileSync(
      policy,
      [
        'severity-threshold: HIGH',
        'packages:',
        '  - name: curl',
        '    ignore: true',
        '    reason: not in the runtime path',
        '',
      ].join('\n'),
    );
    const vex = join(work, 'vex.json');
    writeFileSync(
      vex,
      JSON.stringify({
        '@context': 'https://openvex.dev/ns/v0.2.0',
        statements: [
          {
            vulnerability: { name: 'CVE-2099-1002' },
            products: [{ '@id': 'pkg:apk/alpine/busybox' }],
            status: 'not_affected',
            justification: 'vulnerable_code_not_present',
          },
        ],
      }),
    );
    const sarif = join(work, 'out', 'multi.sarif');
    const run = await scan('alpineMulti', {
      policy,
      vex,
      exceptions:
        'CVE-2099-1001 until=2999-12-31 rebuilt with the patched openssl\nCVE-2099-1004 until=2020-01-01 old',
      baseline: fixture.images.alpineBaseline.reference,
      sarif,
      attach: 'false',
    });
    expect(run.errors).toEqual([]);
    expect(run.outputs).toMatchObject({
      verdict: 'pass',
      blocking: '0',
      excepted: '1',
      critical: '1',
      high: '1',
      'record-digest': '',
    });
    expect(run.outputs.sarif).toBe(sarif);
    const log = JSON.parse(readFileSync(sarif, 'utf8')) as { runs: { automationDetails: { id: string } }[] };
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs.map((r) => r.automationDetails.id.split('/').slice(-3, -1).join('/'))).toEqual([
      'linux/amd64',
      'linux/arm64',
    ]);
    const summary = run.summary;
    expect(summary).toContain('| ✅ linux/amd64 |');
    expect(summary).toContain('| ✅ linux/arm64 |');
    expect(summary).toContain("package rule 'curl' (" + policy + ':3): not in the runtime path');
    expect(summary).toContain('VEX not_affected (' + vex + '): vulnerable_code_not_present');
    expect(summary).toContain('rebuilt with the patched openssl');
    expect(summary).toContain(
      "The exception for CVE-2099-1004 (input 'exceptions' line 2) expired on 2020-01-01",
    );
    expect(summary).toContain('### Compared with the baseline');
    expect(summary).toContain('**New on linux/amd64 (1)**');
    expect(summary).toContain('**Fixed on linux/amd64 (1)**');
    expect(run.stdout).toContain('::warning::the exception for CVE-2099-1004');
    expect(referrerDigests('alpineMulti')).toEqual([]);
  });

  it('imports a Trivy JSON report made elsewhere (scanner: report)', async () => {
    const cache = join(work, 'report-cache');
    const reportFile = join(work, 'debian-report.json');
    execFileSync(fixture.trivyPath, [
      'image',
      '--cache-dir',
      cache,
      '--db-repository',
      fixture.dbRepository,
      '--insecure',
      '--scanners',
      'vuln',
      '--format',
      'json',
      '--output',
      reportFile,
      fixture.images.debian.pinned,
    ]);
    const run = await scan('debian', {
      scanner: 'report',
      'report-file': reportFile,
      'severity-threshold': 'critical',
      exceptions: 'CVE-2099-2001|CVE-2099-2005',
      'trivy-path': '',
    });
    expect(run.errors).toEqual([]);
    expect(run.outputs).toMatchObject({
      verdict: 'pass',
      excepted: '2',
      critical: '2',
      high: '1',
      medium: '1',
      low: '1',
      unknown: '1',
    });
    const records = await scanRecords('debian');
    expect(
      records.find((r) => r.descriptor.digest === run.outputs['record-digest'])!.statement.predicate.scanner
        .result.mode,
    ).toBe('report');
  });

  it('scans the SBOM attached to the image (scanner: sbom), and fails with missing-sbom without one', async () => {
    const none = await scan('alpineBaseline', { scanner: 'sbom', 'fail-on-violation': 'false' });
    expect(none.exitCode).toBe(0);
    expect(none.outputs.verdict).toBe('fail');
    expect(none.summary).toContain('no trusted SBOM is attached to linux/amd64');
    const records = await scanRecords('alpineBaseline');
    expect(records[0]!.statement.predicate.scanner.result.reasons.map((r) => r.code)).toEqual([
      'missing-sbom',
    ]);

    // Attach a CycloneDX SBOM (made by Trivy from the image) as an SBOM record, as attest-sbom does.
    const sbom = JSON.parse(
      execFileSync(fixture.trivyPath, [
        'image',
        '--cache-dir',
        join(work, 'sbom-cache'),
        '--skip-db-update',
        '--insecure',
        '--format',
        'cyclonedx',
        fixture.images.debian.pinned,
      ]).toString(),
    ) as object;
    const repository = client.repository(parseReference(fixture.images.debian.reference));
    const subject = (await repository.resolve(fixture.images.debian.digest))!;
    const name = fixture.images.debian.reference.replace(/:[^:/]+$/, '');
    await writeRecord({
      repository,
      subject,
      statement: buildStatement(subjectOf(name, subject.digest), 'https://cyclonedx.org/bom', sbom),
      logger: silentLogger,
    });
    const run = await scan('debian', { scanner: 'sbom', 'severity-threshold': 'critical' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ verdict: 'fail', blocking: '2', critical: '2', high: '1' });
    expect(run.stdout).toContain('scanning the SBOM from the https://cyclonedx.org/bom record');
  });

  it('comments on the pull request once and updates it in place (GitHub comment endpoints stand-in)', async () => {
    const github = await IssueCommentsStandIn.start('ghs_e2e');
    try {
      const event = join(work, 'event.json');
      writeFileSync(event, JSON.stringify({ pull_request: { number: 12 }, repository: { private: false } }));
      const env = { GITHUB_EVENT_PATH: event, GITHUB_EVENT_NAME: 'pull_request', GITHUB_API_URL: github.url };
      const inputs = {
        'pr-comment': 'true',
        'github-token': 'ghs_e2e',
        attach: 'false',
        'fail-on-violation': 'false',
      };
      const first = await scan('alpine', inputs, env);
      const second = await scan('alpine', { ...inputs, exceptions: 'CVE-2099-1001\nCVE-2099-1002' }, env);
      expect(first.errors).toEqual([]);
      expect(second.errors).toEqual([]);
      const comments = github.comments.get('example/airlock-test#12')!;
      expect(comments).toHaveLength(1);
      expect(comments[0]!.body).toContain('## ✅ Quarantine scan: pass');
      expect(comments[0]!.body).toContain(
        `<!-- airlock:quarantine-scan ${fixture.images.alpine.reference} -->`,
      );
      // The token appears only in the runner's mask command.
      // A comment that cannot be written (here: a token the API refuses) is a warning, not a failure.
      const refused = await scan('alpineClean', { ...inputs, 'github-token': 'ghs_wrong' }, env);
      expect(refused.exitCode).toBe(0);
      expect(refused.stdout).toContain('::warning::could not comment on pull request #12 (Bad credentials');
      const lines = second.stdout.split('\n').filter((line) => line.includes('ghs_e2e'));
      expect(lines.every((line) => line === '::add-mask::ghs_e2e')).toBe(true);
    } finally {
      await github.stop();
    }
  });
});

describe('quarantine-scan signing its record (loopback Sigstore stack)', () => {
  let stack: SigstoreStack;
  beforeAll(async () => {
    stack = await SigstoreStack.start({
      workflowRef: 'example/airlock-test/.github/workflows/quarantine.yml@refs/heads/main',
    });
  });
  afterAll(async () => stack?.stop());

  it('signs the scan record with the job identity, and promote’s gate trusts it', async () => {
    const run = await scan(
      'alpineClean',
      { sigstore: 'custom', 'fulcio-url': stack.url, 'rekor-url': stack.url, 'tsa-url': stack.url },
      stack.oidcEnv(),
    );
    expect(run.errors).toEqual([]);
    const repository = client.repository(parseReference(fixture.images.alpineClean.reference));
    const records = await readRecords<VulnerabilityPredicate>({
      repository,
      digest: fixture.images.alpineClean.digest,
      predicateType: scanPredicateType,
      verifier: new BundleVerifier(parseTrustedRoot(stack.trustedRoot)),
      logger: silentLogger,
    });
    const signed = records.find((record) => record.descriptor.digest === run.outputs['record-digest'])!;
    expect(signed).toMatchObject({
      signature: 'verified',
      signer: {
        subjectAlternativeName:
          'https://github.com/example/airlock-test/.github/workflows/quarantine.yml@refs/heads/main',
      },
    });
    const decision = evaluateGate(records, {
      identities: ['https://github.com/example/airlock-test/.github/workflows/*'],
      maxAgeMs: 3_600_000,
      requireSigned: true,
      now: new Date(),
    });
    expect(decision).toMatchObject({ allowed: true, verdict: 'pass' });
  });
});

describe('quarantine-scan bad input: one clear error each, no record written', () => {
  function script(name: string, body: string): string {
    const path = join(work, name);
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  }

  it.each([
    [
      'an unknown severity',
      { 'severity-threshold': 'SEVERE' },
      "input 'severity-threshold' must be one of CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN, NONE, got 'SEVERE'",
    ],
    [
      'a policy file with a typo',
      { policy: 'typo' },
      "unknown field 'severity_treshold' (did you mean 'severity-threshold'?)",
    ],
    [
      'an unreadable report',
      { scanner: 'report', 'report-file': '/nonexistent/report.json' },
      "input 'report-file': cannot read '/nonexistent/report.json' (ENOENT); give the path of a Trivy or Grype JSON report",
    ],
    [
      'an unknown scanner',
      { scanner: 'grype' },
      "input 'scanner' must be one of trivy, sbom, report, got 'grype'",
    ],
    [
      'an exception with a bad date',
      { exceptions: 'CVE-2099-1001 until=31.12.2026' },
      "input 'exceptions' line 1: until=31.12.2026 is not a date; write until=YYYY-MM-DD",
    ],
    [
      'a CVSS threshold out of range',
      { 'cvss-threshold': '12' },
      "input 'cvss-threshold' must be a CVSS score from 0.0 to 10.0, got '12'",
    ],
    [
      'a VEX file that is not VEX',
      { vex: 'package.json' },
      "is neither OpenVEX (no '@context' https://openvex.dev/ns/…) nor CycloneDX VEX",
    ],
    ['a tag that no longer exists', { image: 'gone' }, 'does not exist (was the tag moved or deleted?)'],
    ['Trivy crashing', { 'trivy-path': 'crash' }, 'Trivy failed to scan'],
    [
      'Trivy running past the timeout',
      { 'trivy-path': 'hang', timeout: '2s' },
      "Trivy did not finish within 2 s and was stopped; raise 'timeout'",
    ],
  ] as [string, Record<string, string>, string][])('%s', async (_what, given, message) => {
    const inputs = { ...given };
    if (inputs.policy === 'typo') {
      inputs.policy = join(work, 'typo.yml');
      writeFileSync(inputs.policy, 'ignore-unfixed: true\nseverity_treshold: HIGH\n');
      message = `${inputs.policy}:2: ${message}`;
    }
    if (inputs.vex === 'package.json') inputs.vex = join(repoRoot, 'package.json');
    if (inputs.image === 'gone') inputs.image = `${fixture.registry.host}/scan/alpinebaseline:no-such-tag`;
    // Crashes after the DB step, so the failure is the scan's: the DB download runs the real Trivy.
    if (inputs['trivy-path'] === 'crash') {
      inputs['trivy-path'] = script('crash', `case "$*" in *--download-db-only*) exit 0;; esac; exit 1`);
    }
    if (inputs['trivy-path'] === 'hang') {
      inputs['trivy-path'] = script(
        'hang',
        `case "$*" in *--download-db-only*|*--version*) exit 0;; esac; exec sleep 60`,
      );
    }
    const before = referrerDigests('alpineBaseline');
    const run = await scan('alpineBaseline', inputs);
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain(message);
    expect(run.outputs.verdict).toBeUndefined();
    expect(run.outputs['record-digest']).toBeUndefined();
    expect(referrerDigests('alpineBaseline')).toEqual(before);
  });
});
