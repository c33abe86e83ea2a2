import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError, errorMessage } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { parseTrivyReport, type ParsedReport } from './reports.ts';

// Running Trivy. Registry credentials reach it through its environment (TRIVY_USERNAME/TRIVY_PASSWORD),
// never its argv, which any process on the machine can read. Trivy often exits 1 without a word (the
// one shipped for tests always does), so every failure is turned into a message that says what to check.
//
// Processes are started with child_process rather than @actions/exec: a scan must be stopped when it
// runs past its time, and @actions/exec cannot stop what it started.

/** Where the vulnerability DB is looked for, in order: Google's mirror first (no GHCR rate limits), then GHCR. */
export const defaultTrivyDbRepositories = [
  'mirror.gcr.io/aquasec/trivy-db:2',
  'ghcr.io/aquasecurity/trivy-db:2',
];

export interface TrivyCredential {
  username?: string;
  password?: string;
  /** A bearer token for the registry. */
  registryToken?: string;
}

export interface TrivyRunOptions {
  trivyPath: string;
  /** Trivy's cache: the DB lives in `<cacheDir>/db`. */
  cacheDir: string;
  /** Hosts (`host:port`) Trivy may reach over plain HTTP or unverified TLS (its `--insecure`). */
  insecureRegistries: string[];
  credential?: TrivyCredential;
  /** The registry host the credential is for; a DB repository elsewhere is pulled without it. */
  credentialHost?: string;
  /** Milliseconds before the process is stopped. */
  timeoutMs: number;
  logger: Logger;
  /** Where Trivy gets its Java index DB (default GHCR's), for images with JAR files. */
  javaDbRepository?: string;
  /** Extra environment (PATH, HOME, proxy settings are inherited). */
  env?: Record<string, string>;
}

export interface TrivyProcessResult {
  exitCode: number;
  /** The last lines Trivy wrote to stderr (its log), at most a few kilobytes. */
  log: string;
  elapsedMs: number;
}

/** Whether the registry of `reference` (`host/repo…`) was listed as insecure. */
function insecureFor(reference: string, options: TrivyRunOptions): boolean {
  const host = reference.split('/')[0]!.toLowerCase();
  return options.insecureRegistries.some((listed) => listed.toLowerCase() === host);
}

export class TrivyError extends ConfigurationError {
  override name = 'TrivyError';
}

const logTailBytes = 8192;

/** Runs Trivy with `args`; resolves with its exit code, rejects only when it cannot start or runs too long. */
export function runTrivyProcess(args: string[], options: TrivyRunOptions): Promise<TrivyProcessResult> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    // A TRIVY_* setting of the runner must not change what the action asked for.
    if (value !== undefined && !key.startsWith('TRIVY_')) env[key] = value;
  }
  Object.assign(env, options.env ?? {});
  if (options.credential?.username) env.TRIVY_USERNAME = options.credential.username;
  if (options.credential?.password) env.TRIVY_PASSWORD = options.credential.password;
  if (options.credential?.registryToken) env.TRIVY_REGISTRY_TOKEN = options.credential.registryToken;
  const started = Date.now();
  options.logger.debug(`running ${options.trivyPath} ${args.join(' ')}`);
  return new Promise((resolve, reject) => {
    const child = spawn(options.trivyPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString('utf8')).slice(-logTailBytes);
    });
    let timedOut = false;
    let killer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      // Trivy stops on SIGTERM; a process that ignores it is killed.
      killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(
        new TrivyError(
          `Trivy could not be started from '${options.trivyPath}' (${error.message}); check 'trivy-path', or leave it empty to install Trivy`,
        ),
      );
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (killer) clearTimeout(killer);
      const elapsedMs = Date.now() - started;
      if (timedOut) {
        reject(
          new TrivyError(
            `Trivy did not finish within ${(options.timeoutMs / 1000).toFixed(options.timeoutMs % 1000 ? 1 : 0)} s and was stopped; raise 'timeout' or check that the registry and the DB repository answer`,
          ),
        );
        return;
      }
      resolve({ exitCode: code ?? (signal ? 128 : 1), log: log.trim(), elapsedMs });
    });
  });
}

/** The last FATAL/ERROR line of a Trivy log, without its timestamp: the most useful thing it said. */
function lastProblem(log: string): string | undefined {
  const lines = log.split('\n').filter((line) => /\b(FATAL|ERROR)\b|error:/i.test(line));
  const last = lines
    .at(-1)
    ?.replace(/^\S+\s+(FATAL|ERROR)\s+/, '')
    .trim();
  return last ? last.slice(0, 500) : undefined;
}

function failure(what: string, result: TrivyProcessResult, advice: string): TrivyError {
  const said = lastProblem(result.log) ?? (result.log ? result.log.split('\n').at(-1)!.slice(0, 500) : '');
  return new TrivyError(
    `Trivy failed ${what} (exit code ${result.exitCode})${said ? `: ${said}` : ' without a message'}; ${advice}`,
  );
}

export interface DbDownloadResult {
  /** The repository the DB came from; undefined when the cached one was fresh enough. */
  repository: string;
  elapsedMs: number;
}

