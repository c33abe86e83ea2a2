import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import {
  buildGoBinary,
  cyclonedxSchemaErrors,
  spdxSchemaErrors,
  writeImageLayout,
  writeSbomImage,
  type LayerSpec,
  type SbomImageName,
} from '@airlock/testkit';
import { RecordingLogger } from '../src/logger.ts';
import { OciLayoutRepository } from '../src/oci/layout.ts';
import { ConfigurationError } from '../src/errors.ts';
import {
  SbomLimitError,
  countByEcosystem,
  defaultSbomLimits,
  formatPurl,
  generateSbom,
  normalizeEntryPath,
  parseOsRelease,
  parseSbomDocument,
  sbomForScanner,
  toCycloneDx,
  toSpdx,
  type ImageSbom,
  type SbomComponent,
  type SbomLimits,
} from '../src/sbom/index.ts';

const dirs: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-sbom-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function sbomOf(layers: LayerSpec[], limits?: SbomLimits, logger = new RecordingLogger()) {
  const dir = scratch();
  const built = await writeImageLayout(dir, 'latest', [{ architecture: 'amd64', layers }]);
  return generateSbom({
    repository: new OciLayoutRepository(dir),
    name: 'registry.test/app',
    digest: built.manifests[0]!,
    logger,
    ...(limits ? { limits } : {}),
  });
}

const images: Partial<Record<SbomImageName, { sbom: ImageSbom; layers: string[] }>> = {};
beforeAll(async () => {
  for (const name of ['alpine', 'debian', 'languages', 'rocky'] as const) {
    const dir = scratch();
    const built = await writeSbomImage(dir, name);
    const repository = new OciLayoutRepository(dir);
    const { manifest } = await repository.getManifest(built.manifests[0]!);
    images[name] = {
      sbom: await generateSbom({
        repository,
        name: `registry.test/${name}`,
        digest: built.manifests[0]!,
        logger: new RecordingLogger(),
      }),
      layers: 'layers' in manifest ? manifest.layers.map((layer) => layer.digest) : [],
    };
  }
}, 120_000);

const find = (sbom: ImageSbom, name: string, ecosystem?: string): SbomComponent[] =>
  sbom.components.filter((c) => c.name === name && (!ecosystem || c.ecosystem === ecosystem));

