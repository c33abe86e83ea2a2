import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runActionBundle, startScanFixture, type ActionRun, type ScanFixture } from '@airlock/testkit';

// attest-sbom, then quarantine-scan with `scanner: sbom`, both through their bundles: the scan finds the
// SBOMs attest-sbom attached (one per platform) and reaches the same verdict and counts as scanning the
// image itself with the real Trivy, against the same fixture DB.

let fixture: ScanFixture;

beforeAll(async () => {
  fixture = await startScanFixture();
}, 300_000);
afterAll(async () => {
  await fixture?.stop();
});

const counted = ['verdict', 'blocking', 'critical', 'high', 'medium', 'low', 'unknown'] as const;

async function scan(reference: string, scanner: 'trivy' | 'sbom'): Promise<ActionRun> {
  const run = await runActionBundle('quarantine-scan', {
    image: reference,
    scanner,
    'trivy-path': fixture.trivyPath,
    'trivy-db-repository': fixture.dbRepository,
    'insecure-registries': fixture.registry.host,
    'github-token': '',
    'fail-on-violation': 'false',
    attach: 'false',
  });
  if (run.errors.length > 0 || run.exitCode !== 0) console.log(run.stdout, run.stderr);
  return run;
}

describe('attest-sbom then quarantine-scan scanner: sbom (real Trivy, fixture DB)', () => {
  it.each(['alpine', 'debian', 'alpineMulti'] as const)(
    '%s: same verdict and counts as scanner: trivy',
    async (name) => {
      const image = fixture.images[name];
      const byTrivy = await scan(image.reference, 'trivy');
      expect(byTrivy.exitCode).toBe(0);

      const attested = await runActionBundle('attest-sbom', {
        image: image.reference,
        'insecure-registries': fixture.registry.host,
        'github-token': '',
      });
      expect(attested.errors).toEqual([]);
      expect(attested.outputs['attestation-digest']!.split('\n')).toHaveLength(image.manifests.length);

      const bySbom = await scan(image.reference, 'sbom');
      expect(bySbom.exitCode).toBe(0);
      expect(bySbom.stdout).not.toContain('no SBOM is attached');
      expect(bySbom.stdout).toContain('scanning the SBOM from the https://cyclonedx.org/bom record');
      const pick = (run: ActionRun) => Object.fromEntries(counted.map((key) => [key, run.outputs[key]]));
      expect(pick(bySbom)).toEqual(pick(byTrivy));
      // The fixture images have findings: the comparison is not between two empty scans.
      expect(Number(byTrivy.outputs.critical) + Number(byTrivy.outputs.high)).toBeGreaterThan(0);
    },
    180_000,
  );
});
