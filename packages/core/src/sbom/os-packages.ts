// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ncc type-checks each action with its own tsconfig, which does not include this declaration file
/// <reference path="./sql-js.d.ts" />
// Operating-system package databases: os-release, apk, dpkg (and distroless status.d), rpm (sqlite).

import type { KeptFile } from './filesystem.ts';
import { distroQualifier, formatPurl } from './purl.ts';
import type { OsRelease, SbomComponent } from './types.ts';

export const osReleasePaths = ['etc/os-release', 'usr/lib/os-release'];
export const apkDatabasePath = 'lib/apk/db/installed';
export const dpkgStatusPath = 'var/lib/dpkg/status';
const dpkgStatusDir = 'var/lib/dpkg/status.d/';
export const rpmSqlitePaths = ['var/lib/rpm/rpmdb.sqlite', 'usr/lib/sysimage/rpm/rpmdb.sqlite'];
/** Berkeley DB and ndb rpm databases: recognised, not read. */
export const rpmOtherPaths = [
  'var/lib/rpm/Packages',
  'var/lib/rpm/Packages.db',
  'usr/lib/sysimage/rpm/Packages',
  'usr/lib/sysimage/rpm/Packages.db',
];

export function isOsDatabasePath(path: string): boolean {
  return (
    osReleasePaths.includes(path) ||
    path === apkDatabasePath ||
    path === dpkgStatusPath ||
    (path.startsWith(dpkgStatusDir) &&
      !path.endsWith('.md5sums') &&
      !path.slice(dpkgStatusDir.length).includes('/')) ||
    rpmSqlitePaths.includes(path) ||
    rpmOtherPaths.includes(path) ||
    /^usr\/share\/doc\/[^/]+\/copyright$/.test(path)
  );
}

// ---- os-release ---------------------------------------------------------------------------------------

/** Parses os-release (`KEY=value`, values optionally quoted with shell escapes). */
export function parseOsRelease(text: string): OsRelease | undefined {
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!match) continue;
    let value = match[2]!.trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\(["\\$`])/g, '$1');
    }
    fields[match[1]!] = value;
  }
  if (!fields.ID) return undefined;
  return {
    id: fields.ID.toLowerCase(),
    versionId: fields.VERSION_ID ?? '',
    ...(fields.NAME ? { name: fields.NAME } : {}),
    ...(fields.PRETTY_NAME ? { prettyName: fields.PRETTY_NAME } : {}),
    ...(fields.VERSION_CODENAME ? { versionCodename: fields.VERSION_CODENAME } : {}),
  };
}

/** The OS of the image: /etc/os-release as a regular file, else /usr/lib/os-release (links are not followed). */
export function findOsRelease(get: (path: string) => KeptFile | undefined): OsRelease | undefined {
  for (const path of osReleasePaths) {
    const file = get(path);
    if (file?.content) {
      const release = parseOsRelease(file.content.toString('utf8'));
      if (release) return release;
    }
  }
  return undefined;
}

/** Splits an RFC 822-style database into paragraphs of fields (continuation lines joined). */
function paragraphs(text: string, separator: RegExp): Record<string, string>[] {
  const result: Record<string, string>[] = [];
  for (const block of text.split(separator)) {
    const fields: Record<string, string> = {};
    let last: string | undefined;
    for (const line of block.split('\n')) {
      if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
        fields[last] += `\n${line.trim()}`;
        continue;
      }
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      last = line.slice(0, colon);
      fields[last] = line.slice(colon + 1).trim();
    }
    if (Object.keys(fields).length > 0) result.push(fields);
  }
  return result;
}

function layerOf(file: KeptFile) {
  return { digest: file.layer.digest, ...(file.layer.diffId ? { diffId: file.layer.diffId } : {}) };
}

// ---- apk ----------------------------------------------------------------------------------------------

/** `lib/apk/db/installed`: records of `X:value` lines, separated by blank lines. */
export function catalogApk(file: KeptFile, os: OsRelease | undefined): SbomComponent[] {
  const components: SbomComponent[] = [];
  const namespace = os?.id ?? 'alpine';
  for (const record of file.content!.toString('utf8').split(/\n\s*\n/)) {
    const fields: Record<string, string> = {};
    for (const line of record.split('\n')) {
      if (line.length >= 2 && line[1] === ':' && !(line[0]! in fields)) fields[line[0]!] = line.slice(2);
    }
    const name = fields.P;
    const version = fields.V;
    if (!name || !version) continue;
    const arch = fields.A;
    components.push({
      ecosystem: 'apk',
      name,
      version,
      purl: formatPurl({
        type: 'apk',
        namespace,
        name,
        version,
        qualifiers: { arch, distro: os ? distroQualifier(os.id, os.versionId) : undefined },
      }),
      licenses: fields.L ? [fields.L] : [],
      path: file.path,
      layer: layerOf(file),
      source: { name: fields.o || name, version },
      ...(arch ? { arch } : {}),
    });
  }
  return components;
}