describe('SBOM catalogers on images shaped like real ones', () => {
  it('Alpine: apk packages with distro purls, origins, licenses and their layer; the OS from os-release', () => {
    const { sbom, layers } = images.alpine!;
    expect(sbom.os).toMatchObject({ id: 'alpine', versionId: '3.19.0' });
    expect(sbom.platform).toBe('linux/amd64');
    expect(countByEcosystem(sbom)).toEqual({ apk: 15 });
    expect(find(sbom, 'libssl3')[0]).toMatchObject({
      version: '3.1.4-r1',
      purl: 'pkg:apk/alpine/libssl3@3.1.4-r1?arch=x86_64&distro=alpine-3.19.0',
      licenses: ['Apache-2.0'],
      source: { name: 'openssl' },
      path: 'lib/apk/db/installed',
      layer: { digest: layers[0] },
    });
    expect(find(sbom, 'musl-utils')[0]!.licenses).toEqual(['MIT AND BSD-2-Clause AND GPL-2.0-or-later']);
  });

  it('Debian: installed dpkg packages only, epochs as purl qualifiers, source packages, DEP-5 licenses', () => {
    const { sbom } = images.debian!;
    // /etc/os-release is a symbolic link there: it is not followed, /usr/lib/os-release is read instead.
    expect(sbom.os).toMatchObject({ id: 'debian', versionId: '12', versionCodename: 'bookworm' });
    expect(countByEcosystem(sbom)).toEqual({ deb: 49 });
    expect(find(sbom, 'removed-tool')).toEqual([]);
    expect(find(sbom, 'zlib1g')[0]).toMatchObject({
      version: '1.2.13.dfsg-1',
      epoch: 1,
      purl: 'pkg:deb/debian/zlib1g@1.2.13.dfsg-1?arch=amd64&distro=debian-12&epoch=1',
      source: { name: 'zlib', version: '1:1.2.13.dfsg-1' },
      licenses: ['Zlib'],
    });
    expect(find(sbom, 'login')[0]).toMatchObject({ source: { name: 'shadow', version: '1:4.13+dfsg1-1' } });
    expect(find(sbom, 'libstdc++6')[0]!.purl).toBe(
      'pkg:deb/debian/libstdc%2B%2B6@12.2.0-14?arch=amd64&distro=debian-12',
    );
  });

  it('npm and Python packages, with whiteouts and opaque directories of upper layers applied', () => {
    const { sbom, layers } = images.languages!;
    const counts = countByEcosystem(sbom);
    expect(counts).toEqual({ deb: 49, npm: 15, pypi: 11 });
    // Removed by a whiteout, or hidden by an opaque directory, in the third layer.
    expect(find(sbom, 'left-pad')).toEqual([]);
    expect(find(sbom, 'typing_extensions')).toEqual([]);
    expect(find(sbom, '@npmcli/arborist')).toEqual([]);
    expect(find(sbom, 'semver')).toEqual([
      expect.objectContaining({ version: '7.6.0', layer: expect.objectContaining({ digest: layers[2] }) }),
    ]);
    // The same package installed in two places is one component that names both.
    expect(find(sbom, 'debug')).toEqual([
      expect.objectContaining({
        path: 'app/node_modules/body-parser/node_modules/debug/package.json',
        otherPaths: ['app/node_modules/debug/package.json'],
      }),
    ]);
    expect(find(sbom, '@babel/core')[0]).toMatchObject({
      group: '@babel',
      purl: 'pkg:npm/%40babel/core@7.23.5',
      licenses: ['MIT'],
      layer: { digest: layers[1] },
    });
    expect(find(sbom, 'MarkupSafe')[0]).toMatchObject({
      purl: 'pkg:pypi/markupsafe@2.1.3',
      licenses: ['BSD-3-Clause'],
    });
    expect(find(sbom, 'Flask')[0]!.licenses).toEqual(['BSD License']);
    expect(find(sbom, 'PyYAML')[0]!.path).toBe(
      'usr/local/lib/python3.11/site-packages/PyYAML-6.0.1.egg-info/PKG-INFO',
    );
  });

  it('rpm: the sqlite database through sql.js, epoch in the purl, the source rpm', () => {
    const { sbom } = images.rocky!;
    expect(sbom.os).toMatchObject({ id: 'rocky', versionId: '9.3' });
    expect(countByEcosystem(sbom)).toEqual({ rpm: 9 });
    expect(find(sbom, 'openssl-libs')[0]).toMatchObject({
      version: '3.0.7-24.el9',
      epoch: 1,
      purl: 'pkg:rpm/rocky/openssl-libs@3.0.7-24.el9?arch=x86_64&distro=rocky-9.3&epoch=1',
      source: { name: 'openssl', version: '3.0.7-24.el9' },
      licenses: ['ASL 2.0'],
    });
  });

  it('rpm Berkeley DB and ndb databases are named in a warning, not read', async () => {
    const logger = new RecordingLogger();
    const sbom = await sbomOf(
      [{ files: { 'var/lib/rpm/Packages': 'berkeley db bytes' } }],
      undefined,
      logger,
    );
    expect(sbom.components).toEqual([]);
    expect(sbom.warnings).toEqual([
      expect.stringContaining('/var/lib/rpm/Packages is a Berkeley DB or ndb rpm database'),
    ]);
    expect(logger.warnings).toEqual(sbom.warnings);
  });

  it('distroless: one dpkg status file per package in status.d', async () => {
    const sbom = await sbomOf([
      {
        files: {
          'etc/os-release': 'ID=debian\nVERSION_ID="12"\n',
          'var/lib/dpkg/status.d/libc6':
            'Package: libc6\nVersion: 2.36-9+deb12u3\nArchitecture: amd64\nSource: glibc\n',
          'var/lib/dpkg/status.d/libc6.md5sums': 'abc  lib/libc.so.6\n',
          'var/lib/dpkg/status.d/tzdata': 'Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n',
        },
      },
    ]);
    expect(sbom.components.map((c) => `${c.name}@${c.version}`)).toEqual([
      'libc6@2.36-9+deb12u3',
      'tzdata@2024a-0+deb12u1',
    ]);
  });

  it('Go programs: the modules of the embedded build info (a real binary built by go)', async () => {
    const binary = buildGoBinary(scratch());
    const sbom = await sbomOf([
      { files: { 'usr/local/bin/hello': binary }, modes: { 'usr/local/bin/hello': 0o755 } },
    ]);
    expect(sbom.components).toEqual([
      expect.objectContaining({
        ecosystem: 'golang',
        name: 'example.com/greet',
        version: 'v1.2.3',
        purl: 'pkg:golang/example.com/greet@v1.2.3',
        path: 'usr/local/bin/hello',
      }),
    ]);
    // Not executable, or not ELF: not read.
    const plain = await sbomOf([{ files: { 'usr/local/bin/hello': binary } }]);
    expect(plain.components).toEqual([]);
  }, 120_000);

  it('Java archives: pom.properties, else MANIFEST.MF', async () => {
    const jar = zip({
      'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\r\nImplementation-Title: ignored\r\n\r\n',
      'META-INF/maven/org.apache.commons/commons-lang3/pom.properties':
        '#Generated\ngroupId=org.apache.commons\nartifactId=commons-lang3\nversion=3.14.0\n',
      'org/apache/commons/lang3/StringUtils.class': 'cafebabe',
    });
    const manifestOnly = zip({
      'META-INF/MANIFEST.MF':
        'Manifest-Version: 1.0\r\nImplementation-Title: guava\r\nImplementation-Version: 33.0.0-jre\r\nImplementation-Vendor-Id: com.google.guava\r\nBundle-License: Apache-2.0\r\n\r\n',
    });
    const sbom = await sbomOf([
      { files: { 'app/lib/commons-lang3.jar': jar, 'app/lib/guava.jar': manifestOnly } },
    ]);
    expect(sbom.components.map((c) => [c.purl, c.licenses])).toEqual([
      ['pkg:maven/org.apache.commons/commons-lang3@3.14.0', []],
      ['pkg:maven/com.google.guava/guava@33.0.0-jre', ['Apache-2.0']],
    ]);
  });
});

