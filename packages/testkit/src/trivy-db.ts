import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { requireTool } from './tools.ts';
import tar from 'tar-stream';

// A small Trivy vulnerability database that the tests write themselves: the advisories the fixture
// images match, built into BoltDB by a tiny Go program and served from a test registry as the OCI
// artifact Trivy downloads (`--db-repository <host>/trivy-db`), the path an air-gapped user takes.
// The build of `scanFixtureDatabase` is committed (fixtures/trivy-db.tar.gz, with the fingerprint of the
// description it was built from), so the demo and the tests need no Go; `npm run demo-db` rebuilds it.

export type FixtureSeverity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'UNKNOWN';

export interface FixtureVulnerability {
  id: string;
  severity: FixtureSeverity;
  title?: string;
  /** NVD CVSS v3. */
  cvssScore?: number;
  cvssVector?: string;
}

export interface FixtureAdvisory {
  /** The Trivy bucket: `alpine 3.18`, `debian 12`. */
  os: string;
  /** The source package name (Alpine origin, Debian `Source:`). */
  sourcePackage: string;
  id: string;
  /** Absent: affected with no fix yet. */
  fixedVersion?: string;
}

export interface FixtureDatabase {
  vulnerabilities: FixtureVulnerability[];
  advisories: FixtureAdvisory[];
}

const dataSources: Record<string, { ID: string; Name: string; URL: string }> = {
  alpine: { ID: 'alpine', Name: 'Alpine Secdb', URL: 'https://secdb.alpinelinux.org/' },
  debian: {
    ID: 'debian',
    Name: 'Debian Security Tracker',
    URL: 'https://salsa.debian.org/security-tracker-team/security-tracker',
  },
};

const severityNumber: Record<FixtureSeverity, number> = {
  UNKNOWN: 0,
  LOW: 1,
  MEDIUM: 2,
  HIGH: 3,
  CRITICAL: 4,
};

const builderSource = join(dirname(fileURLToPath(import.meta.url)), '../trivy-db');
const fixtureDir = join(dirname(fileURLToPath(import.meta.url)), '../fixtures');
/** The committed build: a tar.gz of `trivy.db` and `metadata.json`. */
export const committedTrivyDbPath = join(fixtureDir, 'trivy-db.tar.gz');
/** The fingerprint of the description the committed build was made from. */
export const committedTrivyDbFingerprintPath = join(fixtureDir, 'trivy-db.source.sha256');

