import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import initSqlJs from 'sql.js';
import { pushLayout, writeImageLayout, type LayerSpec, type PlatformSpec } from './images.ts';
import { requireTool } from './tools.ts';

// Images for the SBOM generator, shaped like the real ones (package databases, release files, installed
// npm and Python packages, an rpm sqlite database), small enough to build in a test. Trivy reads them as
// it reads real images, so they also serve for the comparison with Trivy.

interface ApkPackage {
  name: string;
  version: string;
  origin?: string;
  license: string;
}

const alpine319: ApkPackage[] = [
  { name: 'alpine-baselayout', version: '3.4.3-r2', license: 'GPL-2.0-only' },
  {
    name: 'alpine-baselayout-data',
    version: '3.4.3-r2',
    origin: 'alpine-baselayout',
    license: 'GPL-2.0-only',
  },
  { name: 'alpine-keys', version: '2.4-r1', license: 'MIT' },
  { name: 'apk-tools', version: '2.14.0-r5', license: 'GPL-2.0-only' },
  { name: 'busybox', version: '1.36.1-r15', license: 'GPL-2.0-only' },
  { name: 'busybox-binsh', version: '1.36.1-r15', origin: 'busybox', license: 'GPL-2.0-only' },
  {
    name: 'ca-certificates-bundle',
    version: '20230506-r0',
    origin: 'ca-certificates',
    license: 'MPL-2.0 AND MIT',
  },
  { name: 'libc-utils', version: '0.7.2-r5', origin: 'libc-dev', license: 'BSD-2-Clause AND BSD-3-Clause' },
  { name: 'libcrypto3', version: '3.1.4-r1', origin: 'openssl', license: 'Apache-2.0' },
  { name: 'libssl3', version: '3.1.4-r1', origin: 'openssl', license: 'Apache-2.0' },
  { name: 'musl', version: '1.2.4_git20230717-r4', license: 'MIT' },
  {
    name: 'musl-utils',
    version: '1.2.4_git20230717-r4',
    origin: 'musl',
    license: 'MIT AND BSD-2-Clause AND GPL-2.0-or-later',
  },
  { name: 'scanelf', version: '1.3.7-r2', origin: 'pax-utils', license: 'GPL-2.0-only' },
  { name: 'ssl_client', version: '1.36.1-r15', origin: 'busybox', license: 'GPL-2.0-only' },
  { name: 'zlib', version: '1.3-r2', license: 'Zlib' },
];

function apkDatabase(packages: ApkPackage[], arch: string): string {
  return (
    packages
      .map((p) =>
        [
          `C:Q1${Buffer.from(p.name).toString('base64').slice(0, 27)}=`,
          `P:${p.name}`,
          `V:${p.version}`,
          `A:${arch}`,
          'S:100000',
          'I:200000',
          `T:${p.name}`,
          'U:https://alpinelinux.org',
          `L:${p.license}`,
          `o:${p.origin ?? p.name}`,
          'm:Alpine Maintainers',
          't:1700000000',
          'c:0123456789abcdef',
          '',
        ].join('\n'),
      )
      .join('\n') + '\n'
  );
}

export function alpineBaseLayer(arch = 'x86_64'): LayerSpec {
  return {
    files: {
      'etc/alpine-release': '3.19.0\n',
      'etc/os-release':
        'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.0\nPRETTY_NAME="Alpine Linux v3.19"\nHOME_URL="https://alpinelinux.org/"\n',
      'lib/apk/db/installed': apkDatabase(alpine319, arch),
      'bin/busybox': Buffer.alloc(2048, 1),
    },
    modes: { 'bin/busybox': 0o755 },
    symlinks: { 'bin/sh': '/bin/busybox' },
  };
}

interface DebPackage {
  name: string;
  version: string;
  source?: string;
  license?: string;
}

