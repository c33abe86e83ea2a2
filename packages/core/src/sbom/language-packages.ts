// Language packages: npm (package.json), Python (dist-info / egg-info), Go binaries (embedded build
// info), Java archives (MANIFEST.MF, pom.properties).

import { inflateRawSync } from 'node:zlib';
import type { FileScanner, KeptFile } from './filesystem.ts';
import { formatPurl, normalizePythonName } from './purl.ts';
import type { SbomComponent } from './types.ts';

function layerOf(file: KeptFile) {
  return { digest: file.layer.digest, ...(file.layer.diffId ? { diffId: file.layer.diffId } : {}) };
}

// ---- npm ----------------------------------------------------------------------------------------------

/** A `package.json` of an installed package: inside a `node_modules` directory. */
export function isNpmManifestPath(path: string): boolean {
  return path.endsWith('/package.json') && path.includes('node_modules/');
}

function npmLicenses(manifest: Record<string, unknown>): string[] {
  const declared = manifest.license ?? manifest.licenses;
  const list = Array.isArray(declared) ? declared : declared === undefined ? [] : [declared];
  const names: string[] = [];
  for (const entry of list) {
    if (typeof entry === 'string' && entry.trim()) names.push(entry.trim());
    else if (typeof entry === 'object' && entry !== null) {
      const type = (entry as { type?: unknown }).type;
      if (typeof type === 'string' && type.trim()) names.push(type.trim());
    }
  }
  return names;
}

export function catalogNpm(file: KeptFile): SbomComponent | undefined {
  let manifest: unknown;
  try {
    manifest = JSON.parse(file.content!.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof manifest !== 'object' || manifest === null) return undefined;
  const { name, version } = manifest as { name?: unknown; version?: unknown };
  if (typeof name !== 'string' || typeof version !== 'string' || !name || !version) return undefined;
  const scoped = /^(@[^/]+)\/(.+)$/.exec(name);
  return {
    ecosystem: 'npm',
    name,
    ...(scoped ? { group: scoped[1]! } : {}),
    version,
    purl: formatPurl({
      type: 'npm',
      ...(scoped ? { namespace: scoped[1]! } : {}),
      name: scoped ? scoped[2]! : name,
      version,
    }),
    licenses: npmLicenses(manifest as Record<string, unknown>),
    path: file.path,
    layer: layerOf(file),
  };
}

// ---- Python -------------------------------------------------------------------------------------------

export function isPythonMetadataPath(path: string): boolean {
  return (
    /\.dist-info\/METADATA$/.test(path) ||
    /\.egg-info\/PKG-INFO$/.test(path) ||
    /(^|\/)EGG-INFO\/PKG-INFO$/.test(path) ||
    path.endsWith('.egg-info')
  );
}

export function catalogPython(file: KeptFile): SbomComponent | undefined {
  const text = file.content!.toString('utf8');
  const head = text.split(/\r?\n\r?\n/)[0] ?? '';
  const fields = new Map<string, string[]>();
  let last: string | undefined;
  for (const line of head.split(/\r?\n/)) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && last) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).toLowerCase();
    fields.set(last, [...(fields.get(last) ?? []), line.slice(colon + 1).trim()]);
  }
  const name = fields.get('name')?.[0];
  const version = fields.get('version')?.[0];
  if (!name || !version) return undefined;
  const licenses: string[] = [];
  const expression = fields.get('license-expression')?.[0];
  const license = fields.get('license')?.[0];
  if (expression) licenses.push(expression);
  else if (license && license !== 'UNKNOWN' && license.length <= 100) licenses.push(license);
  else {
    for (const classifier of fields.get('classifier') ?? []) {
      const match = /^License :: (?:OSI Approved :: )?(.+)$/.exec(classifier);
      if (match && match[1] !== 'OSI Approved') licenses.push(match[1]!);
    }
  }
  return {
    ecosystem: 'pypi',
    name,
    version,
    purl: formatPurl({ type: 'pypi', name: normalizePythonName(name), version }),
    licenses,
    path: file.path,
    layer: layerOf(file),
  };
}

// ---- Go binaries --------------------------------------------------------------------------------------

const goBuildInfoMagic = Buffer.from('\xff Go buildinf:', 'latin1');
/** The most bytes of build info read after the magic (the module list of a big program fits easily). */
const maxGoBuildInfoBytes = 4 * 1024 * 1024;

export interface GoBuildInfo {
  goVersion: string;
  /** The main module's path and version, and its dependencies (replacements applied). */
  main?: { path: string; version: string };
  deps: { path: string; version: string }[];
}

