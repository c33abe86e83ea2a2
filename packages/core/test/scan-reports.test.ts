import { describe, expect, it } from '@jest/globals';
import { ConfigurationError, parseScanReport } from '../src/index.ts';

// Reports made elsewhere (`scanner: report`). The Grype report has the shape of `grype -o json` output
// (matches[].vulnerability / relatedVulnerabilities / artifact, source.target, descriptor).

const grypeReport = {
  matches: [
    {
      vulnerability: {
        id: 'CVE-2099-3001',
        dataSource: 'https://security-tracker.debian.org/tracker/CVE-2099-3001',
        severity: 'High',
        urls: [],
        cvss: [],
        fix: { versions: ['3.0.11-1~deb12u2'], state: 'fixed' },
      },
      relatedVulnerabilities: [
        {
          id: 'CVE-2099-3001',
          cvss: [
            { version: '2.0', vector: 'AV:N/AC:L/Au:N/C:P/I:P/A:P', metrics: { baseScore: 7.5 } },
            {
              version: '3.1',
              vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
              metrics: { baseScore: 9.8 },
            },
          ],
        },
      ],
      artifact: {
        name: 'libssl3',
        version: '3.0.11-1~deb12u1',
        purl: 'pkg:deb/debian/libssl3@3.0.11-1~deb12u1?arch=amd64&distro=debian-12',
        locations: [{ path: '/var/lib/dpkg/status', layerID: `sha256:${'1'.repeat(64)}` }],
      },
    },
    {
      vulnerability: {
        id: 'GHSA-aaaa-bbbb-cccc',
        severity: 'Negligible',
        urls: ['https://github.com/advisories/GHSA-aaaa-bbbb-cccc'],
        fix: { versions: [], state: 'not-fixed' },
      },
      artifact: { name: 'lodash', version: '4.17.20' },
    },
  ],
  source: {
    type: 'image',
    target: {
      userInput: 'app:1',
      manifestDigest: `sha256:${'2'.repeat(64)}`,
      os: 'linux',
      architecture: 'arm64',
    },
  },
  descriptor: { name: 'grype', version: '0.74.0' },
};

describe('imported reports', () => {
  it('reads Grype JSON: severities, fix state, CVSS from the related NVD record, purl and layer', () => {
    const report = parseScanReport(JSON.stringify(grypeReport), 'grype.json');
    expect(report.scanner).toEqual({ name: 'grype', version: '0.74.0' });
    expect(report.platform).toBe('linux/arm64');
    expect(report.findings).toEqual([
      {
        id: 'CVE-2099-3001',
        package: 'libssl3',
        installed: '3.0.11-1~deb12u1',
        fixed: '3.0.11-1~deb12u2',
        severity: 'HIGH',
        cvssScore: 9.8,
        cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
        status: 'fixed',
        platform: 'linux/arm64',
        layer: `sha256:${'1'.repeat(64)}`,
        url: 'https://security-tracker.debian.org/tracker/CVE-2099-3001',
        purl: 'pkg:deb/debian/libssl3@3.0.11-1~deb12u1?arch=amd64&distro=debian-12',
      },
      {
        id: 'GHSA-aaaa-bbbb-cccc',
        package: 'lodash',
        installed: '4.17.20',
        fixed: '',
        severity: 'LOW',
        status: 'affected',
        platform: 'linux/arm64',
        url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc',
      },
    ]);
  });

  it('reads Trivy JSON, taking NVD CVSS v3 first', () => {
    const trivy = {
      SchemaVersion: 2,
      ArtifactName: 'app@sha256:…',
      Metadata: { ImageConfig: { os: 'linux', architecture: 'arm', variant: 'v7' } },
      Results: [
        { Target: 'app (alpine 3.18.4)', Class: 'os-pkgs' },
        {
          Target: 'app/package-lock.json',
          Class: 'lang-pkgs',
          Vulnerabilities: [
            {
              VulnerabilityID: 'CVE-2099-4001',
              PkgName: 'minimist',
              InstalledVersion: '1.2.5',
              FixedVersion: '1.2.6',
              Severity: 'CRITICAL',
              SeveritySource: 'ghsa',
              CVSS: {
                ghsa: { V3Score: 9.1, V3Vector: 'CVSS:3.1/ghsa' },
                nvd: { V2Score: 7.5, V3Score: 9.8, V3Vector: 'CVSS:3.1/nvd' },
              },
              PkgIdentifier: { PURL: 'pkg:npm/minimist@1.2.5' },
            },
            {
              VulnerabilityID: 'CVE-2099-4002',
              PkgName: 'x',
              InstalledVersion: '1',
              Severity: 'WHATEVER',
              CVSS: { redhat: { V2Score: 4.3, V2Vector: 'AV:N' } },
            },
          ],
        },
      ],
    };
    const report = parseScanReport(JSON.stringify(trivy), 'trivy.json');
    expect(report.platform).toBe('linux/arm/v7');
    expect(report.findings[0]).toMatchObject({
      cvssScore: 9.8,
      cvssVector: 'CVSS:3.1/nvd',
      status: 'fixed',
      purl: 'pkg:npm/minimist@1.2.5',
    });
    expect(report.findings[1]).toMatchObject({
      severity: 'UNKNOWN',
      cvssScore: 4.3,
      status: 'affected',
      fixed: '',
    });
  });

  it.each([
    ['not JSON', 'Total: 3 (HIGH: 3)', "input 'report-file' (r.txt) is not JSON"],
    [
      'another JSON',
      '{"runs":[]}',
      "input 'report-file' (r.txt) is neither a Trivy JSON report (no 'SchemaVersion'/'Results') nor a Grype JSON report (no 'matches')",
    ],
  ])('refuses %s with a message that names the input', (_what, content, message) => {
    expect(() => parseScanReport(content, "input 'report-file' (r.txt)")).toThrow(ConfigurationError);
    expect(() => parseScanReport(content, "input 'report-file' (r.txt)")).toThrow(message);
  });
});