// ---- dpkg ---------------------------------------------------------------------------------------------

/** A Debian version `[epoch:]upstream[-revision]`. */
export function splitDebianVersion(version: string): { epoch: number; version: string } {
  const match = /^(\d+):(.+)$/.exec(version);
  return match ? { epoch: Number(match[1]), version: match[2]! } : { epoch: 0, version };
}

/** License names from a machine-readable `usr/share/doc/<package>/copyright` (DEP-5 `License:` lines). */
export function debianCopyrightLicenses(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/^License:[ \t]*([^\n]+)$/gm)) {
    const name = match[1]!.trim();
    if (name) found.add(name);
  }
  return [...found];
}

/** Every dpkg database: `var/lib/dpkg/status`, and the one-file-per-package `status.d/` of distroless. */
export function catalogDpkg(
  files: KeptFile[],
  os: OsRelease | undefined,
  licensesOf: (name: string) => string[],
): SbomComponent[] {
  const components: SbomComponent[] = [];
  const namespace = os?.id ?? 'debian';
  for (const file of files) {
    for (const fields of paragraphs(file.content!.toString('utf8'), /\n\s*\n/)) {
      const name = fields.Package;
      const fullVersion = fields.Version;
      if (!name || !fullVersion) continue;
      // status.d files have no Status line; in the status file a package marked for removal is left out.
      const wanted = (fields.Status ?? '').split(/\s+/);
      if (wanted.includes('deinstall') || wanted.includes('purge')) continue;
      const arch = fields.Architecture;
      const { epoch, version } = splitDebianVersion(fullVersion);
      const sourceMatch = /^(\S+)(?:\s+\((.+)\))?$/.exec(fields.Source ?? '');
      components.push({
        ecosystem: 'deb',
        name,
        // As the purl and Trivy write it: the epoch is a qualifier (and `epoch`), not part of the version.
        version,
        purl: formatPurl({
          type: 'deb',
          namespace,
          name,
          version,
          qualifiers: {
            arch,
            epoch: epoch ? String(epoch) : undefined,
            distro: os ? distroQualifier(os.id, os.versionId) : undefined,
          },
        }),
        licenses: licensesOf(name),
        path: file.path,
        layer: layerOf(file),
        source: sourceMatch
          ? { name: sourceMatch[1]!, version: sourceMatch[2] ?? fullVersion }
          : { name, version: fullVersion },
        epoch,
        ...(arch ? { arch } : {}),
      });
    }
  }
  return components;
}

export function isDpkgDatabase(path: string): boolean {
  return path === dpkgStatusPath || path.startsWith(dpkgStatusDir);
}

// ---- rpm ----------------------------------------------------------------------------------------------

const RpmTag = {
  name: 1000,
  version: 1001,
  release: 1002,
  epoch: 1003,
  license: 1014,
  arch: 1022,
  sourceRpm: 1044,
} as const;

interface RpmHeader {
  name?: string;
  version?: string;
  release?: string;
  epoch?: number;
  license?: string;
  arch?: string;
  sourceRpm?: string;
}

