import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError, RegistryError, errorMessage } from '../action/errors.ts';
import type { Logger } from '../action/logger.ts';
import {
  formatPlatform,
  isAttestationManifest,
  selectPlatforms,
  type PlatformSelection,
} from '../oci/platform.ts';
import { readBlobBounded } from '../oci/blob-streams.ts';
import { readLimits } from '../oci/limits.ts';
import { isIndex, type Descriptor, type Repository } from '../oci/types.ts';
import { readRecords } from '../records/record.ts';
import { sbomForScanner } from '../sbom/scanner-input.ts';
import type { PlatformScan } from './evaluate.ts';
import { parseScanReport } from './reports.ts';
import type { ScannerInfo } from './record.ts';
import {
  downloadTrivyDb,
  readTrivyDbMetadata,
  scanWithTrivy,
  trivyVersion,
  type TrivyRunOptions,
} from './trivy.ts';

// Scanning one image by digest, per platform: with Trivy against the registry, with Trivy against the SBOM
// attached to each platform, or from a report made elsewhere. The tag is read once, here; everything
// after names the digest.

export type ScanMode = 'trivy' | 'sbom' | 'report';

/** Predicate types of SBOM records (attest-sbom writes them), and artifact types of plain SBOM artifacts. */
export const sbomPredicateTypes = [
  'https://cyclonedx.org/bom',
  'https://spdx.dev/Document/v2.3',
  'https://spdx.dev/Document',
];
const sbomArtifactTypes = ['application/vnd.cyclonedx+json', 'application/spdx+json'];

export interface ImageTarget {
  repository: Repository;
  /** `registry/repository` as scanners name it (`127.0.0.1:5000/app`, `ghcr.io/org/app`). */
  name: string;
  /** A tag or a digest. */
  reference: string;
  /** The input it came from, for messages. */
  inputName: string;
}

export interface ResolvedImage {
  /** The digest the reference named when it was read. */
  digest: string;
  descriptor: Descriptor;
  /** `name@digest`. */
  pinned: string;
  /** One entry per platform image (a single-platform image: one entry, platform read from its config). */
  platforms: { platform: string; digest: string }[];
}

/** Reads the tag (once) and the platform images of an image. */
export async function resolveImage(
  target: ImageTarget,
  selection: PlatformSelection,
  logger: Logger,
): Promise<ResolvedImage> {
  let descriptor: Descriptor | undefined;
  try {
    descriptor = await target.repository.resolve(target.reference);
  } catch (error) {
    if (error instanceof RegistryError && error.status === 404) descriptor = undefined;
    else throw error;
  }
  if (!descriptor) {
    throw new ConfigurationError(
      `input '${target.inputName}': ${target.name}${target.reference.startsWith('sha256:') ? '@' : ':'}${target.reference} does not exist (was the tag moved or deleted?); check the image name and tag`,
    );
  }
  const { manifest } = await target.repository.getManifest(descriptor.digest);
  const pinned = `${target.name}@${descriptor.digest}`;
  logger.info(
    target.reference === descriptor.digest
      ? `scanning ${pinned}`
      : `${target.name}:${target.reference} is ${descriptor.digest}; scanning ${pinned}`,
  );
  if (isIndex(manifest)) {
    const images = selectPlatforms(manifest.manifests, selection, pinned).filter(
      (entry) => !isAttestationManifest(entry) && entry.platform && entry.platform.os !== 'unknown',
    );
    if (images.length === 0) {
      throw new ConfigurationError(
        `input '${target.inputName}': ${pinned} is an index with no platform images to scan`,
      );
    }
    return {
      digest: descriptor.digest,
      descriptor,
      pinned,
      platforms: images.map((entry) => ({ platform: formatPlatform(entry.platform!), digest: entry.digest })),
    };
  }
  let platform = '';
  if ('config' in manifest) {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of await target.repository.getBlob(manifest.config))
        chunks.push(chunk as Buffer);
      const config = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        os?: string;
        architecture?: string;
        variant?: string;
      };
      if (config.os && config.architecture)
        platform = formatPlatform({
          os: config.os,
          architecture: config.architecture,
          ...(config.variant ? { variant: config.variant } : {}),
        });
    } catch (error) {
      logger.debug(`could not read the image config of ${pinned}: ${errorMessage(error)}`);
    }
  }
  return {
    digest: descriptor.digest,
    descriptor,
    pinned,
    platforms: [{ platform, digest: descriptor.digest }],
  };
}

export interface TrivySetup {
  run: TrivyRunOptions;
  /** DB repositories to try in order. */
  dbRepositories: string[];
  /** Known from the installer; asked from the binary otherwise. */
  version?: string;
}

export interface ScanTimings {
  /** Time spent inside Trivy processes (DB download, version, scans). */
  scannerMs: number;
}

export interface ImageScan {
  platforms: PlatformScan[];
  scanner: ScannerInfo;
}

