import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  RecordingLogger,
  evaluate,
  parseExceptions,
  parseVexDocument,
  resolvePolicy,
  scanCommentMarker,
  scanCommentMarkdown,
  scanSummaryMarkdown,
  upsertPullRequestComment,
  type Finding,
  type ScannerInfo,
} from '../src/index.ts';
import { IssueCommentsStandIn } from '@airlock/testkit';

const digest = `sha256:${'c'.repeat(64)}`;
const image = `registry.example/team/app@${digest}`;
const scanner: ScannerInfo = {
  name: 'trivy',
  version: '0.44.1',
  db: { uri: 'mirror.example/trivy-db:2', version: '2026-06-01T00:00:00Z' },
};

function finding(
  id: string,
  pkg: string,
  severity: Finding['severity'],
  platform: string,
  extra: Partial<Finding> = {},
): Finding {
  return {
    id,
    package: pkg,
    installed: '1.0-r0',
    fixed: '1.0-r1',
    severity,
    status: 'fixed',
    platform,
    ...extra,
  };
}

const amd64 = [
  finding('CVE-2099-1001', 'openssl', 'CRITICAL', 'linux/amd64', { cvssScore: 9.8 }),
  finding('CVE-2099-1002', 'busybox', 'HIGH', 'linux/amd64', { fixed: '' }),
  finding('CVE-2099-1003', 'musl', 'MEDIUM', 'linux/amd64'),
  finding('CVE-2099-1009', 'pipe|name', 'LOW', 'linux/amd64', { installed: '<1.0>' }),
  finding('CVE-2099-1010', 'expat', 'HIGH', 'linux/amd64'),
];
const arm64 = [finding('CVE-2099-1001', 'openssl', 'CRITICAL', 'linux/arm64', { cvssScore: 9.8 })];

const vex = parseVexDocument(
  JSON.stringify({
    '@context': 'https://openvex.dev/ns/v0.2.0',
    statements: [
      {
        vulnerability: { name: 'CVE-2099-1010' },
        status: 'not_affected',
        justification: 'inline_mitigations_already_exist',
      },
    ],
  }),
  'vex.json',
);

function failing() {
  return evaluate({
    imageDigest: digest,
    platforms: [
      { platform: 'linux/amd64', digest: `sha256:${'a'.repeat(64)}`, findings: amd64 },
      { platform: 'linux/arm64', digest: `sha256:${'b'.repeat(64)}`, findings: arm64 },
    ],
    policy: resolvePolicy({
      exceptions: parseExceptions(
        'CVE-2099-1002 until=2026-12-31 no fix upstream yet\nCVE-2099-1003 until=2020-01-01',
      ),
    }),
    vex,
    baseline: {
      image: `registry.example/team/app@sha256:${'e'.repeat(64)}`,
      platforms: [
        {
          platform: 'linux/amd64',
          digest: '',
          findings: [finding('CVE-2098-0001', 'zlib', 'HIGH', 'linux/amd64'), amd64[2]!],
        },
      ],
    },
    now: new Date('2026-06-01T00:00:00Z'),
  });
}