describe('the image filesystem: streamed, bounded, and never escaping', () => {
  const apk = 'P:zlib\nV:1.3-r2\nA:x86_64\nL:Zlib\n\n';

  it('gzip, zstd and plain tar layers give the same SBOM', async () => {
    const results = [];
    for (const compression of ['gzip', 'zstd', 'none'] as const) {
      const sbom = await sbomOf([{ files: { 'lib/apk/db/installed': apk }, compression }]);
      results.push(sbom.components.map((c) => c.purl));
    }
    expect(results).toEqual([['pkg:apk/alpine/zlib@1.3-r2?arch=x86_64'], ...results.slice(0, 2)]);
  });

  it('drops paths that climb out with ../, and follows no symbolic link', async () => {
    const sbom = await sbomOf([
      {
        raw: [
          { name: '../../lib/apk/db/installed', content: apk },
          { name: 'etc/../../var/lib/dpkg/status', content: 'Package: evil\nVersion: 1\n' },
          { name: 'usr/lib/node_modules/x/package.json', type: 'symlink', linkname: '/etc/passwd' },
          { name: 'lib/apk/db/installed', type: 'symlink', linkname: '../../../host/installed' },
        ],
      },
    ]);
    expect(sbom.components).toEqual([]);
    expect(normalizeEntryPath('./a/./b')).toBe('a/b');
    expect(normalizeEntryPath('/a/../b')).toBeUndefined();
  });

  it('an upper layer replaces a directory by a file, and a file by another', async () => {
    const sbom = await sbomOf([
      {
        files: {
          'app/node_modules/a/package.json': '{"name":"a","version":"1.0.0"}',
          'app/node_modules/b/package.json': '{"name":"b","version":"1.0.0"}',
        },
      },
      {
        files: {
          'app/node_modules/a': 'now a file',
          'app/node_modules/b/package.json': '{"name":"b","version":"2.0.0"}',
        },
      },
    ]);
    expect(sbom.components.map((c) => `${c.name}@${c.version}`)).toEqual(['b@2.0.0']);
  });

  it('a hard link to a catalogued file is catalogued under its own path too', async () => {
    const sbom = await sbomOf([
      {
        raw: [
          { name: 'usr/lib/os-release', content: 'ID=alpine\nVERSION_ID=3.19.0\n' },
          { name: 'etc/os-release', type: 'link', linkname: 'usr/lib/os-release' },
          { name: 'lib/apk/db/installed', content: apk },
        ],
      },
    ]);
    expect(sbom.os?.id).toBe('alpine');
    expect(sbom.components[0]!.purl).toBe('pkg:apk/alpine/zlib@1.3-r2?arch=x86_64&distro=alpine-3.19.0');
  });

  it('a file over the per-file limit is skipped with a warning', async () => {
    const logger = new RecordingLogger();
    const big = JSON.stringify({ name: 'big', version: '1.0.0', description: 'x'.repeat(5000) });
    const sbom = await sbomOf(
      [
        {
          files: {
            'node_modules/big/package.json': big,
            'node_modules/small/package.json': '{"name":"small","version":"1.0.0"}',
          },
        },
      ],
      { ...defaultSbomLimits, maxFileBytes: 4096 },
      logger,
    );
    expect(sbom.components.map((c) => c.name)).toEqual(['small']);
    expect(logger.warnings).toEqual([
      expect.stringMatching(/node_modules\/big\/package.json .* over the 4096-byte limit; not catalogued/),
    ]);
  });

  it('stops with a clear error past the kept-bytes or uncompressed-bytes limit', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++)
      files[`node_modules/p${i}/package.json`] = JSON.stringify({
        name: `p${i}`,
        version: '1.0.0',
        pad: 'x'.repeat(1000),
      });
    await expect(sbomOf([{ files }], { ...defaultSbomLimits, maxKeptBytes: 8000 })).rejects.toThrow(
      SbomLimitError,
    );
    await expect(sbomOf([{ files }], { ...defaultSbomLimits, maxKeptBytes: 8000 })).rejects.toThrow(
      /the catalogued files pass 8000 bytes/,
    );
    await expect(
      sbomOf([{ files: { 'data/zero.bin': Buffer.alloc(200_000) } }], {
        ...defaultSbomLimits,
        maxUncompressedBytes: 100_000,
      }),
    ).rejects.toThrow(/more than 100000 uncompressed bytes/);
  });
});

