import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError, RegistryError, errorMessage } from '../errors.ts';
import type { Logger } from '../logger.ts';
import {
  formatPlatform,
  isAttestationManifest,
  selectPlatforms,
  type PlatformSelection,
} from '../oci/platform.ts';
import { readBlobBounded } from '../oci/blob-streams.ts';
import { readLimits } from '../oci/limits.ts';
import { isIndex, type Descriptor, type Repository } from '../oci/types.ts';
import { readRecords, type RecordVerifier, type StoredRecord } from '../records/record.ts';
import { isRunnableManifest } from '../records/gate.ts';
import { signerRefusal, type IdentityPolicy } from '../records/identity.ts';
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

/**
 * Predicate types of SBOM records (attest-sbom writes them). Plain SBOM artifacts (no statement, no
 * subject, no signature) are not used: nothing says who wrote them or for which repository.
 */
export const sbomPredicateTypes = [
  'https://cyclonedx.org/bom',
  'https://spdx.dev/Document/v2.3',
  'https://spdx.dev/Document',
];

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
  /** One entry per runnable image (a single-platform image: one entry, platform read from its config). */
  platforms: { platform: string; digest: string; config?: string }[];
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
    // Every runnable child is scanned: a runtime picks children by platform, so neither an annotation
    // (`vnd.docker.reference.type: attestation-manifest`), nor a missing platform, nor `os: unknown`
    // excuses one. A child is skipped only when its content shows it is an attestation.
    const selected = selectPlatforms(manifest.manifests, selection, pinned);
    const platforms: ResolvedImage['platforms'] = [];
    for (const entry of selected) {
      const { manifest: child } = await target.repository.getManifest(entry.digest);
      if (isIndex(child)) {
        logger.warning(`${pinned} holds a nested index ${entry.digest}; it is not scanned`);
        continue;
      }
      if (!isRunnableManifest(child)) {
        logger.info(`${entry.digest}: an attestation (its layers are in-toto/Sigstore), not scanned`);
        continue;
      }
      const declared =
        entry.platform && entry.platform.os !== 'unknown' && entry.platform.architecture !== 'unknown'
          ? formatPlatform(entry.platform)
          : '';
      if (!declared || isAttestationManifest(entry)) {
        logger.warning(
          `${entry.digest} is ${isAttestationManifest(entry) ? 'annotated as an attestation' : 'listed without a platform'}, ` +
            'but its content is a runnable image: it is scanned too',
        );
      }
      const platform =
        declared && !isAttestationManifest(entry) ? declared : await configPlatform(target, child, logger);
      platforms.push({
        platform,
        digest: entry.digest,
        ...(child.config ? { config: child.config.digest } : {}),
      });
    }
    if (platforms.length === 0) {
      throw new ConfigurationError(
        `input '${target.inputName}': ${pinned} is an index with no platform images to scan`,
      );
    }
    return { digest: descriptor.digest, descriptor, pinned, platforms };
  }
  const platform = 'config' in manifest ? await configPlatform(target, manifest, logger) : '';
  return {
    digest: descriptor.digest,
    descriptor,
    pinned,
    platforms: [
      {
        platform,
        digest: descriptor.digest,
        ...('config' in manifest ? { config: manifest.config.digest } : {}),
      },
    ],
  };
}

/** `os/architecture[/variant]` from an image's config; empty when it says nothing. */
async function configPlatform(
  target: ImageTarget,
  manifest: { config: Descriptor },
  logger: Logger,
): Promise<string> {
  try {
    if (manifest.config.size > readLimits.config) return '';
    const bytes = await readBlobBounded(target.repository, manifest.config, readLimits.config, 'config');
    const config = JSON.parse(bytes.toString('utf8')) as {
      os?: string;
      architecture?: string;
      variant?: string;
    };
    if (config.os && config.architecture && config.os !== 'unknown')
      return formatPlatform({
        os: config.os,
        architecture: config.architecture,
        ...(config.variant ? { variant: config.variant } : {}),
      });
  } catch (error) {
    logger.debug(`could not read the image config ${manifest.config.digest}: ${errorMessage(error)}`);
  }
  return '';
}