function readUvarint(bytes: Buffer, at: number): { value: number; next: number } | undefined {
  let value = 0;
  let shift = 0;
  for (let i = at; i < bytes.length && i < at + 10; i++) {
    const byte = bytes[i]!;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return { value, next: i + 1 };
    shift += 7;
  }
  return undefined;
}

/** Parses the module list Go writes (`path`, `mod`, `dep`, `=>` lines, tab-separated). */
export function parseGoModInfo(goVersion: string, modinfo: string): GoBuildInfo {
  const info: GoBuildInfo = { goVersion, deps: [] };
  let last: { path: string; version: string } | undefined;
  for (const line of modinfo.split('\n')) {
    const [kind, path, version] = line.split('\t');
    if (!path) continue;
    if (kind === 'mod') {
      info.main = { path, version: version ?? '' };
      last = info.main;
    } else if (kind === 'dep') {
      last = { path, version: version ?? '' };
      info.deps.push(last);
    } else if (kind === '=>' && last) {
      last.path = path;
      last.version = version ?? last.version;
    }
  }
  return info;
}

/** Parses the 32-byte build info header and the two strings after it (Go ≥ 1.18's inline form). */
function parseGoBuildInfo(bytes: Buffer): GoBuildInfo | 'old' | 'short' {
  if (bytes.length < 33) return 'short';
  const flags = bytes[15]!;
  if ((flags & 0x2) === 0) return 'old';
  const version = readUvarint(bytes, 32);
  if (!version) return 'short';
  if (version.next + version.value > bytes.length) return 'short';
  const goVersion = bytes.toString('utf8', version.next, version.next + version.value);
  const mod = readUvarint(bytes, version.next + version.value);
  if (!mod) return 'short';
  if (mod.next + mod.value > bytes.length) return 'short';
  let modinfo = bytes.toString('utf8', mod.next, mod.next + mod.value);
  // The module list is framed by 16-byte sentinels.
  if (modinfo.length >= 33 && modinfo[modinfo.length - 17] === '\n') modinfo = modinfo.slice(16, -16);
  return parseGoModInfo(goVersion, modinfo);
}

/**
 * Streams an executable and returns its Go build info, or undefined when it is not an ELF Go program
 * (built with Go ≥ 1.18). The magic is searched for at 16-byte aligned offsets, as Go aligns it.
 */
export const scanGoBinary: FileScanner = async (chunks) => {
  let offset = 0;
  let carry = Buffer.alloc(0);
  let found: Buffer[] | undefined;
  let foundLength = 0;
  for await (const chunk of chunks) {
    if (found) {
      found.push(chunk);
      foundLength += chunk.length;
    } else {
      const window = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const windowStart = offset - carry.length;
      if (windowStart === 0 && window.length >= 4 && window.readUInt32BE(0) !== 0x7f454c46) return undefined;
      let at = window.indexOf(goBuildInfoMagic);
      while (at >= 0 && (windowStart + at) % 16 !== 0) at = window.indexOf(goBuildInfoMagic, at + 1);
      if (at >= 0) {
        found = [window.subarray(at)];
        foundLength = window.length - at;
      } else {
        carry = Buffer.from(window.subarray(Math.max(0, window.length - goBuildInfoMagic.length + 1)));
      }
      offset += chunk.length;
    }
    if (found && foundLength >= 64) {
      const parsed = parseGoBuildInfo(Buffer.concat(found));
      if (parsed === 'old') return undefined;
      if (parsed !== 'short') return parsed;
      if (foundLength > maxGoBuildInfoBytes) return undefined;
    }
  }
  if (found) {
    const parsed = parseGoBuildInfo(Buffer.concat(found));
    if (typeof parsed === 'object') return parsed;
  }
  return undefined;
};

function goPurl(path: string, version: string): string {
  const slash = path.lastIndexOf('/');
  return formatPurl({
    type: 'golang',
    ...(slash > 0 ? { namespace: path.slice(0, slash) } : {}),
    name: slash > 0 ? path.slice(slash + 1) : path,
    version,
  });
}

export function catalogGoBinary(file: KeptFile, info: GoBuildInfo): SbomComponent[] {
  const components: SbomComponent[] = [];
  const modules = [
    ...(info.main && info.main.version && info.main.version !== '(devel)'
      ? [{ ...info.main, kind: 'application' as const }]
      : []),
    ...info.deps.map((dep) => ({ ...dep, kind: 'library' as const })),
  ];
  for (const module of modules) {
    if (!module.version) continue;
    components.push({
      ecosystem: 'golang',
      name: module.path,
      version: module.version,
      purl: goPurl(module.path, module.version),
      licenses: [],
      path: file.path,
      layer: layerOf(file),
      kind: module.kind,
    });
  }
  return components;
}

