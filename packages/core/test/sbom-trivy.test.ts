import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureTrivyPath, writeSbomImage, type SbomImageName } from '@airlock/testkit';
import { RecordingLogger } from '../src/logger.ts';
import { OciLayoutRepository } from '../src/oci/layout.ts';
import { generateSbom, toCycloneDx } from '../src/sbom/index.ts';

// The packages airlock finds, against those the real Trivy (0.44.1) finds in the same image
// (`trivy image --format cyclonedx`): the same (name, version) pairs for OS packages, and at least 99%
// of all packages in common.

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface CdxComponent {
  name: string;
  group?: string;
  version?: string;
  purl?: string;
}

/** (name, version) pairs of the components with a purl, as a multiset; `os` picks OS or other packages. */
function pairs(components: CdxComponent[]): { os: string[]; all: string[] } {
  const all = components
    .filter((c) => c.purl)
    .map((c) => ({
      key: `${c.group && !c.name.startsWith(`${c.group}/`) ? `${c.group}/` : ''}${c.name}@${c.version ?? ''}`,
      type: /^pkg:([^/]+)\//.exec(c.purl!)?.[1] ?? '',
    }));
  const sorted = (list: typeof all) => list.map((c) => c.key).sort();
  return { os: sorted(all.filter((c) => ['apk', 'deb', 'rpm'].includes(c.type))), all: sorted(all) };
}

/** Pairs in common (as multisets), over the larger of the two lists. */
function agreement(ours: string[], theirs: string[]): number {
  const left = new Map<string, number>();
  for (const key of ours) left.set(key, (left.get(key) ?? 0) + 1);
  let common = 0;
  for (const key of theirs) {
    const count = left.get(key) ?? 0;
    if (count > 0) {
      common++;
      left.set(key, count - 1);
    }
  }
  return common / Math.max(ours.length, theirs.length, 1);
}

describe('airlock’s SBOM against real Trivy’s CycloneDX', () => {
  it.each(['alpine', 'debian', 'languages', 'rocky'] as const)(
    '%s: the same OS packages, and at least 99%% of all packages',
    async (name: SbomImageName) => {
      const dir = mkdtempSync(join(tmpdir(), 'airlock-sbom-trivy-'));
      dirs.push(dir);
      const built = await writeSbomImage(dir, name);
      const sbom = await generateSbom({
        repository: new OciLayoutRepository(dir),
        name: `registry.test/${name}`,
        digest: built.manifests[0]!,
        logger: new RecordingLogger(),
      });
      const ours = pairs(toCycloneDx(sbom, { toolVersion: '0.1.0' }).components as CdxComponent[]);
      const trivy = JSON.parse(
        execFileSync(
          fixtureTrivyPath(),
          [
            'image',
            '--cache-dir',
            join(dir, 'trivy-cache'),
            '--skip-db-update',
            '--offline-scan',
            '--quiet',
            '--format',
            'cyclonedx',
            '--input',
            dir,
          ],
          { maxBuffer: 256 * 1024 * 1024 },
        ).toString(),
      ) as { components?: CdxComponent[] };
      const theirs = pairs(trivy.components ?? []);
      expect(theirs.os.length).toBeGreaterThan(0);
      expect(ours.os).toEqual(theirs.os);
      const share = agreement(ours.all, theirs.all);
      console.log(
        `${name}: airlock ${ours.all.length} packages, Trivy ${theirs.all.length}, ${(100 * share).toFixed(1)}% in common`,
      );
      expect(share).toBeGreaterThanOrEqual(0.99);
    },
    120_000,
  );
});