describe('CycloneDX 1.6 and SPDX 2.3 documents', () => {
  it.each(['alpine', 'debian', 'languages', 'rocky'] as const)(
    '%s: both are valid against the official schemas',
    (name) => {
      const { sbom } = images[name]!;
      const cyclonedx = toCycloneDx(sbom, { toolVersion: '0.1.0' });
      expect(cyclonedxSchemaErrors(cyclonedx)).toEqual([]);
      expect(cyclonedx).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6' });
      const spdx = toSpdx(sbom, { toolVersion: '0.1.0' });
      expect(spdxSchemaErrors(spdx)).toEqual([]);
      const parsedCdx = parseSbomDocument(Buffer.from(JSON.stringify(cyclonedx)), 'test');
      const parsedSpdx = parseSbomDocument(Buffer.from(JSON.stringify(spdx)), 'test');
      expect(parsedCdx.components).toBe(sbom.components.length);
      expect(parsedSpdx.components).toBe(sbom.components.length);
      expect(parsedSpdx.predicateType).toBe('https://spdx.dev/Document/v2.3');
    },
  );

  it('CycloneDX components carry purl, licenses, layer and the source package Trivy reads', () => {
    const { sbom, layers } = images.debian!;
    const document = toCycloneDx(sbom, { toolVersion: '0.1.0' }) as {
      metadata: { component: { name: string; version: string; type: string } };
      components: {
        name: string;
        type: string;
        purl?: string;
        licenses?: unknown[];
        properties?: { name: string; value: string }[];
      }[];
    };
    expect(document.metadata.component).toMatchObject({
      type: 'container',
      name: 'registry.test/debian',
      version: sbom.digest,
    });
    expect(document.components[0]).toMatchObject({ type: 'operating-system', name: 'debian', version: '12' });
    const libc = document.components.find((c) => c.name === 'libc6')!;
    expect(libc.purl).toBe('pkg:deb/debian/libc6@2.36-9%2Bdeb12u3?arch=amd64&distro=debian-12');
    expect(libc.licenses).toEqual([{ license: { id: 'LGPL-2.1' } }]);
    const properties = Object.fromEntries((libc.properties ?? []).map((p) => [p.name, p.value]));
    expect(properties).toMatchObject({
      'airlock:layer:digest': layers[0],
      'airlock:package:type': 'deb',
      'aquasecurity:trivy:SrcName': 'glibc',
      'aquasecurity:trivy:SrcVersion': '2.36',
      'aquasecurity:trivy:SrcRelease': '9+deb12u3',
    });
  });

  it('SPDX packages: licenses as SPDX expressions or LicenseRefs, purls, CONTAINS relationships', () => {
    const { sbom } = images.languages!;
    const document = toSpdx(sbom, { toolVersion: '0.1.0' }) as {
      packages: { name: string; licenseDeclared: string; externalRefs?: { referenceLocator: string }[] }[];
      relationships: { relationshipType: string }[];
      hasExtractedLicensingInfos?: { licenseId: string; name: string }[];
    };
    const requests = document.packages.find((p) => p.name === 'requests')!;
    expect(requests.licenseDeclared).toBe('LicenseRef-Apache-2.0');
    expect(document.hasExtractedLicensingInfos).toContainEqual(
      expect.objectContaining({ licenseId: 'LicenseRef-Apache-2.0', name: 'Apache 2.0' }),
    );
    expect(document.packages.find((p) => p.name === 'express')!.licenseDeclared).toBe('MIT');
    expect(document.relationships.filter((r) => r.relationshipType === 'CONTAINS')).toHaveLength(
      sbom.components.length + 1,
    );
  });
});