/** Builds the Go program once per source version, under the temp dir, shared by parallel test workers. */
export function trivyDbBuilder(): string {
  const source = readFileSync(join(builderSource, 'main.go'));
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const binary = join(tmpdir(), `airlock-trivy-db-${hash}`, 'trivy-db');
  if (existsSync(binary)) return binary;
  mkdirSync(dirname(binary), { recursive: true });
  requireTool('go', 'golang-go golang-github-coreos-bbolt-dev');
  const partial = `${binary}.${process.pid}`;
  const gopath = ['/usr/share/gocode', process.env.GOPATH].filter(Boolean).join(':');
  execFileSync('go', ['build', '-o', partial, '.'], {
    cwd: builderSource,
    env: {
      ...process.env,
      GO111MODULE: 'off',
      GOPATH: gopath,
      GOCACHE: join(tmpdir(), 'airlock-go-cache'),
      GOFLAGS: '',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  renameSync(partial, binary);
  return binary;
}

function entries(database: FixtureDatabase): { path: string[]; value: unknown }[] {
  const list: { path: string[]; value: unknown }[] = [];
  const buckets = new Set<string>();
  for (const advisory of database.advisories) {
    buckets.add(advisory.os);
    const value =
      advisory.fixedVersion === undefined ? { Status: 2 } : { FixedVersion: advisory.fixedVersion };
    list.push({ path: [advisory.os, advisory.sourcePackage, advisory.id], value });
  }
  for (const vulnerability of database.vulnerabilities) {
    const cvss =
      vulnerability.cvssScore === undefined
        ? {}
        : { CVSS: { nvd: { V3Score: vulnerability.cvssScore, V3Vector: vulnerability.cvssVector ?? '' } } };
    list.push({
      path: ['vulnerability', vulnerability.id],
      value: {
        Title: vulnerability.title ?? `${vulnerability.id} fixture`,
        Description: `A fixture vulnerability (${vulnerability.severity}).`,
        Severity: vulnerability.severity,
        VendorSeverity: { nvd: severityNumber[vulnerability.severity] },
        ...cvss,
        References: [`https://example.test/advisories/${vulnerability.id}`],
      },
    });
  }
  for (const bucket of buckets) {
    const source = dataSources[bucket.split(' ')[0]!];
    if (source) list.push({ path: ['data-source', bucket], value: source });
  }
  return list;
}

async function tarGzip(files: Record<string, Buffer>): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve) => pack.on('end', () => resolve()));
  for (const [name, content] of Object.entries(files)) {
    pack.entry({ name, mode: 0o644, mtime: new Date(0) }, content);
  }
  pack.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

/** Identifies a description: the committed build is used only for the description it was made from. */
export function trivyDbFingerprint(database: FixtureDatabase): string {
  return createHash('sha256')
    .update(JSON.stringify(entries(database)))
    .digest('hex');
}

/** The BoltDB file for `database`, built by the Go program (needs Go and bbolt). */
export function buildTrivyDbFile(database: FixtureDatabase): Buffer {
  const work = mkdtempSync(join(tmpdir(), 'airlock-trivy-db-'));
  try {
    const description = join(work, 'description.json');
    writeFileSync(description, JSON.stringify(entries(database)));
    execFileSync(trivyDbBuilder(), [description, join(work, 'trivy.db')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return readFileSync(join(work, 'trivy.db'));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** `trivy.db` out of a committed `db.tar.gz`. */
async function trivyDbFromArchive(archive: Buffer): Promise<Buffer> {
  const extract = tar.extract();
  let found: Buffer | undefined;
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
      stream.on('end', () => {
        if (header.name === 'trivy.db') found = Buffer.concat(chunks);
        next();
      });
      stream.resume();
    });
    extract.on('finish', () => resolve());
    extract.on('error', reject);
  });
  extract.end(gunzipSync(archive));
  await done;
  if (!found) throw new Error('the committed Trivy DB archive holds no trivy.db; run npm run demo-db');
  return found;
}

/**
 * The BoltDB file for `database`: the committed build when it was made from this very description, else a
 * fresh build (which needs Go).
 */
export async function trivyDbFile(database: FixtureDatabase): Promise<Buffer> {
  const committed =
    existsSync(committedTrivyDbFingerprintPath) &&
    readFileSync(committedTrivyDbFingerprintPath, 'utf8').trim() === trivyDbFingerprint(database);
  if (committed) return trivyDbFromArchive(readFileSync(committedTrivyDbPath));
  return buildTrivyDbFile(database);
}

/** `db.tar.gz` holding `trivy.db` and `metadata.json`, as Trivy's own DB artifact does. */
export async function trivyDbArchive(trivyDb: Buffer, now = new Date()): Promise<Buffer> {
  const metadata = {
    Version: 2,
    // Far ahead, so a cache dir that already holds this DB is not refreshed during a test run.
    NextUpdate: new Date(now.getTime() + 365 * 24 * 3600 * 1000).toISOString(),
    UpdatedAt: now.toISOString(),
  };
  return tarGzip({ 'trivy.db': trivyDb, 'metadata.json': Buffer.from(JSON.stringify(metadata)) });
}

/** `db.tar.gz` for `database` (committed build or fresh), with metadata dated `now`. */
export async function buildTrivyDbArchive(database: FixtureDatabase, now = new Date()): Promise<Buffer> {
  return trivyDbArchive(await trivyDbFile(database), now);
}

/** Rebuilds the committed fixture from `database` with Go (what `npm run demo-db` runs). */
export async function writeCommittedTrivyDb(database: FixtureDatabase): Promise<{ bytes: number }> {
  const archive = await trivyDbArchive(buildTrivyDbFile(database), new Date('2026-01-01T00:00:00Z'));
  mkdirSync(fixtureDir, { recursive: true });
  writeFileSync(committedTrivyDbPath, archive);
  writeFileSync(committedTrivyDbFingerprintPath, `${trivyDbFingerprint(database)}\n`);
  return { bytes: archive.length };
}

export const trivyDbLayerMediaType = 'application/vnd.aquasec.trivy.db.layer.v1.tar+gzip';
export const trivyDbConfigMediaType = 'application/vnd.aquasec.trivy.config.v1+json';

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** Uploads one blob to a registry without auth (POST a session, PUT the bytes with their digest). */
async function putBlob(host: string, repository: string, data: Buffer): Promise<string> {
  const digest = sha256(data);
  const start = await fetch(`http://${host}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  if (start.status !== 202) throw new Error(`blob upload to ${host}/${repository}: HTTP ${start.status}`);
  const location = new URL(start.headers.get('location') ?? '', `http://${host}`);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: new Uint8Array(data),
  });
  if (put.status !== 201) throw new Error(`blob upload to ${host}/${repository}: HTTP ${put.status}`);
  return digest;
}

/**
 * Builds the fixture DB and pushes it to `host/repository:2` as Trivy's DB artifact. Returns the value for
 * Trivy's `--db-repository` (`host/repository`).
 */
export async function publishTrivyDb(
  host: string,
  database: FixtureDatabase,
  repository = 'trivy-db',
): Promise<string> {
  const archive = await buildTrivyDbArchive(database);
  const config = Buffer.from('{}');
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: trivyDbConfigMediaType,
      digest: await putBlob(host, repository, config),
      size: config.length,
    },
    layers: [
      {
        mediaType: trivyDbLayerMediaType,
        digest: await putBlob(host, repository, archive),
        size: archive.length,
        annotations: { 'org.opencontainers.image.title': 'db.tar.gz' },
      },
    ],
  };
  const response = await fetch(`http://${host}/v2/${repository}/manifests/2`, {
    method: 'PUT',
    headers: { 'content-type': manifest.mediaType },
    body: JSON.stringify(manifest),
  });
  if (response.status !== 201)
    throw new Error(`manifest push to ${host}/${repository}:2: HTTP ${response.status}`);
  return `${host}/${repository}`;
}
