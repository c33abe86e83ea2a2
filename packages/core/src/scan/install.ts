import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as cache from '@actions/cache';
import * as toolCache from '@actions/tool-cache';
import { ConfigurationError, errorMessage } from '../errors.ts';
import type { Logger } from '../logger.ts';
import {
  githubOidcIssuer,
  trivyReleaseIdentity,
  verifyReleaseSignature,
  type BlobBundleVerifier,
} from './release-signature.ts';

// Installs Trivy from its official release at a pinned version. The archive is checked against the
// release's checksums file before anything is extracted or run: a swapped archive is refused.

/** The Trivy release installed when `trivy-version` is empty. */
export const defaultTrivyVersion = '0.74.0';

export const trivyReleaseBaseUrl = 'https://github.com/aquasecurity/trivy/releases/download';

/** The release asset name for a platform, as Trivy names them (`trivy_0.74.0_Linux-64bit.tar.gz`). */
export function trivyArchiveName(version: string, platform: NodeJS.Platform, arch: string): string {
  const os = platform === 'linux' ? 'Linux' : platform === 'darwin' ? 'macOS' : undefined;
  const cpu = arch === 'x64' ? '64bit' : arch === 'arm64' ? 'ARM64' : undefined;
  if (!os || !cpu) {
    throw new ConfigurationError(
      `Trivy releases have no build for ${platform}/${arch}; install Trivy yourself and set 'trivy-path'`,
    );
  }
  return `trivy_${version}_${os}-${cpu}.tar.gz`;
}

export interface InstallTrivyOptions {
  version: string;
  logger: Logger;
  /** Where releases are downloaded from (`<base>/v<version>/<asset>`); tests serve them on loopback. */
  baseUrl?: string;
  platform?: NodeJS.Platform;
  arch?: string;
  /**
   * Verify the checksums file's keyless signature (`.sig`, `.pem`, its Rekor entry) before trusting it.
   * Left out, only the checksum is checked.
   */
  signature?: { verify: BlobBundleVerifier; rekorUrl: string };
}

export interface InstalledTrivy {
  path: string;
  version: string;
  /** Found in the runner's tool cache rather than downloaded. */
  cached: boolean;
}