const bookworm: DebPackage[] = [
  { name: 'adduser', version: '3.134', license: 'GPL-2.0' },
  { name: 'apt', version: '2.6.1', license: 'GPL-2' },
  { name: 'base-files', version: '12.4+deb12u4' },
  { name: 'base-passwd', version: '3.6.1', license: 'GPL-2' },
  { name: 'bash', version: '5.2.15-2+b2', license: 'GPL-3+' },
  { name: 'bsdutils', version: '1:2.38.1-5+b1', source: 'util-linux (2.38.1-5)' },
  { name: 'coreutils', version: '9.1-1', license: 'GPL-3' },
  { name: 'dash', version: '0.5.12-2' },
  { name: 'debconf', version: '1.5.82', license: 'BSD-2-clause' },
  { name: 'debian-archive-keyring', version: '2023.3+deb12u1' },
  { name: 'debianutils', version: '5.7-0.5~deb12u1' },
  { name: 'diffutils', version: '1:3.8-4' },
  { name: 'dpkg', version: '1.21.22' },
  { name: 'e2fsprogs', version: '1.47.0-2' },
  { name: 'findutils', version: '4.9.0-4' },
  { name: 'gcc-12-base', version: '12.2.0-14', source: 'gcc-12' },
  { name: 'gpgv', version: '2.2.40-1.1', source: 'gnupg2' },
  { name: 'grep', version: '3.8-5' },
  { name: 'gzip', version: '1.12-1' },
  { name: 'hostname', version: '3.23+nmu1' },
  { name: 'init-system-helpers', version: '1.65.2' },
  { name: 'libacl1', version: '2.3.1-3', source: 'acl' },
  { name: 'libapt-pkg6.0', version: '2.6.1', source: 'apt' },
  { name: 'libc-bin', version: '2.36-9+deb12u3', source: 'glibc' },
  { name: 'libc6', version: '2.36-9+deb12u3', source: 'glibc', license: 'LGPL-2.1' },
  { name: 'libgcc-s1', version: '12.2.0-14', source: 'gcc-12' },
  { name: 'libgcrypt20', version: '1.10.1-3' },
  { name: 'liblz4-1', version: '1.9.4-1', source: 'lz4' },
  { name: 'liblzma5', version: '5.4.1-0.2', source: 'xz-utils' },
  { name: 'libpcre2-8-0', version: '10.42-1', source: 'pcre2' },
  { name: 'libselinux1', version: '3.4-1+b6', source: 'libselinux (3.4-1)' },
  { name: 'libssl3', version: '3.0.11-1~deb12u2', source: 'openssl', license: 'Apache-2.0' },
  { name: 'libstdc++6', version: '12.2.0-14', source: 'gcc-12' },
  { name: 'libsystemd0', version: '252.19-1~deb12u1', source: 'systemd' },
  { name: 'libtinfo6', version: '6.4-4', source: 'ncurses' },
  { name: 'libzstd1', version: '1.5.4+dfsg2-5', source: 'libzstd' },
  { name: 'login', version: '1:4.13+dfsg1-1+b1', source: 'shadow (1:4.13+dfsg1-1)' },
  { name: 'mawk', version: '1.3.4.20200120-3.1' },
  { name: 'mount', version: '2.38.1-5+b1', source: 'util-linux (2.38.1-5)' },
  { name: 'ncurses-base', version: '6.4-4', source: 'ncurses' },
  { name: 'passwd', version: '1:4.13+dfsg1-1+b1', source: 'shadow (1:4.13+dfsg1-1)' },
  { name: 'perl-base', version: '5.36.0-7+deb12u1', source: 'perl' },
  { name: 'sed', version: '4.9-1' },
  { name: 'sysvinit-utils', version: '3.06-4', source: 'sysvinit' },
  { name: 'tar', version: '1.34+dfsg-1.2+deb12u1' },
  { name: 'tzdata', version: '2024a-0+deb12u1' },
  { name: 'usrmerge', version: '37~deb12u1' },
  { name: 'util-linux', version: '2.38.1-5+b1', source: 'util-linux (2.38.1-5)' },
  { name: 'zlib1g', version: '1:1.2.13.dfsg-1', source: 'zlib', license: 'Zlib' },
];

function dpkgStatus(packages: DebPackage[], arch: string): string {
  return (
    packages
      .map((p) =>
        [
          `Package: ${p.name}`,
          'Status: install ok installed',
          'Priority: required',
          'Section: libs',
          'Installed-Size: 100',
          'Maintainer: Debian Maintainers <debian@example.test>',
          `Architecture: ${arch}`,
          'Multi-Arch: same',
          ...(p.source ? [`Source: ${p.source}`] : []),
          `Version: ${p.version}`,
          `Description: ${p.name}`,
          ' A package of the Debian fixture.',
          ' .',
          ' Second paragraph.',
          '',
        ].join('\n'),
      )
      .join('\n') +
    // A package removed but whose configuration files remain: not installed.
    '\nPackage: removed-tool\nStatus: deinstall ok config-files\nArchitecture: all\nVersion: 1.0-1\nDescription: gone\n'
  );
}

