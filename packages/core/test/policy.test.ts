import { describe, expect, it } from '@jest/globals';
import {
  ConfigurationError,
  exceptionExpired,
  packageMatches,
  parseCvssThreshold,
  parseExceptions,
  parsePolicyFile,
  parseSeverityThreshold,
  resolvePolicy,
} from '../src/index.ts';

describe('exceptions input', () => {
  it('reads ID, expiry, package and reason, skipping blanks and comments', () => {
    expect(
      parseExceptions(
        [
          '# reviewed 2026-05-01',
          'CVE-2024-1234 until=2026-12-31 backport in our base image',
          '',
          'GHSA-abcd-efgh-ijkl package=lodash',
          'CVE-2024-9999',
        ].join('\n'),
      ),
    ).toEqual([
      {
        id: 'CVE-2024-1234',
        until: '2026-12-31',
        reason: 'backport in our base image',
        origin: "input 'exceptions' line 2",
      },
      { id: 'GHSA-abcd-efgh-ijkl', package: 'lodash', origin: "input 'exceptions' line 4" },
      { id: 'CVE-2024-9999', origin: "input 'exceptions' line 5" },
    ]);
  });

  it('reads the pipe-separated form', () => {
    expect(parseExceptions('CVE-2024-1234|CVE-2024-5678 | CVE-2023-1').map((e) => e.id)).toEqual([
      'CVE-2024-1234',
      'CVE-2024-5678',
      'CVE-2023-1',
    ]);
  });

  it.each([
    [
      'CVE-2024-1 until=2026-13-01',
      "input 'exceptions' line 1: until=2026-13-01 is not a date; write until=YYYY-MM-DD",
    ],
    [
      'CVE-2024-1 until=tomorrow',
      "input 'exceptions' line 1: until=tomorrow is not a date; write until=YYYY-MM-DD",
    ],
    ['\nuntil=2026-01-01', "input 'exceptions' line 2: 'until=2026-01-01' is not a vulnerability ID"],
  ])('refuses %j', (text, message) => {
    expect(() => parseExceptions(text)).toThrow(ConfigurationError);
    expect(() => parseExceptions(text)).toThrow(message);
  });

  it('expires after the until day, in UTC', () => {
    const exception = { id: 'CVE-1-1', until: '2026-06-01', origin: 'x' };
    expect(exceptionExpired(exception, new Date('2026-06-01T23:59:59Z'))).toBe(false);
    expect(exceptionExpired(exception, new Date('2026-06-02T00:00:00Z'))).toBe(true);
    expect(exceptionExpired({ id: 'CVE-1-1', origin: 'x' }, new Date('2999-01-01'))).toBe(false);
  });
});

describe('thresholds', () => {
  it('reads severities in any case, and refuses others naming the input', () => {
    expect(parseSeverityThreshold('high', "input 'severity-threshold'")).toBe('HIGH');
    expect(parseSeverityThreshold('none', "input 'severity-threshold'")).toBe('NONE');
    expect(() => parseSeverityThreshold('SEVERE', "input 'severity-threshold'")).toThrow(
      "input 'severity-threshold' must be one of CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN, NONE, got 'SEVERE'",
    );
  });

  it('reads CVSS scores from 0 to 10', () => {
    expect(parseCvssThreshold('7.5', "input 'cvss-threshold'")).toBe(7.5);
    expect(() => parseCvssThreshold('11', "input 'cvss-threshold'")).toThrow(
      "input 'cvss-threshold' must be a CVSS score from 0.0 to 10.0, got '11'",
    );
    expect(() => parseCvssThreshold('high', "input 'cvss-threshold'")).toThrow("got 'high'");
  });
});