/** Reads the tags airlock needs from an rpm header blob (as the sqlite rpmdb stores it). */
export function parseRpmHeader(blob: Uint8Array): RpmHeader | undefined {
  const bytes = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (bytes.length < 8) return undefined;
  const count = bytes.readUInt32BE(0);
  const dataLength = bytes.readUInt32BE(4);
  const dataStart = 8 + count * 16;
  if (count > 65536 || dataStart + dataLength > bytes.length) return undefined;
  const header: RpmHeader = {};
  const readString = (offset: number) => {
    const start = dataStart + offset;
    if (start < dataStart || start >= dataStart + dataLength) return undefined;
    const end = bytes.indexOf(0, start);
    return bytes.toString('utf8', start, end < 0 ? dataStart + dataLength : end);
  };
  for (let i = 0; i < count; i++) {
    const at = 8 + i * 16;
    const tag = bytes.readUInt32BE(at);
    const type = bytes.readUInt32BE(at + 4);
    const offset = bytes.readInt32BE(at + 8);
    const isString = type === 6 || type === 8 || type === 9;
    switch (tag) {
      case RpmTag.name:
        if (isString) header.name = readString(offset);
        break;
      case RpmTag.version:
        if (isString) header.version = readString(offset);
        break;
      case RpmTag.release:
        if (isString) header.release = readString(offset);
        break;
      case RpmTag.license:
        if (isString) header.license = readString(offset);
        break;
      case RpmTag.arch:
        if (isString) header.arch = readString(offset);
        break;
      case RpmTag.sourceRpm:
        if (isString) header.sourceRpm = readString(offset);
        break;
      case RpmTag.epoch:
        if (type === 4 && dataStart + offset + 4 <= dataStart + dataLength && offset >= 0)
          header.epoch = bytes.readInt32BE(dataStart + offset);
        break;
    }
  }
  return header;
}

/** `bash-5.1.8-6.el9.src.rpm` → name and version-release. */
export function parseSourceRpm(sourceRpm: string): { name: string; version: string } | undefined {
  const match = /^(.+)-([^-]+)-([^-]+)\.(?:no)?src\.rpm$/.exec(sourceRpm);
  return match ? { name: match[1]!, version: `${match[2]}-${match[3]}` } : undefined;
}

interface SqlJsModule {
  Database: new (data: Uint8Array) => {
    exec(sql: string): { columns: string[]; values: unknown[][] }[];
    close(): void;
  };
}

let sqlJs: Promise<SqlJsModule> | undefined;

/** sql.js with its WebAssembly inlined: loaded only when an image has an rpm database. */
async function loadSqlJs(): Promise<SqlJsModule> {
  sqlJs ??= import('sql.js/dist/sql-wasm-inline.js').then((module) => {
    const init = (module as { default: (config?: object) => Promise<SqlJsModule> }).default;
    // sql.js undefines `module` and then writes `module.exports` when it sees Node; a bundler turns its
    // `typeof module` guard into `true`, and the write throws. Its WebAssembly is inline, so it needs
    // nothing Node-specific: while it starts (synchronously), it is told it runs in a renderer.
    const runtime = process as NodeJS.Process & { type?: string };
    const saved = Object.getOwnPropertyDescriptor(runtime, 'type');
    runtime.type = 'renderer';
    try {
      return init();
    } finally {
      if (saved) Object.defineProperty(runtime, 'type', saved);
      else delete runtime.type;
    }
  });
  return sqlJs;
}

/** The rpm sqlite database (Fedora ≥ 33, RHEL/Rocky/Alma ≥ 9): one header blob a row of `Packages`. */
export async function catalogRpmSqlite(file: KeptFile, os: OsRelease | undefined): Promise<SbomComponent[]> {
  const SQL = await loadSqlJs();
  const database = new SQL.Database(new Uint8Array(file.content!));
  const components: SbomComponent[] = [];
  const namespace = os?.id ?? 'redhat';
  try {
    const rows = database.exec('SELECT blob FROM Packages')[0]?.values ?? [];
    for (const [blob] of rows) {
      if (!(blob instanceof Uint8Array)) continue;
      const header = parseRpmHeader(blob);
      if (!header?.name || !header.version || header.name === 'gpg-pubkey') continue;
      const versionRelease = header.release ? `${header.version}-${header.release}` : header.version;
      const epoch = header.epoch ?? 0;
      const source = header.sourceRpm ? parseSourceRpm(header.sourceRpm) : undefined;
      components.push({
        ecosystem: 'rpm',
        name: header.name,
        // As rpm and Trivy print it: the epoch is in the purl's qualifier, not in the version.
        version: versionRelease,
        purl: formatPurl({
          type: 'rpm',
          namespace,
          name: header.name,
          version: versionRelease,
          qualifiers: {
            arch: header.arch,
            epoch: epoch ? String(epoch) : undefined,
            distro: os ? distroQualifier(os.id, os.versionId) : undefined,
          },
        }),
        licenses: header.license ? [header.license] : [],
        path: file.path,
        layer: layerOf(file),
        ...(source ? { source } : {}),
        epoch,
        ...(header.arch ? { arch: header.arch } : {}),
      });
    }
  } finally {
    database.close();
  }
  return components;
}