describe('job summary', () => {
  const markdown = scanSummaryMarkdown({ image, evaluation: failing(), scanner });

  it('starts with the verdict and why', () => {
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('## ❌ Quarantine scan: fail');
    expect(markdown).toContain(
      '**Why:** 1 finding at or above HIGH on linux/amd64; 1 finding at or above HIGH on linux/arm64.',
    );
    expect(markdown).toContain('Blocking: CVE-2099-1001 (openssl).');
    expect(markdown.indexOf('**Why:**')).toBeLessThan(markdown.indexOf('| Critical'));
  });

  it('says what to do: the upgrade that fixes each blocking finding', () => {
    expect(markdown).toContain('**What to do:** upgrade openssl to 1.0-r1.');
  });

  it('says what to do: upgrades to the highest fixed version, and an exception line for what has no fix', () => {
    const evaluation = evaluate({
      imageDigest: digest,
      platforms: [
        {
          platform: 'linux/amd64',
          digest,
          findings: [
            finding('CVE-2099-1001', 'openssl', 'CRITICAL', 'linux/amd64', { fixed: '3.1.2-r0' }),
            finding('CVE-2099-1004', 'openssl', 'HIGH', 'linux/amd64', { fixed: '3.1.10-r0, 3.0.9-r3' }),
            finding('CVE-2099-1002', 'busybox', 'HIGH', 'linux/amd64', { fixed: '1.36.1-r2' }),
            finding('CVE-2099-2002', 'bash', 'HIGH', 'linux/amd64', { fixed: '', status: 'affected' }),
          ],
        },
      ],
      policy: resolvePolicy({}),
    });
    const text = scanSummaryMarkdown({ image, evaluation, scanner, now: new Date('2026-06-01T12:00:00Z') });
    expect(text).toContain('**What to do:** upgrade openssl to 3.1.10-r0, busybox to 1.36.1-r2;');
    expect(text).toContain('and for 1 finding with no fix yet, accept the risk for a while');
    const line = 'CVE-2099-2002 until=2026-07-01 package=bash no fix yet, reviewed';
    expect(text).toContain(`\`\`\`\n${line}\n\`\`\``);
    // The suggested line is one the exceptions input accepts, and it excuses the finding.
    const [exception] = parseExceptions(line);
    expect(exception).toMatchObject({ id: 'CVE-2099-2002', until: '2026-07-01', package: 'bash' });
  });

  it('counts by severity, per platform and for the image', () => {
    expect(markdown).toContain('| ❌ linux/amd64 | 1 | 1 | 1 | 1 | 0 | 1 | 1 | 0 | 1 |');
    expect(markdown).toContain('| ❌ linux/arm64 | 1 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 0 |');
    expect(markdown).toContain('| **image** | 1 | 1 | 1 | 1 | 0 | 1 | 1 | 0 | 1 |');
  });

  it('lists blocking findings with a linked ID, installed → fixed, CVSS and platforms', () => {
    expect(markdown).toContain(
      '| [CVE-2099-1001](https://nvd.nist.gov/vuln/detail/CVE-2099-1001) | openssl | 1.0-r0 → 1.0-r1 | CRITICAL | 9.8 | linux/amd64, linux/arm64 |',
    );
  });

  it('lists excepted and VEX-suppressed findings with their reasons', () => {
    expect(markdown).toContain(
      "| [CVE-2099-1002](https://nvd.nist.gov/vuln/detail/CVE-2099-1002) | busybox | HIGH | excepted | excepted (input 'exceptions' line 1) until 2026-12-31: no fix upstream yet | linux/amd64 |",
    );
    expect(markdown).toContain(
      '| not affected (VEX) | VEX not_affected (vex.json): inline_mitigations_already_exist |',
    );
  });

  it('calls out expired exceptions', () => {
    expect(markdown).toContain(
      "> The exception for CVE-2099-1003 (input 'exceptions' line 2) expired on 2020-01-01; it no longer applies.",
    );
  });

  it('folds the rest away, escaping what would break the table', () => {
    const details = markdown.slice(markdown.indexOf('<details>'));
    expect(details).toContain('<summary>2 other findings below the threshold</summary>');
    expect(details).toContain('| pipe\\|name | &lt;1.0&gt; → 1.0-r1 | LOW |');
    expect(details).toContain('</details>');
  });

  it('shows what is new and fixed against the baseline', () => {
    expect(markdown).toContain('### Compared with the baseline');
    expect(markdown).toContain('**New on linux/amd64 (3)**');
    expect(markdown).toContain('**Fixed on linux/amd64 (1)**');
    expect(markdown).toContain(
      '- [CVE-2098-0001](https://nvd.nist.gov/vuln/detail/CVE-2098-0001) in zlib 1.0-r0 (HIGH)',
    );
  });

  it('says why a passing image passed, and which scanner and DB decided', () => {
    const passing = evaluate({
      imageDigest: digest,
      platforms: [{ platform: 'linux/amd64', digest, findings: [amd64[2]!] }],
      policy: resolvePolicy({ cvssThreshold: 9 }),
    });
    const text = scanSummaryMarkdown({ image, evaluation: passing, scanner });
    expect(text.split('\n')[0]).toBe('## ✅ Quarantine scan: pass');
    expect(text).toContain('**Why:** no finding at or above HIGH or CVSS 9.0 or more.');
    expect(text).toContain(
      'Scanner: trivy 0.44.1, vulnerability DB 2026-06-01T00:00:00Z · Policy: severity-threshold HIGH, cvss-threshold 9.0',
    );
  });
});

describe('PR comment against a loopback stand-in for the GitHub issue comment endpoints', () => {
  let github: IssueCommentsStandIn;
  const token = 'ghs_standin';
  beforeAll(async () => {
    github = await IssueCommentsStandIn.start(token);
  });
  afterAll(async () => github?.stop());

  const post = (repository: string, body: string) =>
    upsertPullRequestComment({
      token,
      owner: 'example',
      repo: 'airlock-test',
      issueNumber: 7,
      marker: scanCommentMarker(repository),
      body,
      logger: new RecordingLogger(),
      baseUrl: github.url,
    });

  it('creates one comment per image and updates it in place on later runs', async () => {
    // Enough other comments to need a second page.
    for (let i = 0; i < 105; i++) github.seed('example/airlock-test#7', `unrelated ${i}`);
    const evaluation = failing();
    const first = await post(
      'registry.example/team/app',
      scanCommentMarkdown({
        image,
        evaluation,
        scanner,
        repository: 'registry.example/team/app',
        runUrl: 'https://github.com/example/airlock-test/actions/runs/1',
      }),
    );
    expect(first.action).toBe('created');
    const second = await post(
      'registry.example/team/app',
      `${scanCommentMarker('registry.example/team/app')}\nsecond run`,
    );
    expect(second).toMatchObject({ action: 'updated', id: first.id });
    const other = await post(
      'registry.example/team/other',
      `${scanCommentMarker('registry.example/team/other')}\nanother image`,
    );
    expect(other.action).toBe('created');

    const comments = github.comments.get('example/airlock-test#7')!;
    expect(comments).toHaveLength(107);
    expect(
      comments.filter((c) => c.body.includes('<!-- airlock:quarantine-scan registry.example/team/app -->')),
    ).toHaveLength(1);
    expect(comments.find((c) => c.id === first.id)!.body).toContain('second run');
    expect(github.requests).toContain(`PATCH /repos/example/airlock-test/issues/comments/${first.id}`);
  });

  it('carries the hidden marker and a link to the run', () => {
    const body = scanCommentMarkdown({
      image,
      evaluation: failing(),
      scanner,
      repository: 'registry.example/team/app',
      runUrl: 'https://github.com/example/airlock-test/actions/runs/1',
    });
    expect(
      body.startsWith(
        '<!-- airlock:quarantine-scan registry.example/team/app -->\n## ❌ Quarantine scan: fail',
      ),
    ).toBe(true);
    expect(body).toContain('[Full report](https://github.com/example/airlock-test/actions/runs/1)');
  });
});
