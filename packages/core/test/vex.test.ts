import { describe, expect, it } from '@jest/globals';
import {
  ConfigurationError,
  parseVexDocument,
  vexApplies,
  vexSuppression,
  type Finding,
} from '../src/index.ts';

const imageDigest = `sha256:${'a'.repeat(64)}`;
const openssl: Finding = {
  id: 'CVE-2024-0001',
  package: 'openssl',
  installed: '3.1.1-r0',
  fixed: '3.1.2-r0',
  severity: 'HIGH',
  status: 'fixed',
  platform: 'linux/amd64',
};

describe('VEX documents', () => {
  it('reads OpenVEX v0.0.1 (plain strings) and v0.2 (objects, aliases, subcomponents)', () => {
    const old = parseVexDocument(
      JSON.stringify({
        '@context': 'https://openvex.dev/ns',
        statements: [
          {
            vulnerability: 'CVE-2024-0001',
            products: ['pkg:apk/alpine/openssl'],
            status: 'not_affected',
            impact_statement: 'not built with the feature',
          },
        ],
      }),
      'old.json',
    );
    expect(old).toEqual([
      {
        vulnerability: 'CVE-2024-0001',
        products: ['pkg:apk/alpine/openssl'],
        status: 'not_affected',
        justification: 'not built with the feature',
        origin: 'old.json',
      },
    ]);
    const current = parseVexDocument(
      JSON.stringify({
        '@context': 'https://openvex.dev/ns/v0.2.0',
        statements: [
          {
            vulnerability: {
              '@id': 'https://nvd.nist.gov/vuln/detail/CVE-2024-0002',
              name: 'CVE-2024-0002',
              aliases: ['GHSA-aaaa-bbbb-cccc'],
            },
            products: [
              {
                '@id': `pkg:oci/app@sha256%3A${'a'.repeat(64)}`,
                subcomponents: [{ '@id': 'pkg:apk/alpine/musl@1.2.4-r0' }],
              },
            ],
            status: 'fixed',
          },
        ],
      }),
      'new.json',
    );
    expect(current.map((s) => s.vulnerability)).toEqual([
      'CVE-2024-0002',
      'https://nvd.nist.gov/vuln/detail/CVE-2024-0002',
      'GHSA-aaaa-bbbb-cccc',
    ]);
    expect(current[0]!.products).toEqual([
      `pkg:oci/app@sha256%3A${'a'.repeat(64)}`,
      'pkg:apk/alpine/musl@1.2.4-r0',
    ]);
  });

  it('matches by image digest, package purl or name, or applies to all without products', () => {
    const statement = (products: string[]) => ({
      vulnerability: 'cve-2024-0001',
      products,
      status: 'not_affected',
      origin: 'x',
    });
    expect(vexApplies(statement([]), openssl, [imageDigest])).toBe(true);
    expect(vexApplies(statement([`pkg:oci/app@sha256%3A${'a'.repeat(64)}`]), openssl, [imageDigest])).toBe(
      true,
    );
    expect(vexApplies(statement([`pkg:oci/app@sha256%3A${'f'.repeat(64)}`]), openssl, [imageDigest])).toBe(
      false,
    );
    expect(
      vexApplies(statement(['pkg:apk/alpine/openssl@3.1.1-r0?arch=x86_64']), openssl, [imageDigest]),
    ).toBe(true);
    expect(vexApplies(statement(['pkg:apk/alpine/openssl-dev@3.1.1-r0']), openssl, [imageDigest])).toBe(
      false,
    );
    expect(vexApplies(statement(['openssl']), openssl, [imageDigest])).toBe(true);
    expect(vexApplies({ ...statement([]), vulnerability: 'CVE-2024-0002' }, openssl, [imageDigest])).toBe(
      false,
    );
  });

  it('suppresses only with not_affected (CycloneDX false_positive counts as one)', () => {
    const statements = parseVexDocument(
      JSON.stringify({
        bomFormat: 'CycloneDX',
        specVersion: '1.5',
        vulnerabilities: [
          { id: 'CVE-2024-0001', analysis: { state: 'in_triage' } },
          { id: 'CVE-2024-0001', analysis: { state: 'false_positive', detail: 'wrong package matched' } },
        ],
      }),
      'cdx.json',
    );
    expect(vexSuppression(statements, openssl, [imageDigest])?.justification).toBe('wrong package matched');
    expect(vexSuppression(statements.slice(0, 1), openssl, [imageDigest])).toBeUndefined();
  });

  it.each([
    ['not JSON', '{', 'x.json is not JSON'],
    [
      'another format',
      '{"spdxVersion":"SPDX-2.3"}',
      "x.json is neither OpenVEX (no '@context' https://openvex.dev/ns/…) nor CycloneDX VEX (no 'bomFormat': 'CycloneDX')",
    ],
  ])('refuses %s, naming the file', (_what, content, message) => {
    expect(() => parseVexDocument(content, 'x.json')).toThrow(ConfigurationError);
    expect(() => parseVexDocument(content, 'x.json')).toThrow(message);
  });
});