/**
 * Makes sure the cache holds a vulnerability DB: tries each repository in order (Trivy 0.44 takes only
 * one) and stops at the first that works. Trivy itself skips the download when the cached DB is fresh.
 */
export async function downloadTrivyDb(
  repositories: string[],
  options: TrivyRunOptions,
): Promise<DbDownloadResult> {
  const problems: string[] = [];
  for (const repository of repositories) {
    const args = [
      'image',
      '--download-db-only',
      '--no-progress',
      '--cache-dir',
      options.cacheDir,
      '--db-repository',
      repository,
    ];
    if (insecureFor(repository, options)) args.push('--insecure');
    // The image's credential goes along only to a DB mirror on the same registry.
    const sameRegistry = options.credentialHost?.toLowerCase() === repository.split('/')[0]!.toLowerCase();
    const result = await runTrivyProcess(
      args,
      sameRegistry ? options : { ...options, credential: undefined },
    );
    if (result.exitCode === 0) {
      options.logger.debug(`vulnerability DB ready from ${repository} in ${result.elapsedMs} ms`);
      return { repository, elapsedMs: result.elapsedMs };
    }
    problems.push(`${repository}: ${lastProblem(result.log) ?? `exit code ${result.exitCode}, no message`}`);
    options.logger.warning(
      `could not get the vulnerability DB from ${repository}; trying the next repository`,
    );
  }
  throw new TrivyError(
    `Trivy could not download its vulnerability DB from ${repositories.join(', ')} (${problems.join('; ')}); ` +
      "check 'trivy-db-repository' (an OCI repository holding the DB, tag 2) and that the runner can reach it",
  );
}

export interface TrivyDbMetadata {
  version?: number;
  updatedAt?: string;
  nextUpdate?: string;
}

/** What the cached DB says about itself (`<cacheDir>/db/metadata.json`). */
export function readTrivyDbMetadata(cacheDir: string): TrivyDbMetadata | undefined {
  try {
    const metadata = JSON.parse(readFileSync(join(cacheDir, 'db', 'metadata.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    return {
      ...(typeof metadata.Version === 'number' ? { version: metadata.Version } : {}),
      ...(typeof metadata.UpdatedAt === 'string' ? { updatedAt: metadata.UpdatedAt } : {}),
      ...(typeof metadata.NextUpdate === 'string' ? { nextUpdate: metadata.NextUpdate } : {}),
    };
  } catch {
    return undefined;
  }
}

export interface TrivyScanRequest {
  /** `image`: a registry image by digest (`host/repo@sha256:…`); `sbom`: a CycloneDX or SPDX file. */
  kind: 'image' | 'sbom';
  target: string;
  /** The platform this scan covers, for the findings (`linux/amd64`). */
  platform?: string;
}

export interface TrivyScanResult extends ParsedReport {
  elapsedMs: number;
}

/** Scans one target with the DB already in the cache, and returns its findings. */
export async function scanWithTrivy(
  request: TrivyScanRequest,
  options: TrivyRunOptions,
): Promise<TrivyScanResult> {
  mkdirSync(options.cacheDir, { recursive: true });
  const work = mkdtempSync(join(options.cacheDir, 'report-'));
  const output = join(work, 'report.json');
  try {
    const args = [
      request.kind,
      '--format',
      'json',
      '--output',
      output,
      '--cache-dir',
      options.cacheDir,
      '--skip-db-update',
      '--no-progress',
      '--timeout',
      `${Math.max(1, Math.floor(options.timeoutMs / 1000))}s`,
    ];
    if (request.kind === 'image') args.push('--scanners', 'vuln', '--image-src', 'remote');
    // Trivy fetches its Java DB only when the image holds JAR files; air-gapped users mirror it too.
    if (options.javaDbRepository) args.push('--java-db-repository', options.javaDbRepository);
    if (request.kind === 'image' && insecureFor(request.target, options)) args.push('--insecure');
    args.push(request.target);
    const result = await runTrivyProcess(args, options);
    if (result.exitCode !== 0) {
      throw failure(
        `to scan ${request.target}`,
        result,
        request.kind === 'image'
          ? 'check that the image exists and that the registry credentials can pull it (and insecure-registries for a plain-HTTP registry)'
          : 'check that the SBOM is CycloneDX or SPDX JSON',
      );
    }
    let report: unknown;
    try {
      report = JSON.parse(readFileSync(output, 'utf8'));
    } catch (error) {
      throw new TrivyError(`Trivy finished but wrote no readable report (${errorMessage(error)})`);
    }
    return { ...parseTrivyReport(report, request.platform), elapsedMs: result.elapsedMs };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** `trivy --version`: the version word (`0.44.1`, or `dev` for builds without one). */
export async function trivyVersion(options: TrivyRunOptions): Promise<string | undefined> {
  const child = spawn(options.trivyPath, ['--version', '--cache-dir', options.cacheDir], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const code = await new Promise<number>((resolve) => {
    child.once('error', () => resolve(-1));
    child.once('close', (exit) => resolve(exit ?? -1));
  });
  if (code !== 0) return undefined;
  return /Version:\s*v?(\S+)/.exec(out)?.[1];
}