// ---- Java archives ------------------------------------------------------------------------------------

export function isJavaArchivePath(path: string): boolean {
  return /\.(jar|war|ear|par)$/i.test(path);
}

export interface JavaArchiveInfo {
  manifest?: string;
  pomProperties: string[];
}

/** The entries of a zip archive wanted by `want`, inflated (each bounded by `maxEntryBytes`). */
export function readZipEntries(
  zip: Buffer,
  want: (name: string) => boolean,
  maxEntryBytes = 1024 * 1024,
): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return entries;
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count && at + 46 <= zip.length; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) break;
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (!want(name) || size > maxEntryBytes || localOffset + 30 > zip.length) continue;
    if (zip.readUInt32LE(localOffset) !== 0x04034b50) continue;
    const dataStart =
      localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    try {
      if (method === 0) entries.set(name, Buffer.from(data));
      else if (method === 8) entries.set(name, inflateRawSync(data, { maxOutputLength: maxEntryBytes }));
    } catch {
      // a damaged entry is skipped
    }
  }
  return entries;
}

export function readJavaArchive(zip: Buffer): JavaArchiveInfo | undefined {
  const entries = readZipEntries(
    zip,
    (name) =>
      name === 'META-INF/MANIFEST.MF' || /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/.test(name),
  );
  const manifest = entries.get('META-INF/MANIFEST.MF')?.toString('utf8');
  const pomProperties = [...entries.entries()]
    .filter(([name]) => name.endsWith('pom.properties'))
    .map(([, bytes]) => bytes.toString('utf8'));
  if (!manifest && pomProperties.length === 0) return undefined;
  return { ...(manifest ? { manifest } : {}), pomProperties };
}

/** Collects a whole archive (it is read from its end), bounded by the caller's per-file limit. */
export function javaArchiveScanner(maxBytes: number): FileScanner {
  return async (chunks, size) => {
    if (size > maxBytes) return undefined;
    const parts: Buffer[] = [];
    let length = 0;
    for await (const chunk of chunks) {
      length += chunk.length;
      if (length > maxBytes) return undefined;
      parts.push(chunk);
    }
    return readJavaArchive(Buffer.concat(parts));
  };
}

function properties(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('#') || line.startsWith('!')) continue;
    const match = /^\s*([^=:\s]+)\s*[=:]\s*(.*)$/.exec(line);
    if (match) map.set(match[1]!, match[2]!.trim());
  }
  return map;
}

/** MANIFEST.MF main attributes (continuation lines start with one space). */
function manifestAttributes(text: string): Map<string, string> {
  const map = new Map<string, string>();
  const main = text.replace(/\r\n/g, '\n').split(/\n\n/)[0] ?? '';
  let last: string | undefined;
  for (const line of main.split('\n')) {
    if (line.startsWith(' ') && last) {
      map.set(last, map.get(last)! + line.slice(1));
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim();
    map.set(last, line.slice(colon + 1).trim());
  }
  return map;
}

export function catalogJavaArchive(file: KeptFile, info: JavaArchiveInfo): SbomComponent[] {
  const base = { ecosystem: 'maven' as const, path: file.path, layer: layerOf(file) };
  const attributes = info.manifest ? manifestAttributes(info.manifest) : new Map<string, string>();
  const license = attributes.get('Bundle-License');
  const licenses = license && !license.includes('://') ? [license] : [];
  const components: SbomComponent[] = [];
  for (const text of info.pomProperties) {
    const pom = properties(text);
    const group = pom.get('groupId');
    const name = pom.get('artifactId');
    const version = pom.get('version');
    if (!group || !name || !version) continue;
    components.push({
      ...base,
      name,
      group,
      version,
      purl: formatPurl({ type: 'maven', namespace: group, name, version }),
      licenses,
    });
  }
  if (components.length > 0) return components;
  const name =
    attributes.get('Implementation-Title') ?? attributes.get('Bundle-SymbolicName')?.split(';')[0]?.trim();
  const version = attributes.get('Implementation-Version') ?? attributes.get('Bundle-Version');
  const group = attributes.get('Implementation-Vendor-Id');
  if (!name || !version) return [];
  return [
    {
      ...base,
      name,
      ...(group ? { group } : {}),
      version,
      purl: formatPurl({ type: 'maven', ...(group ? { namespace: group } : {}), name, version }),
      licenses,
    },
  ];
}