export function debianBaseLayer(arch = 'amd64'): LayerSpec {
  const files: Record<string, string> = {
    'etc/debian_version': '12.4\n',
    'usr/lib/os-release':
      'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n',
    'var/lib/dpkg/status': dpkgStatus(bookworm, arch),
  };
  for (const p of bookworm) {
    if (p.license) {
      files[`usr/share/doc/${p.name}/copyright`] =
        `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nCopyright: the authors\nLicense: ${p.license}\n`;
    }
  }
  // Debian's /etc/os-release is a link to /usr/lib/os-release.
  return { files, symlinks: { 'etc/os-release': '../usr/lib/os-release' } };
}

interface LanguagePackage {
  path: string;
  name: string;
  version: string;
  license?: string;
}

const npmPackages: LanguagePackage[] = [
  { path: 'usr/lib/node_modules/npm', name: 'npm', version: '10.2.4', license: 'Artistic-2.0' },
  { path: 'usr/lib/node_modules/npm/node_modules/semver', name: 'semver', version: '7.5.4', license: 'ISC' },
  {
    path: 'usr/lib/node_modules/npm/node_modules/@npmcli/arborist',
    name: '@npmcli/arborist',
    version: '7.2.1',
    license: 'ISC',
  },
  { path: 'app/node_modules/express', name: 'express', version: '4.18.2', license: 'MIT' },
  { path: 'app/node_modules/accepts', name: 'accepts', version: '1.3.8', license: 'MIT' },
  { path: 'app/node_modules/body-parser', name: 'body-parser', version: '1.20.1', license: 'MIT' },
  { path: 'app/node_modules/debug', name: 'debug', version: '2.6.9', license: 'MIT' },
  {
    path: 'app/node_modules/body-parser/node_modules/debug',
    name: 'debug',
    version: '2.6.9',
    license: 'MIT',
  },
  { path: 'app/node_modules/ms', name: 'ms', version: '2.0.0', license: 'MIT' },
  { path: 'app/node_modules/qs', name: 'qs', version: '6.11.0', license: 'BSD-3-Clause' },
  { path: 'app/node_modules/lodash', name: 'lodash', version: '4.17.21', license: 'MIT' },
  { path: 'app/node_modules/@types/node', name: '@types/node', version: '20.10.4', license: 'MIT' },
  { path: 'app/node_modules/@babel/core', name: '@babel/core', version: '7.23.5', license: 'MIT' },
  { path: 'app/node_modules/@babel/parser', name: '@babel/parser', version: '7.23.5', license: 'MIT' },
  { path: 'app/node_modules/minimist', name: 'minimist', version: '1.2.8', license: 'MIT' },
  { path: 'app/node_modules/left-pad', name: 'left-pad', version: '1.3.0', license: 'WTFPL' },
  { path: 'app/node_modules/uuid', name: 'uuid', version: '9.0.1', license: 'MIT' },
  { path: 'app/node_modules/tslib', name: 'tslib', version: '2.6.2', license: '0BSD' },
];

const pythonPackages: (LanguagePackage & { kind: 'dist-info' | 'egg-info' })[] = [
  {
    kind: 'dist-info',
    path: 'usr/lib/python3/dist-packages',
    name: 'requests',
    version: '2.31.0',
    license: 'Apache 2.0',
  },
  { kind: 'dist-info', path: 'usr/lib/python3/dist-packages', name: 'urllib3', version: '2.1.0' },
  {
    kind: 'dist-info',
    path: 'usr/lib/python3/dist-packages',
    name: 'certifi',
    version: '2023.11.17',
    license: 'MPL-2.0',
  },
  { kind: 'dist-info', path: 'usr/lib/python3/dist-packages', name: 'idna', version: '3.6' },
  {
    kind: 'dist-info',
    path: 'usr/lib/python3/dist-packages',
    name: 'charset-normalizer',
    version: '3.3.2',
    license: 'MIT',
  },
  { kind: 'dist-info', path: 'usr/local/lib/python3.11/site-packages', name: 'Flask', version: '3.0.0' },
  { kind: 'dist-info', path: 'usr/local/lib/python3.11/site-packages', name: 'Werkzeug', version: '3.0.1' },
  {
    kind: 'dist-info',
    path: 'usr/local/lib/python3.11/site-packages',
    name: 'Jinja2',
    version: '3.1.2',
    license: 'BSD-3-Clause',
  },
  {
    kind: 'dist-info',
    path: 'usr/local/lib/python3.11/site-packages',
    name: 'MarkupSafe',
    version: '2.1.3',
    license: 'BSD-3-Clause',
  },
  {
    kind: 'dist-info',
    path: 'usr/local/lib/python3.11/site-packages',
    name: 'typing_extensions',
    version: '4.9.0',
  },
  { kind: 'egg-info', path: 'usr/lib/python3/dist-packages', name: 'six', version: '1.16.0', license: 'MIT' },
  {
    kind: 'egg-info',
    path: 'usr/local/lib/python3.11/site-packages',
    name: 'PyYAML',
    version: '6.0.1',
    license: 'MIT',
  },
];

