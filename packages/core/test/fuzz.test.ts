import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { caseLimitMs, check, survives, textOf } from './fuzz-helpers.ts';
import {
  parseExceptions,
  parseManifest,
  parsePolicyFile,
  parseReference,
  parseRetryAfter,
  parseScanReport,
  parseVexDocument,
  parseWwwAuthenticate,
} from '../src/index.ts';

// Fuzzing the parsers of everything a user or a registry hands us: seeded (a failure names its seed
// and the smallest input found), bounded (a fixed number of cases, each with a time limit). A parser may
// refuse its input, but only with one of the project's own errors, whose message is what the user sees.

const hex = 'a3f1c2d4e5b6978812345678abcdef0123456789abcdef0123456789abcdef01';

describe('fuzzing: no crash, only our own errors, bounded time', () => {
  it('image references', () => {
    const pieces = [
      'docker.io',
      'ghcr.io',
      'localhost',
      'localhost:5000',
      '127.0.0.1:8080',
      '[::1]:5000',
      'library',
      'nginx',
      'a',
      'A',
      '/',
      '//',
      ':',
      '::',
      '@',
      'sha256:',
      'sha512:',
      hex,
      hex.slice(0, 10),
      'latest',
      'v1.2.3',
      '-',
      '_',
      '__',
      '.',
      '..',
      'oci:',
      'oci:/tmp/x',
      ' ',
      '\t',
      '\n',
      '%',
      'é',
      'docker://',
      'https://',
    ];
    check(textOf(pieces), (text) => survives(() => parseReference(text, 'source')), 600);
    check(fc.string({ maxLength: 300 }), (text) => survives(() => parseReference(text)), 200);
  });

  it('exception lines', () => {
    const pieces = [
      'CVE-2024-1234',
      'GHSA-xxxx-yyyy-zzzz',
      ' ',
      '  ',
      '\n',
      '|',
      '#',
      'until=',
      'until=2026-01-01',
      'until=2026-13-45',
      'until=tomorrow',
      '2026-02-30',
      'reason',
      'package=openssl',
      'pkg:',
      '=',
      ',',
    ];
    check(textOf(pieces, 20), (text) => survives(() => parseExceptions(text)), 400);
  });

  it('policy YAML', () => {
    const keys = [
      'severity-threshold',
      'cvss-threshold',
      'ignore-unfixed',
      'exceptions',
      'packages',
      'name',
      'ignore',
      'id',
      'until',
      'reason',
      'package',
      'severity_threshold',
      'unknown',
    ];
    const scalar = fc.oneof(
      fc.constantFrom(
        'HIGH',
        'critical',
        'NONE',
        'bogus',
        '7.5',
        '11',
        '-1',
        'true',
        'no',
        '2026-01-01',
        '',
        '~',
      ),
      fc.string({ maxLength: 20 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
    );
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small' },
        scalar,
        fc.array(tie('tree'), { maxLength: 4 }),
        fc.dictionary(fc.constantFrom(...keys), tie('tree'), { maxKeys: 5 }),
      ),
    }));
    const yamlOf = (value: unknown, indent = ''): string => {
      if (Array.isArray(value)) {
        return value.length === 0
          ? '[]'
          : value.map((item) => `\n${indent}- ${yamlOf(item, `${indent}  `)}`).join('');
      }
      if (value !== null && typeof value === 'object') {
        const entries = Object.entries(value);
        return entries.length === 0
          ? '{}'
          : entries.map(([key, item]) => `\n${indent}${key}: ${yamlOf(item, `${indent}  `)}`).join('');
      }
      return typeof value === 'string' ? value : String(value);
    };
    check(tree, (value) => survives(() => parsePolicyFile(yamlOf(value), 'policy.yml')), 400);
    const yamlPieces = [
      '\n',
      ': ',
      '- ',
      '  ',
      '{',
      '}',
      '[',
      ']',
      '"',
      "'",
      '&a',
      '*a',
      '!!str',
      '---',
      '#',
      ...keys,
    ];
    check(textOf(yamlPieces, 30), (text) => survives(() => parsePolicyFile(text, 'policy.yml')), 300);
  });

  // Reports and VEX documents: JSON shaped like the real thing, with any value in any place.
  const anyJson = fc.jsonValue({ maxDepth: 3 });
  const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof(arbitrary, anyJson);

  it('Trivy and Grype reports', () => {
    const vulnerability = fc.record(
      {
        VulnerabilityID: maybe(fc.constantFrom('CVE-2024-1', 'GHSA-1', '')),
        PkgName: maybe(fc.string()),
        InstalledVersion: maybe(fc.string()),
        FixedVersion: maybe(fc.string()),
        Severity: maybe(fc.constantFrom('CRITICAL', 'HIGH', 'low', 'bogus')),
        CVSS: maybe(
          fc.dictionary(fc.constantFrom('nvd', 'redhat'), fc.record({ V3Score: maybe(fc.double()) })),
        ),
        Status: maybe(fc.string()),
      },
      { requiredKeys: [] },
    );
    const trivy = fc.record(
      {
        SchemaVersion: maybe(fc.constant(2)),
        ArtifactName: maybe(fc.string()),
        Metadata: maybe(fc.record({ ImageConfig: maybe(fc.record({ os: anyJson, architecture: anyJson })) })),
        Results: maybe(
          fc.array(fc.record({ Target: anyJson, Vulnerabilities: maybe(fc.array(vulnerability)) })),
        ),
      },
      { requiredKeys: [] },
    );
    const grype = fc.record(
      {
        matches: maybe(
          fc.array(
            fc.record(
              {
                vulnerability: maybe(
                  fc.record({ id: anyJson, severity: anyJson, fix: anyJson, cvss: anyJson }),
                ),
                artifact: maybe(fc.record({ name: anyJson, version: anyJson })),
              },
              { requiredKeys: [] },
            ),
          ),
        ),
        descriptor: maybe(fc.record({ name: fc.constantFrom('grype', 'other'), version: anyJson })),
        source: anyJson,
      },
      { requiredKeys: [] },
    );
    check(
      fc.oneof(trivy, grype, anyJson).map((value) => JSON.stringify(value)),
      (text) => survives(() => parseScanReport(text, 'report.json')),
      400,
    );
    check(fc.string({ maxLength: 200 }), (text) => survives(() => parseScanReport(text, 'report.json')), 100);
  });

  it('VEX documents', () => {
    const openVex = fc.record(
      {
        '@context': maybe(fc.constantFrom('https://openvex.dev/ns/v0.2.0', 'https://openvex.dev/ns', 'x')),
        statements: maybe(
          fc.array(
            fc.record(
              {
                vulnerability: maybe(fc.oneof(fc.record({ name: anyJson }), fc.string())),
                products: maybe(fc.array(maybe(fc.record({ '@id': anyJson, subcomponents: anyJson })))),
                status: maybe(fc.constantFrom('not_affected', 'affected', 'fixed', 'under_investigation')),
                justification: anyJson,
              },
              { requiredKeys: [] },
            ),
          ),
        ),
      },
      { requiredKeys: [] },
    );
    const cyclone = fc.record(
      {
        bomFormat: maybe(fc.constant('CycloneDX')),
        specVersion: maybe(fc.constantFrom('1.4', '1.6')),
        vulnerabilities: maybe(
          fc.array(
            fc.record(
              {
                id: anyJson,
                analysis: maybe(fc.record({ state: maybe(fc.constantFrom('not_affected', 'exploitable')) })),
                affects: maybe(fc.array(fc.record({ ref: anyJson }))),
              },
              { requiredKeys: [] },
            ),
          ),
        ),
      },
      { requiredKeys: [] },
    );
    check(
      fc.oneof(openVex, cyclone, anyJson).map((value) => JSON.stringify(value)),
      (text) => survives(() => parseVexDocument(text, 'vex.json')),
      400,
    );
  });

  it('manifests', () => {
    const descriptor = fc.record(
      {
        mediaType: maybe(fc.constantFrom('application/vnd.oci.image.manifest.v1+json', 'x')),
        digest: maybe(fc.constantFrom(`sha256:${hex}`, 'sha256:zz', '')),
        size: maybe(fc.oneof(fc.integer(), fc.double())),
        platform: anyJson,
        annotations: anyJson,
      },
      { requiredKeys: [] },
    );
    const manifest = fc.record(
      {
        schemaVersion: maybe(fc.constantFrom(1, 2, '2')),
        mediaType: maybe(fc.constantFrom('application/vnd.oci.image.index.v1+json', 'bogus')),
        manifests: maybe(fc.array(descriptor, { maxLength: 4 })),
        config: maybe(descriptor),
        layers: maybe(fc.array(descriptor, { maxLength: 4 })),
        subject: maybe(descriptor),
      },
      { requiredKeys: [] },
    );
    check(
      fc.oneof(manifest, anyJson).map((value) => Buffer.from(JSON.stringify(value) ?? '')),
      (bytes) => survives(() => parseManifest(bytes, 'the manifest')),
      400,
    );
    check(
      fc.uint8Array({ maxLength: 300 }),
      (bytes) => survives(() => parseManifest(Buffer.from(bytes), 'x')),
      100,
    );
  });

  it('WWW-Authenticate challenges', () => {
    const pieces = [
      'Bearer',
      'Basic',
      'bearer ',
      ' ',
      ',',
      '=',
      '"',
      '\\"',
      'realm=',
      'realm="https://auth.example/token"',
      'service="registry"',
      'scope="repository:a:pull"',
      'error="invalid_token"',
      'a=b',
      '""',
    ];
    check(
      textOf(pieces, 20),
      (text) => {
        const began = performance.now();
        const challenges = parseWwwAuthenticate(text);
        expect(Array.isArray(challenges)).toBe(true);
        for (const challenge of challenges) expect(typeof challenge.scheme).toBe('string');
        return performance.now() - began < caseLimitMs;
      },
      500,
    );
    check(fc.string({ maxLength: 2000 }), (text) => survives(() => parseWwwAuthenticate(text)), 100);
  });

  it('Retry-After', () => {
    const value = fc.oneof(
      fc.nat().map(String),
      fc.constantFrom('', ' ', '-1', '1.5', '1e9', '99999999999999999999', 'NaN', 'Infinity'),
      fc.date({ noInvalidDate: true }).map((date) => date.toUTCString()),
      fc.string({ maxLength: 40 }),
    );
    check(
      value,
      (text) => {
        const delay = parseRetryAfter(text, Date.UTC(2026, 0, 1));
        // A wait is a non-negative number of milliseconds, or nothing: never NaN, never negative.
        return delay === undefined || (Number.isFinite(delay) && delay >= 0);
      },
      500,
    );
  });
});