/** The SHA-256 the checksums file (`<hex>  <name>` lines) lists for `assetName`. */
export function checksumFor(checksums: string, assetName: string): string | undefined {
  for (const line of checksums.split('\n')) {
    const match = /^([0-9a-f]{64})\s+\*?(\S+)\s*$/i.exec(line.trim());
    if (match && match[2] === assetName) return match[1]!.toLowerCase();
  }
  return undefined;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function validTrivyVersion(version: string, inputName = 'trivy-version'): string {
  const cleaned = version.trim().replace(/^v/, '');
  if (!/^\d+\.\d+\.\d+$/.test(cleaned)) {
    throw new ConfigurationError(
      `input '${inputName}' must be an exact release like ${defaultTrivyVersion}, got '${version}'`,
    );
  }
  return cleaned;
}

export async function installTrivy(options: InstallTrivyOptions): Promise<InstalledTrivy> {
  const version = validTrivyVersion(options.version);
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const cached = toolCache.find('trivy', version, arch);
  if (cached && existsSync(join(cached, 'trivy'))) {
    options.logger.info(`Trivy ${version} from the tool cache`);
    return { path: join(cached, 'trivy'), version, cached: true };
  }
  const asset = trivyArchiveName(version, platform, arch);
  const base = `${options.baseUrl ?? trivyReleaseBaseUrl}/v${version}`;
  const checksumsName = `trivy_${version}_checksums.txt`;
  let checksumsPath: string;
  let archivePath: string;
  try {
    checksumsPath = await toolCache.downloadTool(`${base}/${checksumsName}`);
    archivePath = await toolCache.downloadTool(`${base}/${asset}`);
  } catch (error) {
    throw new ConfigurationError(
      `could not download Trivy ${version} from ${base} (${errorMessage(error)}); check 'trivy-version', or install Trivy yourself and set 'trivy-path'`,
    );
  }
  const checksums = readFileSync(checksumsPath);
  if (options.signature) {
    let signature: string;
    let certificate: string;
    try {
      signature = readFileSync(await toolCache.downloadTool(`${base}/${checksumsName}.sig`), 'utf8');
      certificate = readFileSync(await toolCache.downloadTool(`${base}/${checksumsName}.pem`), 'utf8');
    } catch (error) {
      throw new ConfigurationError(
        `could not download the signature of ${checksumsName} (${errorMessage(error)}); refusing to install an unverified Trivy (use 'trivy-path' to bring your own)`,
      );
    }
    const signer = await verifyReleaseSignature({
      content: checksums,
      signature,
      certificate,
      rekorUrl: options.signature.rekorUrl,
      verify: options.signature.verify,
      identity: trivyReleaseIdentity,
      issuer: githubOidcIssuer,
      what: checksumsName,
    });
    options.logger.info(`${checksumsName} is signed by ${signer.subjectAlternativeName}`);
  }
  const expected = checksumFor(checksums.toString('utf8'), asset);
  if (!expected) {
    throw new ConfigurationError(
      `${checksumsName} of Trivy ${version} lists no checksum for ${asset}; refusing to install it`,
    );
  }
  const actual = await sha256File(archivePath);
  if (actual !== expected) {
    throw new ConfigurationError(
      `the downloaded ${asset} has SHA-256 ${actual}, but Trivy's ${checksumsName} says ${expected}; refusing to run it`,
    );
  }
  options.logger.info(`Trivy ${version}: ${asset} matches the release checksum ${expected}`);
  const extracted = await toolCache.extractTar(archivePath);
  if (!existsSync(join(extracted, 'trivy'))) {
    throw new ConfigurationError(`${asset} holds no 'trivy' executable; refusing to use it`);
  }
  const installed = await toolCache.cacheDir(extracted, 'trivy', version, arch);
  return { path: join(installed, 'trivy'), version, cached: false };
}

// ---- the vulnerability DB across runs --------------------------------------------------------------

/**
 * The cache key for the DB: one per repository per day, so a day's scans download it once (Trivy's
 * own DB is rebuilt every 6 hours; a day-old DB is what most pipelines accept).
 */
export function trivyDbCacheKey(repositories: string[], now: Date): string {
  const source = createHash('sha256').update(repositories.join(',')).digest('hex').slice(0, 12);
  return `airlock-trivy-db-${source}-${now.toISOString().slice(0, 10)}`;
}

/**
 * Restores the DB directory from the Actions cache. The cache service exists only on GitHub's runners
 * (ACTIONS_CACHE_URL / ACTIONS_RESULTS_URL); elsewhere, and so in every offline test, this does nothing.
 */
export async function restoreTrivyDb(dbDir: string, key: string, logger: Logger): Promise<boolean> {
  if (!cache.isFeatureAvailable()) {
    logger.debug('the Actions cache service is not available here; the DB is not restored');
    return false;
  }
  try {
    const hit = await cache.restoreCache([dbDir], key, [key.replace(/-\d{4}-\d{2}-\d{2}$/, '-')]);
    logger.info(hit ? `vulnerability DB restored from the cache (${hit})` : 'no cached vulnerability DB yet');
    return hit === key;
  } catch (error) {
    logger.warning(`could not restore the vulnerability DB from the cache: ${errorMessage(error)}`);
    return false;
  }
}

export async function saveTrivyDb(dbDir: string, key: string, logger: Logger): Promise<void> {
  if (!cache.isFeatureAvailable()) return;
  try {
    await cache.saveCache([dbDir], key);
    logger.info(`vulnerability DB saved to the cache as ${key}`);
  } catch (error) {
    // Another job of the same day saved it first: that is fine.
    logger.debug(`vulnerability DB not saved to the cache: ${errorMessage(error)}`);
  }
}