export function applicationLayer(): LayerSpec {
  const files: Record<string, string> = {};
  for (const p of npmPackages) {
    files[`${p.path}/package.json`] = JSON.stringify(
      {
        name: p.name,
        version: p.version,
        description: `${p.name} fixture`,
        ...(p.license ? { license: p.license } : {}),
      },
      null,
      2,
    );
    files[`${p.path}/index.js`] = 'module.exports = {};\n';
  }
  for (const p of pythonPackages) {
    const headers = [
      'Metadata-Version: 2.1',
      `Name: ${p.name}`,
      `Version: ${p.version}`,
      'Summary: a fixture package',
      ...(p.license ? [`License: ${p.license}`] : ['Classifier: License :: OSI Approved :: BSD License']),
      'Classifier: Programming Language :: Python :: 3',
      '',
      'Long description.',
      '',
    ].join('\n');
    const base = `${p.path}/${p.name.replace(/-/g, '_')}-${p.version}`;
    if (p.kind === 'dist-info') files[`${base}.dist-info/METADATA`] = headers;
    else files[`${base}.egg-info/PKG-INFO`] = headers;
  }
  return { files };
}

/** A layer on top that removes a package (whiteout) and replaces a directory (opaque). */
export function whiteoutLayer(): LayerSpec {
  return {
    files: {
      'app/node_modules/.wh.left-pad': '',
      'usr/local/lib/python3.11/site-packages/.wh.typing_extensions-4.9.0.dist-info': '',
      'usr/lib/node_modules/npm/node_modules/.wh..wh..opq': '',
      'usr/lib/node_modules/npm/node_modules/semver/package.json': JSON.stringify({
        name: 'semver',
        version: '7.6.0',
        license: 'ISC',
      }),
    },
  };
}

// ---- rpm ----------------------------------------------------------------------------------------------

interface RpmPackage {
  name: string;
  version: string;
  release: string;
  epoch?: number;
  license: string;
  sourceRpm?: string;
}

const rocky9: RpmPackage[] = [
  { name: 'bash', version: '5.1.8', release: '6.el9_1', license: 'GPLv3+' },
  {
    name: 'coreutils-single',
    version: '8.32',
    release: '34.el9',
    license: 'GPLv3+',
    sourceRpm: 'coreutils-8.32-34.el9.src.rpm',
  },
  { name: 'glibc', version: '2.34', release: '83.el9.7', license: 'LGPLv2+ and GPLv2+' },
  {
    name: 'glibc-minimal-langpack',
    version: '2.34',
    release: '83.el9.7',
    license: 'LGPLv2+',
    sourceRpm: 'glibc-2.34-83.el9.7.src.rpm',
  },
  {
    name: 'libgcc',
    version: '11.4.1',
    release: '2.1.el9',
    license: 'GPLv3+',
    sourceRpm: 'gcc-11.4.1-2.1.el9.src.rpm',
  },
  {
    name: 'openssl-libs',
    version: '3.0.7',
    release: '24.el9',
    epoch: 1,
    license: 'ASL 2.0',
    sourceRpm: 'openssl-3.0.7-24.el9.src.rpm',
  },
  { name: 'rocky-release', version: '9.3', release: '1.2.el9', license: 'BSD-3-Clause' },
  { name: 'tzdata', version: '2023c', release: '1.el9', license: 'Public Domain' },
  { name: 'zlib', version: '1.2.11', release: '40.el9', license: 'zlib and Boost' },
];

/** An rpm header blob with the tags a package database reader needs (no region tag). */
function rpmHeader(p: RpmPackage): Buffer {
  const entries: { tag: number; type: number; data: Buffer }[] = [];
  const string = (tag: number, value: string) =>
    entries.push({ tag, type: 6, data: Buffer.from(`${value}\0`) });
  string(1000, p.name);
  string(1001, p.version);
  string(1002, p.release);
  if (p.epoch !== undefined) {
    const data = Buffer.alloc(4);
    data.writeInt32BE(p.epoch);
    entries.push({ tag: 1003, type: 4, data });
  }
  string(1014, p.license);
  string(1022, 'x86_64');
  string(1044, p.sourceRpm ?? `${p.name}-${p.version}-${p.release}.src.rpm`);
  entries.sort((a, b) => a.tag - b.tag);
  const index = Buffer.alloc(entries.length * 16);
  const data: Buffer[] = [];
  let offset = 0;
  entries.forEach((entry, i) => {
    if (entry.type === 4 && offset % 4 !== 0) {
      const pad = 4 - (offset % 4);
      data.push(Buffer.alloc(pad));
      offset += pad;
    }
    index.writeUInt32BE(entry.tag, i * 16);
    index.writeUInt32BE(entry.type, i * 16 + 4);
    index.writeUInt32BE(offset, i * 16 + 8);
    index.writeUInt32BE(1, i * 16 + 12);
    data.push(entry.data);
    offset += entry.data.length;
  });
  const head = Buffer.alloc(8);
  head.writeUInt32BE(entries.length, 0);
  head.writeUInt32BE(offset, 4);
  return Buffer.concat([head, index, ...data]);
}

