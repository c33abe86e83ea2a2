// What the catalogers find in an image, before it is written as CycloneDX or SPDX.

/** The package ecosystems airlock catalogues (purl types, but `pypi` and `golang` as purl spells them). */
export type Ecosystem = 'apk' | 'deb' | 'rpm' | 'npm' | 'pypi' | 'golang' | 'maven';

export const ecosystems: readonly Ecosystem[] = ['apk', 'deb', 'rpm', 'npm', 'pypi', 'golang', 'maven'];

/** Operating-system package ecosystems: their purls carry the distro. */
export function isOsEcosystem(ecosystem: Ecosystem): boolean {
  return ecosystem === 'apk' || ecosystem === 'deb' || ecosystem === 'rpm';
}

/** /etc/os-release, the fields a purl and a scanner need. */
export interface OsRelease {
  /** `alpine`, `debian`, `rocky`… */
  id: string;
  /** `3.18.4`, `12`, `9.3`; may be empty (Debian testing). */
  versionId: string;
  name?: string;
  prettyName?: string;
  versionCodename?: string;
}

export interface LayerRef {
  /** The layer blob's digest. */
  digest: string;
  /** Its uncompressed digest, from the image config. */
  diffId?: string;
}

export interface SbomComponent {
  ecosystem: Ecosystem;
  name: string;
  /** npm scope (`@types`), Maven group ID. */
  group?: string;
  version: string;
  purl: string;
  /** License names or SPDX expressions as the package declares them. */
  licenses: string[];
  /** The file it was read from, relative to the root (`lib/apk/db/installed`). */
  path: string;
  /** Other places the same package (same purl) is installed, in path order. */
  otherPaths?: string[];
  layer: LayerRef;
  /** OS packages: the source package (Debian `Source:`, Alpine origin, the SRPM's name). */
  source?: { name: string; version?: string };
  /** OS packages: the epoch (deb, rpm), 0 when none. */
  epoch?: number;
  arch?: string;
  /** Go binaries and Java archives name the application they belong to. */
  kind?: 'library' | 'application';
}

export interface ImageSbom {
  /** `registry/repository`. */
  name: string;
  /** The manifest digest the SBOM describes. */
  digest: string;
  /** `linux/amd64`, when known. */
  platform?: string;
  os?: OsRelease;
  components: SbomComponent[];
  /** What could not be catalogued (an unsupported database, a file over the limit). */
  warnings: string[];
}