describe('the copy of an SBOM given to a scanner', () => {
  it('is CycloneDX 1.5 with the legacy tools list (Trivy 0.44 refuses 1.6); the rest unchanged', () => {
    const document = toCycloneDx(images.alpine!.sbom, { toolVersion: '0.1.0' });
    const forScanner = sbomForScanner(document) as Record<string, unknown> & { metadata: { tools: unknown } };
    expect(forScanner.specVersion).toBe('1.5');
    expect(forScanner.metadata.tools).toEqual([{ vendor: 'airlock', name: 'airlock', version: '0.1.0' }]);
    expect(forScanner.components).toBe(document.components);
    expect(document.specVersion).toBe('1.6');
    const spdx = toSpdx(images.alpine!.sbom, { toolVersion: '0.1.0' });
    expect(sbomForScanner(spdx)).toBe(spdx);
  });

  it('CycloneDX dependencies: the image holds the OS and language packages, the OS its packages', () => {
    const { sbom } = images.languages!;
    const document = toCycloneDx(sbom, { toolVersion: '0.1.0' }) as {
      dependencies: { ref: string; dependsOn?: string[] }[];
    };
    const os = document.dependencies.find((d) => d.ref === 'os:debian@12')!;
    expect(os.dependsOn).toHaveLength(49);
    const image = document.dependencies.find((d) => d.ref === `registry.test/languages@${sbom.digest}`)!;
    expect(image.dependsOn).toHaveLength(1 + 15 + 11);
  });
});