/** The manifest digests a scan of these platforms covers: each platform manifest, and the image itself. */
export function coveredManifests(image: ResolvedImage, scanned = image.platforms): string[] {
  return [image.digest, ...scanned.map((platform) => platform.digest)];
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

/**
 * Which SBOMs the scan may believe. An SBOM decides the verdict (leave a package out and its findings go),
 * so it is held to the gate's rules: a signed attestation whose bundle verifies and whose signer is
 * allowed (signedByAllowedIdentity: never a pull-request run); an unsigned one only in a job without an
 * OIDC identity, and only when its subject names this repository.
 */
export interface SbomTrust {
  verifier?: RecordVerifier;
  identity: IdentityPolicy;
  /** True only in a job without an OIDC identity. */
  allowUnsigned: boolean;
  /** `registry/repository`: what an unsigned SBOM's subject must name. */
  repositoryName: string;
}

export interface AttachedSbom {
  document: unknown;
  source: string;
  signed: boolean;
}

/** The trusted SBOM attestation attached to a digest, newest first; undefined when none is trusted. */
export async function findAttachedSbom(
  repository: Repository,
  digest: string,
  trust: SbomTrust,
  logger: Logger,
): Promise<AttachedSbom | undefined> {
  const records = (
    await readRecords({ repository, digest, ...(trust.verifier ? { verifier: trust.verifier } : {}), logger })
  ).filter((record) => sbomPredicateTypes.includes(record.statement.predicateType));
  const signed: StoredRecord[] = [];
  const unsigned: StoredRecord[] = [];
  for (const record of records) {
    if (record.signature === 'none') {
      const names = record.statement.subject.map((subject) => subject.name);
      if (!trust.allowUnsigned) {
        logger.info(`SBOM ${record.descriptor.digest} is unsigned and this job signs: not used`);
      } else if (!names.includes(trust.repositoryName)) {
        logger.info(`SBOM ${record.descriptor.digest} is unsigned and about ${names.join(', ')}: not used`);
      } else unsigned.push(record);
      continue;
    }
    const refusal =
      record.signature !== 'verified'
        ? `its signature does not verify (${record.problem ?? 'not verified'})`
        : signerRefusal(record.signer, trust.identity);
    if (refusal) logger.info(`SBOM ${record.descriptor.digest} not used: ${refusal}`);
    else signed.push(record);
  }
  const chosen = signed[0] ?? unsigned[0];
  if (!chosen) return undefined;
  return {
    document: chosen.statement.predicate,
    source: `${chosen.statement.predicateType} record ${chosen.descriptor.digest}${chosen.signer ? ` signed by ${chosen.signer.subjectAlternativeName}` : ' (unsigned)'}`,
    signed: chosen.signature === 'verified',
  };
}

/** Scans the SBOM attached to each platform image (or to the index) with `trivy sbom`. */
export async function scanAttachedSboms(
  image: ResolvedImage,
  repository: Repository,
  setup: TrivySetup,
  timings: ScanTimings,
  trust: SbomTrust,
  logger: Logger,
  used: AttachedSbom[] = [],
): Promise<PlatformScan[]> {
  const scans: PlatformScan[] = [];
  const work = mkdtempSync(join(setup.run.cacheDir, 'sbom-'));
  try {
    for (const { platform, digest } of image.platforms) {
      const sbom =
        (await findAttachedSbom(repository, digest, trust, logger)) ??
        (digest !== image.digest && image.platforms.length === 1
          ? await findAttachedSbom(repository, image.digest, trust, logger)
          : undefined);
      if (!sbom) {
        scans.push({
          platform,
          digest,
          findings: [],
          failure: {
            code: 'missing-sbom',
            message:
              `no trusted SBOM is attached to ${platform || digest}: attach one with attest-sbom in a job with ` +
              "'id-token: write' (signed by an identity 'sbom-identity' allows, verified with 'trusted-root'), " +
              'or scan the image with scanner: trivy',
          },
        });
        continue;
      }
      used.push(sbom);
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

/** The digests a Trivy or Grype JSON report says it is about (image, repo digests, config). */
export function reportSubjects(report: unknown): string[] {
  const found = new Set<string>();
  const visit = (value: unknown) => {
    if (typeof value === 'string')
      for (const match of value.matchAll(/sha256:[0-9a-f]{64}/g)) found.add(match[0]);
    else if (Array.isArray(value)) value.forEach(visit);
  };
  const root = (report ?? {}) as Record<string, unknown>;
  const metadata = (root.Metadata ?? {}) as Record<string, unknown>;
  visit(root.ArtifactName);
  visit(metadata.RepoDigests);
  visit(metadata.ImageID);
  const target = (((root.source ?? {}) as Record<string, unknown>).target ?? {}) as Record<string, unknown>;
  visit(target.manifestDigest);
  visit(target.imageID);
  visit(target.repoDigests);
  visit(target.userInput);
  return [...found];
}

/**
 * Reads a report made elsewhere. It must name this image: its digest, one of its platform manifests, or
 * a platform's config (Trivy's ImageID); its findings go to that platform. A report about anything else is
 * refused before any record is written.
 */
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
  let named: string[] = [];
  try {
    named = reportSubjects(JSON.parse(content));
  } catch {
    named = [];
  }
  const byDigest = image.platforms.find(
    (p) => named.includes(p.digest) || (p.config !== undefined && named.includes(p.config)),
  );
  const namesImage = named.includes(image.digest);
  if (!byDigest && !namesImage) {
    throw new ConfigurationError(
      `input 'report-file': ${reportFile} is not a report about ${image.pinned} ` +
        `(it names ${named.length ? named.join(', ') : 'no image digest'}); scan this digest (for example ` +
        '`trivy image --format json <repo>@<digest>`) and import that report',
    );
  }
  const match =
    byDigest ??
    image.platforms.find((p) => report.platform && p.platform === report.platform) ??
    image.platforms[0]!;
  const platform = report.platform ?? match.platform;
  return {
    platforms: [
      { platform, digest: match.digest, findings: report.findings.map((f) => ({ ...f, platform })) },
    ],
    scanner: report.scanner,
  };
}
