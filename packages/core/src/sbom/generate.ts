// Makes the SBOM of one platform image: its manifest, its config, its layers streamed once.

import type { Logger } from '../logger.ts';
import { readAtMost } from '../oci/blob-streams.ts';
import { formatPlatform } from '../oci/platform.ts';
import { isIndex, type Repository } from '../oci/types.ts';
import {
  defaultSbomLimits,
  readImageFiles,
  type FileInterest,
  type KeptFile,
  type LayerSource,
  type SbomLimits,
} from './filesystem.ts';
import {
  catalogGoBinary,
  catalogJavaArchive,
  catalogNpm,
  catalogPython,
  isJavaArchivePath,
  isNpmManifestPath,
  isPythonMetadataPath,
  javaArchiveScanner,
  scanGoBinary,
  type GoBuildInfo,
  type JavaArchiveInfo,
} from './language-packages.ts';
import {
  apkDatabasePath,
  catalogApk,
  catalogDpkg,
  catalogRpmSqlite,
  debianCopyrightLicenses,
  findOsRelease,
  isDpkgDatabase,
  isOsDatabasePath,
  rpmOtherPaths,
  rpmSqlitePaths,
} from './os-packages.ts';
import { ecosystems, type Ecosystem, type ImageSbom, type SbomComponent } from './types.ts';

const maxConfigBytes = 4 * 1024 * 1024;
const keep: FileInterest = { kind: 'keep' };
const rpmMarker: FileInterest = { kind: 'scan', scan: async () => ({ unsupportedRpmDatabase: true }) };

/** Which files the catalogers read: package databases and manifests kept, binaries and archives scanned. */
export function sbomFileSelector(limits: SbomLimits) {
  const javaScan: FileInterest = { kind: 'scan', scan: javaArchiveScanner(limits.maxFileBytes) };
  const goScan: FileInterest = { kind: 'scan', scan: scanGoBinary };
  return (path: string, mode: number, size: number): FileInterest | undefined => {
    if (rpmOtherPaths.includes(path)) return rpmMarker;
    if (isOsDatabasePath(path) || isNpmManifestPath(path) || isPythonMetadataPath(path)) return keep;
    if (isJavaArchivePath(path)) return javaScan;
    if ((mode & 0o111) !== 0 && size >= 1024) return goScan;
    return undefined;
  };
}