/** Gets the DB ready and the version; done once per run, shared by the image and its baseline. */
export async function prepareTrivy(setup: TrivySetup, timings: ScanTimings): Promise<ScannerInfo> {
  const started = Date.now();
  const [db, version] = await Promise.all([
    downloadTrivyDb(setup.dbRepositories, setup.run),
    setup.version ? Promise.resolve(setup.version) : trivyVersion(setup.run),
  ]);
  timings.scannerMs += Date.now() - started;
  const metadata = readTrivyDbMetadata(setup.run.cacheDir);
  return {
    name: 'trivy',
    ...(version ? { version } : {}),
    db: { uri: db.repository, ...(metadata?.updatedAt ? { version: metadata.updatedAt } : {}) },
  };
}

/** Scans each platform image with Trivy against the registry, by its manifest digest. */
export async function scanImageWithTrivy(
  image: ResolvedImage,
  name: string,
  setup: TrivySetup,
  timings: ScanTimings,
  logger: Logger,
): Promise<PlatformScan[]> {
  const scans: PlatformScan[] = [];
  for (const { platform, digest } of image.platforms) {
    const target = `${name}@${digest}`;
    const result = await scanWithTrivy(
      { kind: 'image', target, ...(platform ? { platform } : {}) },
      setup.run,
    );
    timings.scannerMs += result.elapsedMs;
    logger.info(
      `${platform || target}: ${result.findings.length} findings (Trivy took ${result.elapsedMs} ms)`,
    );
    scans.push({ platform: platform || result.platform || '', digest, findings: result.findings });
  }
  return scans;
}

/** The SBOM document attached to a digest (a CycloneDX/SPDX record, or a plain SBOM artifact). */
export async function findAttachedSbom(
  repository: Repository,
  digest: string,
  logger: Logger,
): Promise<{ document: unknown; source: string } | undefined> {
  for (const predicateType of sbomPredicateTypes) {
    // The SBOM is read, not trusted: it only tells the scanner what is inside; the verdict is signed here.
    const records = await readRecords({ repository, digest, predicateType, logger });
    if (records[0])
      return {
        document: records[0].statement.predicate,
        source: `${predicateType} record ${records[0].descriptor.digest}`,
      };
  }
  for (const referrer of await repository.referrers(digest)) {
    if (!referrer.artifactType || !sbomArtifactTypes.includes(referrer.artifactType)) continue;
    const { manifest } = await repository.getManifest(referrer.digest);
    const layer = 'layers' in manifest ? manifest.layers[0] : undefined;
    if (!layer) continue;
    const bytes = await readBlobBounded(repository, layer, readLimits.sbom, 'SBOM');
    try {
      return {
        document: JSON.parse(bytes.toString('utf8')),
        source: `${referrer.artifactType} artifact ${referrer.digest}`,
      };
    } catch {
      logger.warning(`the SBOM artifact ${referrer.digest} is not JSON; skipped`);
    }
  }
  return undefined;
}

/** Scans the SBOM attached to each platform image (or to the index) with `trivy sbom`. */
export async function scanAttachedSboms(
  image: ResolvedImage,
  repository: Repository,
  setup: TrivySetup,
  timings: ScanTimings,
  logger: Logger,
): Promise<PlatformScan[]> {
  const scans: PlatformScan[] = [];
  const work = mkdtempSync(join(setup.run.cacheDir, 'sbom-'));
  try {
    for (const { platform, digest } of image.platforms) {
      const sbom =
        (await findAttachedSbom(repository, digest, logger)) ??
        (digest !== image.digest && image.platforms.length === 1
          ? await findAttachedSbom(repository, image.digest, logger)
          : undefined);
      if (!sbom) {
        scans.push({
          platform,
          digest,
          findings: [],
          failure: {
            code: 'missing-sbom',
            message: `no SBOM is attached to ${platform || digest} (attach one with attest-sbom, or scan the image with scanner: trivy)`,
          },
        });
        continue;
      }
      logger.info(`${platform || digest}: scanning the SBOM from the ${sbom.source}`);
      const file = join(work, `${digest.replace(':', '-')}.json`);
      writeFileSync(file, JSON.stringify(sbomForScanner(sbom.document)));
      const result = await scanWithTrivy(
        { kind: 'sbom', target: file, ...(platform ? { platform } : {}) },
        setup.run,
      );
      timings.scannerMs += result.elapsedMs;
      scans.push({ platform, digest, findings: result.findings.map((f) => ({ ...f, platform })) });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return scans;
}

/** Reads a report made elsewhere; its findings are assigned to the image's platform it names, or the first. */
export function scanFromReport(image: ResolvedImage, reportFile: string): ImageScan {
  let content: string;
  try {
    content = readFileSync(reportFile, 'utf8');
  } catch (error) {
    throw new ConfigurationError(
      `input 'report-file': cannot read '${reportFile}' (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}); give the path of a Trivy or Grype JSON report`,
    );
  }
  const report = parseScanReport(content, `input 'report-file' (${reportFile})`);
  const match =
    image.platforms.find((p) => report.platform && p.platform === report.platform) ?? image.platforms[0]!;
  const platform = report.platform ?? match.platform;
  return {
    platforms: [
      { platform, digest: match.digest, findings: report.findings.map((f) => ({ ...f, platform })) },
    ],
    scanner: report.scanner,
  };
}
