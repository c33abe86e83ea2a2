import { describe, expect, it } from '@jest/globals';
import type { Log } from 'sarif';
import { buildSarif, evaluate, parseExceptions, resolvePolicy, type Finding } from '../src/index.ts';
import { sarifSchemaErrors } from '@airlock/testkit';

const digest = `sha256:${'c'.repeat(64)}`;
const amd64 = `sha256:${'a'.repeat(64)}`;
const arm64 = `sha256:${'b'.repeat(64)}`;

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

const evaluation = evaluate({
  imageDigest: digest,
  platforms: [
    {
      platform: 'linux/amd64',
      digest: amd64,
      findings: [
        finding('CVE-2099-1001', 'openssl', 'CRITICAL', 'linux/amd64', {
          cvssScore: 9.8,
          cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
          title: 'Overflow in <b>parser</b> | pipes',
        }),
        finding('CVE-2099-1002', 'busybox', 'HIGH', 'linux/amd64', { layer: `sha256:${'d'.repeat(64)}` }),
        finding('CVE-2099-1003', 'musl', 'MEDIUM', 'linux/amd64', { fixed: '', status: 'affected' }),
      ],
    },
    {
      platform: 'linux/arm64',
      digest: arm64,
      findings: [
        finding('CVE-2099-1001', 'openssl', 'CRITICAL', 'linux/arm64', { cvssScore: 9.8 }),
        finding('GHSA-xxxx-yyyy-zzzz', 'lodash', 'LOW', 'linux/arm64'),
      ],
    },
  ],
  policy: resolvePolicy({ exceptions: parseExceptions('CVE-2099-1002 until=2999-01-01 accepted risk') }),
});

describe('SARIF', () => {
  const log = buildSarif(evaluation, {
    image: `registry.example/team/app@${digest}`,
    scanner: { name: 'trivy', version: '0.44.1' },
  }) as Log;

  it('is valid against the official SARIF 2.1.0 schema', () => {
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.version).toBe('2.1.0');
  });

  it('the validator does catch an invalid log', () => {
    const broken = JSON.parse(JSON.stringify(log)) as { runs: { results: { level: string }[] }[] };
    broken.runs[0]!.results[0]!.level = 'fatal';
    expect(sarifSchemaErrors(broken).length).toBeGreaterThan(0);
  });

  it('has one run per platform, each with its own category', () => {
    expect(log.runs).toHaveLength(2);
    expect(log.runs.map((run) => run.automationDetails?.id)).toEqual([
      'quarantine-scan/registry.example/team/app/linux/amd64/',
      'quarantine-scan/registry.example/team/app/linux/arm64/',
    ]);
    expect(log.runs[1]!.results!.map((r) => r.ruleId)).toEqual(['CVE-2099-1001', 'GHSA-xxxx-yyyy-zzzz']);
  });

  it('maps severities to security-severity: CVSS when known, else the band of the severity', () => {
    const rules = Object.fromEntries(log.runs[0]!.tool.driver.rules!.map((rule) => [rule.id, rule]));
    expect(rules['CVE-2099-1001']!.properties!['security-severity']).toBe('9.8');
    expect(rules['CVE-2099-1002']!.properties!['security-severity']).toBe('8.0');
    expect(rules['CVE-2099-1003']!.properties!['security-severity']).toBe('5.5');
    expect(rules['CVE-2099-1001']!.helpUri).toBe('https://nvd.nist.gov/vuln/detail/CVE-2099-1001');
    const lodash = log.runs[1]!.tool.driver.rules!.find((rule) => rule.id === 'GHSA-xxxx-yyyy-zzzz')!;
    expect(lodash.helpUri).toBe('https://github.com/advisories/GHSA-xxxx-yyyy-zzzz');
    expect(lodash.properties!['security-severity']).toBe('2.0');
  });

  it('marks blocking findings as errors and excepted ones as suppressed, with the reason', () => {
    const results = log.runs[0]!.results!;
    expect(results.map((r) => `${r.ruleId} ${r.level}`)).toEqual([
      'CVE-2099-1001 error',
      'CVE-2099-1002 warning',
      'CVE-2099-1003 note',
    ]);
    expect(results[1]!.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: "excepted (input 'exceptions' line 1) until 2999-01-01: accepted risk",
      },
    ]);
    expect(results[0]!.suppressions).toBeUndefined();
    expect(results[0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('team/app');
    expect(results[0]!.message.text).toContain(
      'openssl 1.0-r0 is affected by CVE-2099-1001 (CRITICAL, CVSS 9.8); fixed in 1.0-r1',
    );
  });
});
