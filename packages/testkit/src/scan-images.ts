import { listenOnLoopback } from './ports.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv-draft-04';
import {
  pushLayoutAsync,
  pushLayoutOverHttp,
  writeImageLayout,
  type LayerSpec,
  type PlatformSpec,
} from './images.ts';
import { TestRegistry } from './registry.ts';
import { hasTool } from './tools.ts';
import { fixtureTrivyPath } from './trivy.ts';
import { publishTrivyDb, type FixtureDatabase, type FixtureSeverity } from './trivy-db.ts';

// Alpine 3.18 and Debian 12 test images that Trivy recognizes (release files and package databases only,
// no binaries), and the vulnerability DB that matches them: fixed and unfixed findings at every severity,
// a two-platform image whose platforms differ, and an older baseline with a different set.

export interface OsPackage {
  name: string;
  version: string;
  /** The source package (Alpine origin, Debian `Source:`); the name when absent. */
  source?: string;
}

export function alpineLayer(release: string, packages: OsPackage[], architecture = 'x86_64'): LayerSpec {
  const installed = packages
    .map((p) =>
      [
        `P:${p.name}`,
        `V:${p.version}`,
        `A:${architecture}`,
        'L:MIT',
        `o:${p.source ?? p.name}`,
        `T:${p.name} fixture package`,
        '',
      ].join('\n'),
    )
    .join('\n');
  return {
    files: {
      'etc/alpine-release': `${release}\n`,
      'etc/os-release': `NAME="Alpine Linux"\nID=alpine\nVERSION_ID=${release}\nPRETTY_NAME="Alpine Linux v3.18"\n`,
      'lib/apk/db/installed': `${installed}\n`,
    },
  };
}

export function debianLayer(packages: OsPackage[], architecture = 'amd64'): LayerSpec {
  const status = packages
    .map((p) =>
      [
        `Package: ${p.name}`,
        'Status: install ok installed',
        'Priority: optional',
        `Architecture: ${architecture}`,
        ...(p.source ? [`Source: ${p.source}`] : []),
        `Version: ${p.version}`,
        'Maintainer: Fixture <fixture@example.test>',
        `Description: ${p.name} fixture package`,
        '',
      ].join('\n'),
    )
    .join('\n');
  return {
    files: {
      'etc/debian_version': '12.2\n',
      'etc/os-release':
        'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n',
      'var/lib/dpkg/status': `${status}\n`,
    },
  };
}

/** What Trivy must report for a fixture image: one line a finding. */
export interface ExpectedFinding {
  id: string;
  package: string;
  installed: string;
  /** Empty: no fix yet. */
  fixed: string;
  severity: FixtureSeverity;
}

interface FixtureVulnerabilitySpec {
  id: string;
  severity: FixtureSeverity;
  cvss?: [number, string];
}