async function rpmSqliteDatabase(packages: RpmPackage[]): Promise<Buffer> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run('CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)');
  for (const p of packages) db.run('INSERT INTO Packages (blob) VALUES (?)', [rpmHeader(p)]);
  const bytes = Buffer.from(db.export());
  db.close();
  return bytes;
}

export async function rockyBaseLayer(): Promise<LayerSpec> {
  return {
    files: {
      'etc/rocky-release': 'Rocky Linux release 9.3 (Blue Onyx)\n',
      'etc/os-release':
        'NAME="Rocky Linux"\nVERSION="9.3 (Blue Onyx)"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.3"\nPRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"\n',
      'var/lib/rpm/rpmdb.sqlite': await rpmSqliteDatabase(rocky9),
    },
  };
}

export type SbomImageName = 'alpine' | 'debian' | 'languages' | 'rocky' | 'multi';

/** The platforms of each SBOM test image. */
export async function sbomImageSpecs(): Promise<Record<SbomImageName, PlatformSpec[]>> {
  return {
    alpine: [{ architecture: 'amd64', layers: [alpineBaseLayer()] }],
    debian: [{ architecture: 'amd64', layers: [debianBaseLayer(), { files: { 'app/README': 'app\n' } }] }],
    languages: [
      {
        architecture: 'amd64',
        layers: [debianBaseLayer(), { ...applicationLayer(), compression: 'zstd' }, whiteoutLayer()],
      },
    ],
    rocky: [{ architecture: 'amd64', layers: [await rockyBaseLayer()] }],
    /** Two platforms that differ: Alpine alone on amd64, Alpine with npm and Python packages on arm64. */
    multi: [
      { architecture: 'amd64', layers: [alpineBaseLayer()] },
      { architecture: 'arm64', variant: 'v8', layers: [alpineBaseLayer('aarch64'), applicationLayer()] },
    ],
  };
}

/** Builds the SBOM test image `name` as an OCI layout in `dir` (tag `latest`). */
export async function writeSbomImage(dir: string, name: SbomImageName) {
  return writeImageLayout(dir, 'latest', (await sbomImageSpecs())[name]);
}

/** Builds the SBOM test image `name` and pushes it to `host/repository:latest` with skopeo. */
export async function pushSbomImage(host: string, name: SbomImageName, repository = `sbom/${name}`) {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-sbom-image-'));
  try {
    const built = await writeSbomImage(dir, name);
    const reference = `${host}/${repository}:latest`;
    pushLayout(dir, 'latest', reference);
    return { reference, pinned: `${host}/${repository}@${built.digest}`, ...built };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- Go ------------------------------------------------------------------------------------------------

/**
 * Builds a real Go program (Debian's `go`) that depends on one vendored module at a known version, so its
 * embedded build info lists `example.com/greet v1.2.3`. Offline: the module is vendored, the proxy off.
 */
export function buildGoBinary(dir: string): Buffer {
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write('go.mod', 'module example.com/hello\n\ngo 1.19\n\nrequire example.com/greet v1.2.3\n');
  write('vendor/modules.txt', '# example.com/greet v1.2.3\n## explicit\nexample.com/greet\n');
  write('vendor/example.com/greet/greet.go', 'package greet\n\nfunc Hello() string { return "hello" }\n');
  write('main.go', 'package main\n\nimport "example.com/greet"\n\nfunc main() { println(greet.Hello()) }\n');
  requireTool('go', 'golang-go');
  execFileSync('go', ['build', '-mod=vendor', '-trimpath', '-o', 'hello', '.'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      GOCACHE: join(dir, '.cache'),
      GOPATH: join(dir, '.gopath'),
      GOPROXY: 'off',
      GOFLAGS: '',
      GOTOOLCHAIN: 'local',
      CGO_ENABLED: '0',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return readFileSync(join(dir, 'hello'));
}