describe('a given SBOM file', () => {
  it('is recognised as CycloneDX or SPDX, and refused with a clear error otherwise', () => {
    expect(
      parseSbomDocument(
        Buffer.from(
          '{"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"type":"library","name":"a","purl":"pkg:npm/a@1"}]}',
        ),
        'x',
      ),
    ).toMatchObject({
      format: 'cyclonedx',
      predicateType: 'https://cyclonedx.org/bom',
      components: 1,
      byType: { npm: 1 },
    });
    expect(
      parseSbomDocument(
        Buffer.from('{"spdxVersion":"SPDX-2.2","SPDXID":"SPDXRef-DOCUMENT","packages":[]}'),
        'x',
      ).predicateType,
    ).toBe('https://spdx.dev/Document');
    const cases: [string, RegExp][] = [
      ['not json', /input 'sbom' \(f.json\) is not JSON/],
      ['[]', /is not a JSON object/],
      ['{"name":"x"}', /is neither CycloneDX .* nor SPDX/],
      ['{"bomFormat":"CycloneDX"}', /CycloneDX without a valid specVersion/],
      ['{"spdxVersion":"SPDX-3.0","SPDXID":"x"}', /SPDX-3.0, which attest-sbom does not attest/],
    ];
    for (const [text, message] of cases) {
      expect(() => parseSbomDocument(Buffer.from(text), "input 'sbom' (f.json)")).toThrow(message);
      expect(() => parseSbomDocument(Buffer.from(text), "input 'sbom' (f.json)")).toThrow(ConfigurationError);
    }
    const big = Buffer.alloc(16 * 1024 * 1024 + 1, 0x20);
    expect(() => parseSbomDocument(big, "input 'sbom' (big.json)")).toThrow(
      /input 'sbom' \(big.json\) is 16777217 bytes, over the 16777216-byte \(16 MB\) limit/,
    );
  });
});

describe('small parts', () => {
  it('purls encode what the spec asks, qualifiers sorted', () => {
    expect(
      formatPurl({
        type: 'deb',
        namespace: 'debian',
        name: 'libstdc++6',
        version: '1:2+3',
        qualifiers: { epoch: '1', arch: 'amd64' },
      }),
    ).toBe('pkg:deb/debian/libstdc%2B%2B6@1%3A2%2B3?arch=amd64&epoch=1');
    expect(formatPurl({ type: 'golang', namespace: 'github.com/a/b', name: 'c', version: 'v1.0.0' })).toBe(
      'pkg:golang/github.com/a/b/c@v1.0.0',
    );
  });

  it('os-release values may be quoted', () => {
    expect(parseOsRelease('ID="rocky"\nVERSION_ID=\'9.3\'\nPRETTY_NAME="Rocky \\"Linux\\""\n')).toEqual({
      id: 'rocky',
      versionId: '9.3',
      prettyName: 'Rocky "Linux"',
    });
    expect(parseOsRelease('NAME=x\n')).toBeUndefined();
  });
});

/** A zip archive: the first entry stored, the others deflated. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  Object.entries(entries).forEach(([name, text], index) => {
    const raw = Buffer.from(text);
    const method = index === 0 ? 0 : 8;
    const data = method === 0 ? raw : deflateRawSync(raw);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  });
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