describe('policy file', () => {
  it('reads every setting', () => {
    const policy = parsePolicyFile(
      [
        '# org-wide quarantine policy',
        'severity-threshold: critical',
        'cvss-threshold: 8',
        'ignore-unfixed: true',
        'exceptions:',
        '  - CVE-2024-0001',
        '  - id: CVE-2024-0002',
        '    until: 2026-12-31',
        '    package: openssl',
        '    reason: patched downstream',
        'packages:',
        '  - name: "linux-libc-dev"',
        '    ignore: true',
        '    reason: headers only',
        '  - name: openssl*',
        '    severity-threshold: MEDIUM',
        '    cvss-threshold: 5',
        '    ignore-unfixed: false',
      ].join('\n'),
      'policy.yml',
    );
    expect(policy).toEqual({
      severityThreshold: 'CRITICAL',
      cvssThreshold: 8,
      ignoreUnfixed: true,
      exceptions: [
        { id: 'CVE-2024-0001', origin: 'policy.yml:6' },
        {
          id: 'CVE-2024-0002',
          until: '2026-12-31',
          package: 'openssl',
          reason: 'patched downstream',
          origin: 'policy.yml:7',
        },
      ],
      packages: [
        { name: 'linux-libc-dev', ignore: true, reason: 'headers only', origin: 'policy.yml:12' },
        {
          name: 'openssl*',
          severityThreshold: 'MEDIUM',
          cvssThreshold: 5,
          ignoreUnfixed: false,
          origin: 'policy.yml:15',
        },
      ],
    });
  });

  it('accepts an empty file', () => {
    expect(parsePolicyFile('', 'empty.yml')).toEqual({ exceptions: [], packages: [] });
  });

  it.each([
    [
      'a typo in a field name, with a suggestion',
      'ignore-unfixed: false\n\nseverity_treshold: HIGH\n',
      "policy.yml:3: unknown field 'severity_treshold' (did you mean 'severity-threshold'?)",
    ],
    ['an unknown field', 'colour: blue\n', "policy.yml:1: unknown field 'colour'"],
    [
      'a bad severity',
      'severity-threshold: SEVERE\n',
      "policy.yml:1: field 'severity-threshold' must be one of CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN, NONE, got 'SEVERE'",
    ],
    [
      'a CVSS out of range',
      'cvss-threshold: 12\n',
      "policy.yml:1: field 'cvss-threshold' must be a CVSS score from 0.0 to 10.0",
    ],
    [
      'a quoted boolean',
      "ignore-unfixed: 'yes'\n",
      "policy.yml:1: field 'ignore-unfixed' must be true or false",
    ],
    [
      'a bad date',
      'exceptions:\n  - id: CVE-2024-1\n    until: 31/12/2026\n',
      "policy.yml:3: field 'exceptions.until' must be a date YYYY-MM-DD, got '31/12/2026'",
    ],
    [
      'a typo inside an exception',
      'exceptions:\n  - id: CVE-2024-1\n    reasn: x\n',
      "policy.yml:3: unknown field 'exceptions.reasn' (did you mean 'reason'?)",
    ],
    [
      'an exception without id',
      'exceptions:\n  - reason: x\n',
      "policy.yml:2: an entry of 'exceptions' has no 'id'",
    ],
    [
      'a package rule without name',
      'packages:\n  - ignore: true\n',
      "policy.yml:2: a rule in 'packages' has no 'name'",
    ],
    [
      'a typo in a package rule',
      'packages:\n  - name: a\n    ignore_unfixed: true\n',
      "policy.yml:3: unknown field 'packages.ignore_unfixed' (did you mean 'ignore-unfixed'?)",
    ],
    [
      'packages as a mapping',
      'packages:\n  openssl: ignore\n',
      "policy.yml:2: field 'packages' must be a list of rules with 'name'",
    ],
    ['a list at the top', '- HIGH\n', 'policy.yml:1: the policy must be a mapping of settings'],
    [
      'broken YAML',
      'severity-threshold: HIGH\nexceptions: [CVE-1\n',
      'policy.yml:3: not valid YAML: Flow sequence in block collection',
    ],
  ])('names file, line and field for %s', (_what, content, message) => {
    expect(() => parsePolicyFile(content, 'policy.yml')).toThrow(ConfigurationError);
    expect(() => parsePolicyFile(content, 'policy.yml')).toThrow(message);
  });

  it('lets inputs win over the file and adds exceptions from both', () => {
    const file = parsePolicyFile(
      'severity-threshold: LOW\nignore-unfixed: true\nexceptions: [CVE-2024-1]\n',
      'p.yml',
    );
    const policy = resolvePolicy(
      { severityThreshold: 'CRITICAL', exceptions: parseExceptions('CVE-2024-2') },
      file,
    );
    expect(policy.severityThreshold).toBe('CRITICAL');
    expect(policy.ignoreUnfixed).toBe(true);
    expect(policy.exceptions.map((e) => e.id)).toEqual(['CVE-2024-2', 'CVE-2024-1']);
    expect(resolvePolicy({})).toEqual({
      severityThreshold: 'HIGH',
      ignoreUnfixed: false,
      exceptions: [],
      packages: [],
    });
  });

  it('matches package globs literally except for *', () => {
    expect(packageMatches('libssl*', 'libssl3')).toBe(true);
    expect(packageMatches('lib.sl', 'libxsl')).toBe(false);
    expect(packageMatches('openssl', 'openssl-dev')).toBe(false);
  });
});