const vulnerabilities: FixtureVulnerabilitySpec[] = [
  { id: 'CVE-2099-1001', severity: 'CRITICAL', cvss: [9.8, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'] },
  { id: 'CVE-2099-1002', severity: 'HIGH', cvss: [7.5, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H'] },
  { id: 'CVE-2099-1003', severity: 'MEDIUM', cvss: [5.3, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N'] },
  { id: 'CVE-2099-1004', severity: 'LOW', cvss: [3.1, 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N'] },
  { id: 'CVE-2099-1005', severity: 'HIGH', cvss: [8.1, 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H'] },
  { id: 'CVE-2099-1006', severity: 'LOW', cvss: [2.2, 'CVSS:3.1/AV:N/AC:H/PR:H/UI:N/S:U/C:N/I:N/A:L'] },
  { id: 'CVE-2099-1008', severity: 'HIGH', cvss: [7.3, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:L'] },
  { id: 'CVE-2099-2001', severity: 'CRITICAL', cvss: [9.8, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'] },
  { id: 'CVE-2099-2002', severity: 'HIGH', cvss: [7.8, 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H'] },
  { id: 'CVE-2099-2003', severity: 'MEDIUM', cvss: [7.5, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N'] },
  { id: 'CVE-2099-2004', severity: 'LOW', cvss: [2.5, 'CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:N/I:N/A:L'] },
  { id: 'CVE-2099-2005', severity: 'CRITICAL', cvss: [9.1, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N'] },
  { id: 'CVE-2099-2006', severity: 'UNKNOWN' },
];

export const scanFixtureDatabase: FixtureDatabase = {
  vulnerabilities: vulnerabilities.map((v) => ({
    id: v.id,
    severity: v.severity,
    ...(v.cvss ? { cvssScore: v.cvss[0], cvssVector: v.cvss[1] } : {}),
  })),
  advisories: [
    { os: 'alpine 3.18', sourcePackage: 'openssl', id: 'CVE-2099-1001', fixedVersion: '3.1.2-r0' },
    { os: 'alpine 3.18', sourcePackage: 'busybox', id: 'CVE-2099-1002', fixedVersion: '1.36.1-r2' },
    { os: 'alpine 3.18', sourcePackage: 'musl', id: 'CVE-2099-1003', fixedVersion: '1.2.4-r1' },
    { os: 'alpine 3.18', sourcePackage: 'musl', id: 'CVE-2099-1006', fixedVersion: '1.2.4-r0' },
    { os: 'alpine 3.18', sourcePackage: 'zlib', id: 'CVE-2099-1004', fixedVersion: '1.2.13-r2' },
    // Fixed before the installed version: must not be reported.
    { os: 'alpine 3.18', sourcePackage: 'zlib', id: 'CVE-2099-1005', fixedVersion: '1.2.13-r0' },
    { os: 'alpine 3.18', sourcePackage: 'curl', id: 'CVE-2099-1008', fixedVersion: '8.5.0-r0' },
    { os: 'debian 12', sourcePackage: 'openssl', id: 'CVE-2099-2001', fixedVersion: '3.0.11-1~deb12u2' },
    { os: 'debian 12', sourcePackage: 'bash', id: 'CVE-2099-2002' },
    { os: 'debian 12', sourcePackage: 'glibc', id: 'CVE-2099-2003', fixedVersion: '2.36-9+deb12u4' },
    { os: 'debian 12', sourcePackage: 'glibc', id: 'CVE-2099-2004' },
    { os: 'debian 12', sourcePackage: 'zlib', id: 'CVE-2099-2005' },
    { os: 'debian 12', sourcePackage: 'tzdata', id: 'CVE-2099-2006', fixedVersion: '2024b-0+deb12u1' },
  ],
};

const alpineCandidate: OsPackage[] = [
  { name: 'alpine-baselayout', version: '3.4.3-r1' },
  { name: 'busybox', version: '1.36.1-r0' },
  { name: 'musl', version: '1.2.4-r0' },
  { name: 'openssl', version: '3.1.1-r0' },
  { name: 'zlib', version: '1.2.13-r1' },
];

/** The arm64 build: a newer busybox (no HIGH there), but curl with its own HIGH. */
const alpineArm64: OsPackage[] = [
  { name: 'alpine-baselayout', version: '3.4.3-r1' },
  { name: 'busybox', version: '1.36.1-r2' },
  { name: 'curl', version: '8.4.0-r0' },
  { name: 'musl', version: '1.2.4-r0' },
  { name: 'openssl', version: '3.1.1-r0' },
  { name: 'zlib', version: '1.2.13-r1' },
];

/** The currently promoted version: openssl already fixed, an older musl with one more LOW. */
const alpineBaseline: OsPackage[] = [
  { name: 'alpine-baselayout', version: '3.4.3-r1' },
  { name: 'busybox', version: '1.36.1-r0' },
  { name: 'musl', version: '1.2.3-r0' },
  { name: 'openssl', version: '3.1.2-r0' },
  { name: 'zlib', version: '1.2.13-r1' },
];

const debianPackages: OsPackage[] = [
  { name: 'bash', version: '5.2.15-2+b2' },
  { name: 'libc6', version: '2.36-9+deb12u3', source: 'glibc' },
  { name: 'libssl3', version: '3.0.11-1~deb12u1', source: 'openssl' },
  { name: 'tzdata', version: '2024a-0+deb12u1' },
  { name: 'zlib1g', version: '1:1.2.13.dfsg-1', source: 'zlib' },
];

const appLayer: LayerSpec = { files: { 'app/README': 'fixture application\n' } };

export const scanImageSpecs = {
  alpine: [{ architecture: 'amd64', layers: [alpineLayer('3.18.4', alpineCandidate), appLayer] }],
  alpineMulti: [
    { architecture: 'amd64', layers: [alpineLayer('3.18.4', alpineCandidate), appLayer] },
    { architecture: 'arm64', layers: [alpineLayer('3.18.4', alpineArm64, 'aarch64'), appLayer] },
  ],
  alpineBaseline: [{ architecture: 'amd64', layers: [alpineLayer('3.18.4', alpineBaseline), appLayer] }],
  debian: [{ architecture: 'amd64', layers: [debianLayer(debianPackages), appLayer] }],
  /** Nothing the DB knows about. */
  alpineClean: [
    {
      architecture: 'amd64',
      layers: [alpineLayer('3.18.4', [{ name: 'alpine-baselayout', version: '3.4.3-r1' }])],
    },
  ],
} satisfies Record<string, PlatformSpec[]>;

export type ScanImageName = keyof typeof scanImageSpecs;

const f = (id: string, pkg: string, installed: string, fixed: string, severity: FixtureSeverity) => ({
  id,
  package: pkg,
  installed,
  fixed,
  severity,
});

/** What Trivy reports for each image (per platform for the two-platform one), sorted by ID. */
export const expectedFindings: Record<string, ExpectedFinding[]> = {
  'alpine/amd64': [
    f('CVE-2099-1001', 'openssl', '3.1.1-r0', '3.1.2-r0', 'CRITICAL'),
    f('CVE-2099-1002', 'busybox', '1.36.1-r0', '1.36.1-r2', 'HIGH'),
    f('CVE-2099-1003', 'musl', '1.2.4-r0', '1.2.4-r1', 'MEDIUM'),
    f('CVE-2099-1004', 'zlib', '1.2.13-r1', '1.2.13-r2', 'LOW'),
  ],
  'alpine/arm64': [
    f('CVE-2099-1001', 'openssl', '3.1.1-r0', '3.1.2-r0', 'CRITICAL'),
    f('CVE-2099-1003', 'musl', '1.2.4-r0', '1.2.4-r1', 'MEDIUM'),
    f('CVE-2099-1004', 'zlib', '1.2.13-r1', '1.2.13-r2', 'LOW'),
    f('CVE-2099-1008', 'curl', '8.4.0-r0', '8.5.0-r0', 'HIGH'),
  ],
  'alpineBaseline/amd64': [
    f('CVE-2099-1002', 'busybox', '1.36.1-r0', '1.36.1-r2', 'HIGH'),
    f('CVE-2099-1003', 'musl', '1.2.3-r0', '1.2.4-r1', 'MEDIUM'),
    f('CVE-2099-1004', 'zlib', '1.2.13-r1', '1.2.13-r2', 'LOW'),
    f('CVE-2099-1006', 'musl', '1.2.3-r0', '1.2.4-r0', 'LOW'),
  ],
  'debian/amd64': [
    f('CVE-2099-2001', 'libssl3', '3.0.11-1~deb12u1', '3.0.11-1~deb12u2', 'CRITICAL'),
    f('CVE-2099-2002', 'bash', '5.2.15-2+b2', '', 'HIGH'),
    f('CVE-2099-2003', 'libc6', '2.36-9+deb12u3', '2.36-9+deb12u4', 'MEDIUM'),
    f('CVE-2099-2004', 'libc6', '2.36-9+deb12u3', '', 'LOW'),
    f('CVE-2099-2005', 'zlib1g', '1:1.2.13.dfsg-1', '', 'CRITICAL'),
    f('CVE-2099-2006', 'tzdata', '2024a-0+deb12u1', '2024b-0+deb12u1', 'UNKNOWN'),
  ],
  'alpineClean/amd64': [],
};

export interface PushedScanImage {
  /** `host/repo:tag`. */
  reference: string;
  /** `host/repo@sha256:…`. */
  pinned: string;
  digest: string;
  /** Per-platform manifest digests, in spec order. */
  manifests: string[];
}

/**
 * Builds the fixture image `name` and pushes it to `host/repository:tag`: with skopeo (an independent
 * client) when it is installed, else with a plain HTTP push.
 */
export async function pushScanImage(
  host: string,
  name: ScanImageName,
  repository = `scan/${name.toLowerCase()}`,
  tag = 'latest',
): Promise<PushedScanImage> {
  const dir = mkdtempSync(join(tmpdir(), `airlock-scan-image-`));
  try {
    const built = await writeImageLayout(dir, tag, scanImageSpecs[name]);
    const reference = `${host}/${repository}:${tag}`;
    if (hasTool('skopeo')) await pushLayoutAsync(dir, tag, reference);
    else await pushLayoutOverHttp(dir, tag, reference);
    return {
      reference,
      pinned: `${host}/${repository}@${built.digest}`,
      digest: built.digest,
      manifests: built.manifests,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A test registry holding the fixture DB (as `trivy-db`) and every scan image, and the real Trivy. */
export interface ScanFixture {
  registry: TestRegistry;
  /** For `--db-repository` / `trivy-db-repository`. */
  dbRepository: string;
  images: Record<ScanImageName, PushedScanImage>;
  trivyPath: string;
  stop(): Promise<void>;
}

export async function startScanFixture(): Promise<ScanFixture> {
  const registry = await TestRegistry.start();
  try {
    const dbRepository = await publishTrivyDb(registry.host, scanFixtureDatabase);
    const images = {} as Record<ScanImageName, PushedScanImage>;
    for (const name of Object.keys(scanImageSpecs) as ScanImageName[]) {
      images[name] = await pushScanImage(registry.host, name);
    }
    return { registry, dbRepository, images, trivyPath: fixtureTrivyPath(), stop: () => registry.stop() };
  } catch (error) {
    await registry.stop();
    throw error;
  }
}

// ---- validating what the scan writes ------------------------------------------------------------------

const sarifSchemaPath = join(dirname(fileURLToPath(import.meta.url)), '../schemas/sarif-schema-2.1.0.json');
let sarifValidator: ValidateFunction | undefined;

/**
 * Schema errors of a SARIF log against the official OASIS SARIF 2.1.0 schema (draft-04, hence
 * ajv-draft-04); empty when it is valid.
 */
export function sarifSchemaErrors(log: unknown): string[] {
  if (!sarifValidator) {
    // A CommonJS module: imported from ESM, its default is the module object, whose `default` is the class.
    const Ajv04 = ajvDraft04.default;
    const ajv = new Ajv04({ allErrors: true, strict: false });
    ajvFormats.default(ajv as unknown as Parameters<typeof ajvFormats.default>[0], [
      'uri',
      'uri-reference',
      'date-time',
    ]);
    sarifValidator = ajv.compile(JSON.parse(readFileSync(sarifSchemaPath, 'utf8')) as object);
  }
  const validate = sarifValidator;
  if (validate(log)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}

// ---- a stand-in for GitHub's issue comment endpoints ---------------------------------------------------

export interface StandInComment {
  id: number;
  body: string;
  html_url: string;
}

/**
 * A loopback stand-in for the two GitHub REST endpoints a PR comment needs: list/create
 * (`GET|POST /repos/{owner}/{repo}/issues/{number}/comments`, paginated with `Link`) and update
 * (`PATCH /repos/{owner}/{repo}/issues/comments/{id}`). Tests that use it say so in their names.
 */
export class IssueCommentsStandIn {
  readonly url: string;
  /** `METHOD path` of every request. */
  readonly requests: string[] = [];
  /** Comments by `owner/repo#number`. */
  readonly comments = new Map<string, StandInComment[]>();
  private readonly server: Server;
  private readonly token: string;
  private nextId = 5000;

  private constructor(url: string, server: Server, token: string) {
    this.url = url;
    this.server = server;
    this.token = token;
  }

  static async start(token: string): Promise<IssueCommentsStandIn> {
    const server = createServer();
    const url = await listenOnLoopback(server);
    const standIn = new IssueCommentsStandIn(url, server, token);
    server.on('request', (request, response) => standIn.handle(request, response));
    return standIn;
  }

  /** Adds a comment as someone else would have written it. */
  seed(issue: string, body: string): StandInComment {
    const comment = {
      id: this.nextId++,
      body,
      html_url: `https://github.com/${issue.replace('#', '/pull/')}#issuecomment-${this.nextId}`,
    };
    this.comments.set(issue, [...(this.comments.get(issue) ?? []), comment]);
    return comment;
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', this.url);
    this.requests.push(`${request.method} ${url.pathname}`);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };
    const authorization = request.headers.authorization ?? '';
    if (authorization !== `token ${this.token}` && authorization !== `Bearer ${this.token}`) {
      send(401, { message: 'Bad credentials' });
      return;
    }
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => {
      const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
      const single = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (list && request.method === 'GET') {
        const all = this.comments.get(`${list[1]}/${list[2]}#${list[3]}`) ?? [];
        const perPage = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        const headers: Record<string, string> = {};
        if (page * perPage < all.length) {
          const next = new URL(url);
          next.searchParams.set('page', String(page + 1));
          headers.link = `<${next.toString()}>; rel="next"`;
        }
        send(200, all.slice((page - 1) * perPage, page * perPage), headers);
      } else if (list && request.method === 'POST') {
        const body = (JSON.parse(text) as { body: string }).body;
        send(201, this.seed(`${list[1]}/${list[2]}#${list[3]}`, body));
      } else if (single && request.method === 'PATCH') {
        const id = Number(single[3]);
        const comment = [...this.comments.values()].flat().find((c) => c.id === id);
        if (!comment) {
          send(404, { message: 'Not Found' });
          return;
        }
        comment.body = (JSON.parse(text) as { body: string }).body;
        send(200, comment);
      } else {
        send(404, { message: 'Not Found' });
      }
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