/** Catalogues the files of an image (already read from its layers). */
export async function catalogFiles(
  get: (path: string) => KeptFile | undefined,
  all: KeptFile[],
  warnings: string[],
): Promise<Pick<ImageSbom, 'os' | 'components'>> {
  const os = findOsRelease(get);
  const components: SbomComponent[] = [];
  const apk = get(apkDatabasePath);
  if (apk?.content) components.push(...catalogApk(apk, os));
  const copyrights = new Map<string, string[]>();
  for (const file of all) {
    const match = /^usr\/share\/doc\/([^/]+)\/copyright$/.exec(file.path);
    if (match && file.content)
      copyrights.set(match[1]!, debianCopyrightLicenses(file.content.toString('utf8')));
  }
  const dpkg = all.filter((file) => isDpkgDatabase(file.path) && file.content);
  if (dpkg.length > 0) {
    components.push(...catalogDpkg(dpkg, os, (name) => copyrights.get(name.replace(/:.*$/, '')) ?? []));
  }
  for (const path of rpmSqlitePaths) {
    const file = get(path);
    if (!file?.content) continue;
    try {
      components.push(...(await catalogRpmSqlite(file, os)));
    } catch (error) {
      warnings.push(
        `/${path} is not a readable rpm sqlite database (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
  for (const file of all) {
    if (file.result && typeof file.result === 'object' && 'unsupportedRpmDatabase' in file.result) {
      warnings.push(
        `/${file.path} is a Berkeley DB or ndb rpm database, which airlock does not read: its OS packages are not in the SBOM (RHEL/Rocky/Alma ≥ 9 and Fedora use sqlite)`,
      );
    } else if (file.result && typeof file.result === 'object' && 'goVersion' in file.result) {
      components.push(...catalogGoBinary(file, file.result as GoBuildInfo));
    } else if (file.result && typeof file.result === 'object' && 'pomProperties' in file.result) {
      components.push(...catalogJavaArchive(file, file.result as JavaArchiveInfo));
    } else if (file.content && isNpmManifestPath(file.path)) {
      const component = catalogNpm(file);
      if (component) components.push(component);
    } else if (file.content && isPythonMetadataPath(file.path)) {
      const component = catalogPython(file);
      if (component) components.push(component);
    }
  }
  const order = (c: SbomComponent) => ecosystems.indexOf(c.ecosystem);
  components.sort(
    (a, b) =>
      order(a) - order(b) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
      (a.version < b.version ? -1 : a.version > b.version ? 1 : 0) ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
  return { ...(os ? { os } : {}), components: mergeSamePackages(components) };
}

/**
 * One component per package: the same purl installed in several places (an npm package nested under two
 * dependents) is one component that lists every path, as scanners count it.
 */
function mergeSamePackages(components: SbomComponent[]): SbomComponent[] {
  const byPurl = new Map<string, SbomComponent>();
  const merged: SbomComponent[] = [];
  for (const component of components) {
    const first = byPurl.get(component.purl);
    if (first) {
      first.otherPaths = [...(first.otherPaths ?? []), component.path];
      continue;
    }
    byPurl.set(component.purl, component);
    merged.push(component);
  }
  return merged;
}

export interface GenerateSbomOptions {
  repository: Repository;
  /** `registry/repository`, for the document. */
  name: string;
  /** A platform image manifest's digest. */
  digest: string;
  logger: Logger;
  limits?: SbomLimits;
}

/** The SBOM of one platform image, read from the registry (or an OCI layout). */
export async function generateSbom(options: GenerateSbomOptions): Promise<ImageSbom> {
  const { repository, name, digest, logger } = options;
  const limits = options.limits ?? defaultSbomLimits;
  const { manifest } = await repository.getManifest(digest);
  if (isIndex(manifest)) throw new Error(`${name}@${digest} is an index: give one of its platform images`);
  let config: { os?: string; architecture?: string; variant?: string; rootfs?: { diff_ids?: string[] } } = {};
  if (manifest.config.size <= maxConfigBytes) {
    const bytes = await readAtMost(await repository.getBlob(manifest.config), maxConfigBytes);
    try {
      config = JSON.parse(bytes?.toString('utf8') ?? '{}') as typeof config;
    } catch {
      logger.debug(`the config of ${name}@${digest} is not JSON`);
    }
  }
  const diffIds = config.rootfs?.diff_ids ?? [];
  const warnings: string[] = [];
  const layers: LayerSource[] = [];
  for (const [index, layer] of manifest.layers.entries()) {
    // Foreign (Windows base) layers live elsewhere, and a layer that is not a tar is no filesystem.
    if (/foreign|nondistributable/.test(layer.mediaType) || !/tar/.test(layer.mediaType)) {
      warnings.push(
        `layer ${layer.digest} (${layer.mediaType}) is not read: not a distributable filesystem layer`,
      );
      continue;
    }
    layers.push({
      digest: layer.digest,
      ...(diffIds[index] ? { diffId: diffIds[index] } : {}),
      open: () => repository.getBlob(layer),
    });
  }
  const files = await readImageFiles(layers, sbomFileSelector(limits), logger, limits);
  const catalogued = await catalogFiles((path) => files.get(path), files.all(), warnings);
  for (const warning of warnings) logger.warning(warning);
  const platform =
    config.os && config.architecture
      ? formatPlatform({
          os: config.os,
          architecture: config.architecture,
          ...(config.variant ? { variant: config.variant } : {}),
        })
      : undefined;
  return { name, digest, ...(platform ? { platform } : {}), ...catalogued, warnings };
}

/** Components per ecosystem, in the catalogers' order, ecosystems with none left out. */
export function countByEcosystem(sbom: Pick<ImageSbom, 'components'>): Partial<Record<Ecosystem, number>> {
  const counts: Partial<Record<Ecosystem, number>> = {};
  for (const ecosystem of ecosystems) {
    const count = sbom.components.filter((component) => component.ecosystem === ecosystem).length;
    if (count > 0) counts[ecosystem] = count;
  }
  return counts;
}
