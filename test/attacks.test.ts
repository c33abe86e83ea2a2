import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  SigstoreStack,
  alpineLayer,
  pushLayout,
  repoRoot,
  runActionBundle,
  skopeoInspectRaw,
  startScanFixture,
  writeImageLayout,
  type ActionRun,
  type PlatformSpec,
  type ScanFixture,
} from '@airlock/testkit';
import {
  MediaType,
  PredicateType,
  RegistryClient,
  buildStatement,
  parseReference,
  readRecords,
  silentLogger,
  subjectOf,
  writeRecord,
  type Descriptor,
  type ImageIndex,
  type RecordSigner,
  type Repository,
} from '@airlock/core';

// Attacks on the promotion gate, each set up for real and refused with the right reason, through the
// action bundles as the runner runs them: records forged with the records writer and signed with the
// loopback Sigstore stack (real Fulcio/Rekor/TSA crypto), the `sha256-<hex>` fallback index edited with
// plain HTTP PUTs as anyone with push could, a real registry (distribution 2.8, no referrers API), and the
// real Trivy where the scan matters. One registry, one Sigstore stack and one Trivy DB serve every case.
//
// The pipeline under attack signs as `example/airlock-test/.github/workflows/quarantine.yml` on main: the
// stack's default workflow, which both quarantine-scan and promote run as.

let fixture: ScanFixture;
let stack: SigstoreStack;
let client: RegistryClient;
let host: string;
let work: string;
let counter = 0;

beforeAll(async () => {
  [fixture, stack] = await Promise.all([startScanFixture(), SigstoreStack.start()]);
  host = fixture.registry.host;
  client = new RegistryClient({ insecureRegistries: [host] });
  work = mkdtempSync(join(tmpdir(), 'airlock-attacks-'));
}, 300_000);
afterAll(async () => {
  await client?.close();
  await stack?.stop();
  await fixture?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const ours = () => stack.defaultWorkflowRef;
const repository = (name: string): Repository => client.repository(parseReference(`${host}/${name}`));
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

const signerFor = (workflowRef: string, run: { ref?: string } = {}): RecordSigner =>
  stack.signer(workflowRef, { run });

const sigstoreInputs = () => stack.actionInputs();

/** The job the pipeline runs in: with an OIDC identity (id-token: write) unless `oidc` is false. */
function jobEnv(oidc = true): Record<string, string> {
  return oidc ? stack.oidcEnv() : {};
}

function explain(run: ActionRun): string {
  return `exit ${run.exitCode}\n${run.stdout}\n${run.stderr}`;
}

async function promote(
  app: string,
  digest: string,
  inputs: Record<string, string> = {},
  oidc = true,
): Promise<ActionRun> {
  return runActionBundle(
    'promote',
    {
      image: `${host}/quarantine/${app}@${digest}`,
      destination: `${host}/trusted/${app}`,
      tags: 'v1',
      'insecure-registries': host,
      ...sigstoreInputs(),
      ...inputs,
    },
    jobEnv(oidc),
  );
}

async function scan(image: string, inputs: Record<string, string> = {}, oidc = true): Promise<ActionRun> {
  return runActionBundle(
    'quarantine-scan',
    {
      image,
      'trivy-path': fixture.trivyPath,
      'trivy-db-repository': fixture.dbRepository,
      'insecure-registries': host,
      'github-token': '',
      'fail-on-violation': 'false',
      ...sigstoreInputs(),
      ...inputs,
    },
    jobEnv(oidc),
  );
}

function promoted(run: ActionRun): boolean {
  return run.exitCode === 0 && run.outputs.promoted === 'true';
}

/** Pushes a fresh image (each platform: a small file layer) to `quarantine/<app>:<tag>`. */
async function pushImage(app: string, platforms: PlatformSpec[], tag = 'src'): Promise<string> {
  const dir = join(work, `image-${++counter}`);
  const built = await writeImageLayout(dir, tag, platforms);
  pushLayout(dir, tag, `${host}/quarantine/${app}:${tag}`);
  return built.digest;
}

const filePlatform = (architecture: string, text: string): PlatformSpec => ({
  architecture,
  layers: [{ files: { 'app/id': `${text} ${++counter}` } }],
});

async function twoPlatformImage(app: string): Promise<string> {
  return pushImage(app, [filePlatform('amd64', app), filePlatform('arm64', app)]);
}

/** Every manifest of an image (the image and its children), as a complete scan record lists them. */
async function allManifests(app: string, digest: string): Promise<string[]> {
  const { manifest } = await repository(`quarantine/${app}`).getManifest(digest);
  return [digest, ...('manifests' in manifest ? manifest.manifests.map((child) => child.digest) : [])];
}

interface VerdictOptions {
  signer?: RecordSigner;
  scannedAt?: string;
  covers?: string[];
  /** The repository the statement's subject names; this quarantine repository by default. */
  subjectName?: string;
  mode?: string;
}

/** Attaches a scan record as quarantine-scan writes it (cosign's vuln predicate with the verdict). */
async function attachVerdict(
  app: string,
  digest: string,
  verdict: 'pass' | 'fail',
  options: VerdictOptions = {},
  repo = `quarantine/${app}`,
): Promise<string> {
  const target = repository(repo);
  const subject = (await target.resolve(digest))!;
  const scannedAt = options.scannedAt ?? new Date().toISOString();
  const predicate = {
    invocation: { parameters: null, uri: '', event_id: '', 'builder.id': 'airlock/quarantine-scan' },
    scanner: {
      uri: 'pkg:github/aquasecurity/trivy@0.44.1',
      version: '0.44.1',
      db: { uri: fixture.dbRepository, version: '' },
      result: {
        verdict,
        reasons:
          verdict === 'fail' ? [{ code: 'blocking-findings', message: 'CVE-2099-1001 is CRITICAL' }] : [],
        mode: options.mode ?? 'trivy',
        ...(options.mode === 'report' ? { imported: true } : {}),
        covers: options.covers ?? (await allManifests(app, digest)),
        findings: [],
      },
    },
    metadata: { scanStartedOn: scannedAt, scanFinishedOn: scannedAt },
  };
  const written = await writeRecord({
    repository: target,
    subject,
    statement: buildStatement(
      subjectOf(options.subjectName ?? `${host}/${repo}`, digest),
      PredicateType.vulnerability,
      predicate,
    ),
    ...(options.signer ? { signer: options.signer } : {}),
    logger: silentLogger,
  });
  return written.descriptor.digest;
}

// ---- the fallback index, edited as anyone with push can ------------------------------------------------

const fallbackTag = (digest: string) => digest.replace(':', '-');

async function readFallbackIndex(repo: string, digest: string): Promise<ImageIndex> {
  const response = await fetch(`http://${host}/v2/${repo}/manifests/${fallbackTag(digest)}`, {
    headers: { accept: MediaType.ociIndex },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as ImageIndex;
}

/** Rewrites the `sha256-<hex>` index with a plain HTTP PUT. */
async function editFallbackIndex(
  repo: string,
  digest: string,
  edit: (entries: Descriptor[]) => Descriptor[],
): Promise<void> {
  const index = await readFallbackIndex(repo, digest);
  index.manifests = edit(index.manifests);
  const response = await fetch(`http://${host}/v2/${repo}/manifests/${fallbackTag(digest)}`, {
    method: 'PUT',
    headers: { 'content-type': MediaType.ociIndex },
    body: JSON.stringify(index),
  });
  expect(response.status).toBe(201);
}

/** Puts raw JSON bytes as a blob (plain HTTP, monolithic upload). */
async function putBlob(repo: string, bytes: Buffer, mediaType: string): Promise<Descriptor> {
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  const start = await fetch(`http://${host}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  const location = new URL(start.headers.get('location')!, `http://${host}`);
  location.searchParams.set('digest', digest);
  const done = await fetch(location, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  expect(done.status).toBe(201);
  return { mediaType, digest, size: bytes.length };
}

/** Puts a manifest (plain HTTP), by tag; returns its descriptor. */
async function putManifest(repo: string, manifest: object, tag: string): Promise<Descriptor> {
  const bytes = Buffer.from(JSON.stringify(manifest));
  const mediaType = (manifest as { mediaType: string }).mediaType;
  const response = await fetch(`http://${host}/v2/${repo}/manifests/${tag}`, {
    method: 'PUT',
    headers: { 'content-type': mediaType },
    body: bytes,
  });
  expect(response.status).toBe(201);
  return {
    mediaType,
    digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
    size: bytes.length,
  };
}

/** A single-platform image pushed by tag; its manifest descriptor. */
async function pushChild(app: string, spec: PlatformSpec): Promise<Descriptor> {
  const tag = `child-${++counter}`;
  const digest = await pushImage(app, [spec], tag);
  const size = skopeoInspectRaw(`${host}/quarantine/${app}@${digest}`).length;
  return { mediaType: MediaType.ociManifest, digest, size };
}

/** A real attestation manifest (buildx's shape: an in-toto layer, no filesystem) about `about`. */
async function pushAttestationManifest(app: string, about: string): Promise<Descriptor> {
  const repo = `quarantine/${app}`;
  const config = await putBlob(repo, Buffer.from('{}'), MediaType.ociEmpty);
  const statement = buildStatement(subjectOf('provenance', about), 'https://slsa.dev/provenance/v0.2', {});
  const layer = await putBlob(repo, Buffer.from(JSON.stringify(statement)), MediaType.inToto);
  return putManifest(
    repo,
    { schemaVersion: 2, mediaType: MediaType.ociManifest, config, layers: [layer] },
    `att-${++counter}`,
  );
}

async function pushIndex(app: string, manifests: Descriptor[], tag = 'src'): Promise<string> {
  const index = { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests };
  return (await putManifest(`quarantine/${app}`, index, tag)).digest;
}

// ---- the attacks -------------------------------------------------------------------------------------

describe('§1 suppressing a record through the fallback index', () => {
  it('1a: the signed fail removed from the index, an older signed pass left: refused with verdict-record', async () => {
    const app = 'a1a';
    const digest = await twoPlatformImage(app);
    await attachVerdict(app, digest, 'pass', { signer: signerFor(ours()), scannedAt: daysAgo(1) });
    const fail = await attachVerdict(app, digest, 'fail', { signer: signerFor(ours()) });
    await editFallbackIndex(`quarantine/${app}`, digest, (entries) =>
      entries.filter((e) => e.digest !== fail),
    );

    const refused = await promote(app, digest, { 'verdict-record': fail });
    expect({ reason: refused.outputs.reason, exit: refused.exitCode }).toEqual({
      reason: 'verdict-record-mismatch',
      exit: 1,
    });
    expect(refused.errors[0]).toMatch(/not attached/);
    // Without verdict-record the suppression still works (docs/trust.md says so): the reusable
    // workflow always passes it.
    const without = await promote(app, digest);
    expect(promoted(without)).toBe(true);
  });

  it('1b: the signed fail removed, an unsigned pass left, the job has id-token: untrusted-signer', async () => {
    const app = 'a1b';
    const digest = await twoPlatformImage(app);
    await attachVerdict(app, digest, 'pass');
    const fail = await attachVerdict(app, digest, 'fail', { signer: signerFor(ours()) });
    await editFallbackIndex(`quarantine/${app}`, digest, (entries) =>
      entries.filter((e) => e.digest !== fail),
    );
    const run = await promote(app, digest);
    expect(run.outputs.reason).toBe('untrusted-signer');
    expect(run.errors[0]).toMatch(/signed verdicts are required/);
  });

  it.each([
    [
      'artifactType and annotations stripped',
      (e: Descriptor): Descriptor => ({ mediaType: e.mediaType, digest: e.digest, size: e.size }),
    ],
    [
      'relabelled as an SBOM',
      (e: Descriptor): Descriptor => ({
        ...e,
        artifactType: 'application/vnd.cyclonedx+json',
        annotations: { 'dev.sigstore.bundle.predicateType': 'https://cyclonedx.org/bom' },
      }),
    ],
  ])('1c: the fail’s index entry %s: verdict-fail', async (_name, relabel) => {
    const app = `a1c-${++counter}`;
    const digest = await twoPlatformImage(app);
    await attachVerdict(app, digest, 'pass', { signer: signerFor(ours()), scannedAt: daysAgo(1) });
    const fail = await attachVerdict(app, digest, 'fail', { signer: signerFor(ours()) });
    await editFallbackIndex(`quarantine/${app}`, digest, (entries) =>
      entries.map((e) => (e.digest === fail ? relabel(e) : e)),
    );
    const run = await promote(app, digest);
    expect(run.outputs.reason).toBe('verdict-fail');
    expect(run.errors[0]).toContain(fail);
  });
});

describe('§2 platform children hidden from the scanner', () => {
  it.each([
    ['annotated as an attestation manifest', { 'vnd.docker.reference.type': 'attestation-manifest' }, true],
    ['listed with no platform', undefined, false],
    ['with os unknown', undefined, 'unknown'],
  ] as const)(
    '2a: a runnable child %s, left out of the record: verdict-incomplete',
    async (_name, annotations, platform) => {
      const app = `a2a-${++counter}`;
      const amd64 = await pushChild(app, filePlatform('amd64', app));
      const hidden = await pushChild(app, filePlatform('amd64', `${app} hidden`));
      const entry: Descriptor = {
        ...hidden,
        ...(annotations
          ? { annotations: { ...annotations, 'vnd.docker.reference.digest': amd64.digest } }
          : {}),
        ...(platform === true ? { platform: { os: 'unknown', architecture: 'unknown' } } : {}),
        ...(platform === 'unknown' ? { platform: { os: 'unknown', architecture: 'amd64' } } : {}),
      };
      const digest = await pushIndex(app, [
        { ...amd64, platform: { os: 'linux', architecture: 'amd64' } },
        entry,
      ]);
      // What a scanner that skips such children records: the index and the amd64 image only.
      const record = await attachVerdict(app, digest, 'pass', {
        signer: signerFor(ours()),
        covers: [digest, amd64.digest],
      });
      const run = await promote(app, digest, { 'verdict-record': record });
      expect(run.outputs.reason).toBe('verdict-incomplete');
      expect(run.errors[0]).toContain(hidden.digest);
    },
  );

  it('2b/2c: real Trivy scans a vulnerable child disguised as an attestation, skips a real attestation by content', async () => {
    const app = 'a2b';
    const clean = await pushChild(app, {
      architecture: 'amd64',
      layers: [alpineLayer('3.18.4', [{ name: 'alpine-baselayout', version: '3.4.3-r1' }])],
    });
    const vulnerable = await pushChild(app, {
      architecture: 'amd64',
      layers: [alpineLayer('3.18.4', [{ name: 'openssl', version: '3.1.1-r0' }])],
    });
    const attestation = await pushAttestationManifest(app, clean.digest);
    const marker = {
      'vnd.docker.reference.type': 'attestation-manifest',
      'vnd.docker.reference.digest': clean.digest,
    };
    const unknown = { os: 'unknown', architecture: 'unknown' };
    const disguised = await pushIndex(
      app,
      [
        { ...clean, platform: { os: 'linux', architecture: 'amd64' } },
        { ...vulnerable, platform: unknown, annotations: marker },
        { ...attestation, platform: unknown, annotations: marker },
      ],
      'disguised',
    );
    const scanned = await scan(`${host}/quarantine/${app}@${disguised}`);
    expect({
      verdict: scanned.outputs.verdict,
      log: scanned.outputs.verdict === 'fail' ? '' : explain(scanned),
    }).toEqual({
      verdict: 'fail',
      log: '',
    });
    expect(scanned.stdout).toContain(`${vulnerable.digest} is annotated as an attestation`);
    const refused = await promote(app, disguised, { 'verdict-record': scanned.outputs['record-digest']! });
    expect(refused.outputs.reason).toBe('verdict-fail');

    // 2c: the same index without the disguised child: the real attestation is skipped by its content.
    const honest = await pushIndex(
      app,
      [
        { ...clean, platform: { os: 'linux', architecture: 'amd64' } },
        { ...attestation, platform: unknown, annotations: marker },
      ],
      'honest',
    );
    const passed = await scan(`${host}/quarantine/${app}@${honest}`);
    expect(passed.outputs.verdict).toBe('pass');
    expect(passed.stdout).toContain(`${attestation.digest}: an attestation`);
    const run = await promote(app, honest, { 'verdict-record': passed.outputs['record-digest']! });
    expect({ promoted: promoted(run), log: promoted(run) ? '' : explain(run) }).toEqual({
      promoted: true,
      log: '',
    });
  });

  it('2d: a scan of linux/amd64 only, of a two-platform index: verdict-incomplete', async () => {
    const app = 'a2d';
    const clean = (architecture: string, apk: string): PlatformSpec => ({
      architecture,
      layers: [alpineLayer('3.18.4', [{ name: 'alpine-baselayout', version: '3.4.3-r1' }], apk)],
    });
    const digest = await pushImage(app, [clean('amd64', 'x86_64'), clean('arm64', 'aarch64')]);
    const scanned = await scan(`${host}/quarantine/${app}@${digest}`, { platforms: 'linux/amd64' });
    expect(scanned.outputs.verdict).toBe('pass');
    const run = await promote(app, digest, { 'verdict-record': scanned.outputs['record-digest']! });
    expect(run.outputs.reason).toBe('verdict-incomplete');
  });
});

describe('§3 verdicts from upstream, dated in the future, or about another repository', () => {
  it('3a: an upstream unsigned pass dated 2099 and a publisher-signed pass are not mirrored; our fail stands', async () => {
    // Upstream: the vulnerable alpine image with two forged verdicts, one naming our quarantine repository.
    const upstream = 'upstream/a3a';
    const built = join(work, 'a3a');
    await writeImageLayout(built, 'src', [
      { architecture: 'amd64', layers: [alpineLayer('3.18.4', [{ name: 'openssl', version: '3.1.1-r0' }])] },
    ]);
    pushLayout(built, 'src', `${host}/${upstream}:src`);
    const digest = (await repository(upstream).resolve('src'))!.digest;
    const forgedUnsigned = await attachVerdict(
      'a3a',
      digest,
      'pass',
      { scannedAt: '2099-01-01T00:00:00Z', subjectName: `${host}/quarantine/a3a`, covers: [digest] },
      upstream,
    );
    const forgedSigned = await attachVerdict(
      'a3a',
      digest,
      'pass',
      { signer: signerFor('publisher/image/.github/workflows/release.yml@refs/tags/v1'), covers: [digest] },
      upstream,
    );
    const mirrored = await runActionBundle(
      'mirror',
      {
        source: `${host}/${upstream}:src`,
        destination: `${host}/quarantine/a3a:src`,
        'insecure-registries': host,
      },
      {},
    );
    expect({ exit: mirrored.exitCode, log: mirrored.exitCode === 0 ? '' : explain(mirrored) }).toEqual({
      exit: 0,
      log: '',
    });
    expect(mirrored.stdout).toContain(`${forgedUnsigned} of ${digest} not copied`);
    expect(mirrored.stdout).toContain(`${forgedSigned} of ${digest} not copied`);
    const scanned = await scan(`${host}/quarantine/a3a@${digest}`);
    expect(scanned.outputs.verdict).toBe('fail');
    const run = await promote('a3a', digest);
    expect(run.outputs.reason).toBe('verdict-fail');
  });

  it.each([
    ['unsigned', false],
    ['signed by our own workflow', true],
  ])(
    '3b: a pass dated 2099 in quarantine (%s), beside our fail: ignored, reported, verdict-fail',
    async (_name, signed) => {
      const app = `a3b-${++counter}`;
      const digest = await twoPlatformImage(app);
      const signer = signed ? signerFor(ours()) : undefined;
      const future = await attachVerdict(app, digest, 'pass', {
        scannedAt: '2099-01-01T00:00:00Z',
        ...(signer ? { signer } : {}),
      });
      await attachVerdict(app, digest, 'fail', signer ? { signer } : {});
      const run = await promote(app, digest, {}, signed);
      expect(run.outputs.reason).toBe('verdict-fail');
      expect(run.stdout).toContain(`ignored scan record ${future}`);
    },
  );

  it('3c: an unsigned pass whose subject names another repository: no-verdict', async () => {
    const app = 'a3c';
    const digest = await twoPlatformImage(app);
    await attachVerdict(app, digest, 'pass', { subjectName: 'docker.io/publisher/image' });
    const run = await promote(app, digest, {}, false);
    expect(run.outputs.reason).toBe('no-verdict');
    expect(run.errors[0]).toContain('docker.io/publisher/image');
  });

  it('3 control: an unsigned pass written for this repository, no OIDC in the job: promoted with a CAUTION', async () => {
    const app = 'a3-control';
    const digest = await twoPlatformImage(app);
    await attachVerdict(app, digest, 'pass');
    const run = await promote(app, digest, {}, false);
    expect(promoted(run)).toBe(true);
    expect(run.summary).toContain('[!CAUTION]');
  });
});

describe('§4 the trusted identity', () => {
  it('4a: a verdict signed on refs/pull/7/merge, even with verdict-identity *: untrusted-signer', async () => {
    const app = 'a4a';
    const digest = await twoPlatformImage(app);
    await attachVerdict(app, digest, 'pass', {
      signer: signerFor(ours().replace('refs/heads/main', 'refs/pull/7/merge')),
    });
    const run = await promote(app, digest, { 'verdict-identity': '*' });
    expect(run.outputs.reason).toBe('untrusted-signer');
    expect(run.errors[0]).toMatch(/pull-request/);
  });

  it.each([
    [
      'another workflow of the repository',
      'example/airlock-test/.github/workflows/other.yml@refs/heads/main',
    ],
    [
      'the same file on a feature branch',
      'example/airlock-test/.github/workflows/quarantine.yml@refs/heads/feature',
    ],
  ])('4b: a verdict signed by %s: untrusted-signer', async (_name, workflowRef) => {
    const app = `a4b-${++counter}`;
    const digest = await twoPlatformImage(app);
    await attachVerdict(app, digest, 'pass', { signer: signerFor(workflowRef) });
    const run = await promote(app, digest);
    expect(run.outputs.reason).toBe('untrusted-signer');
  });

  it('4c: the reusable workflow at its pinned ref, run for a pull request: untrusted-signer', async () => {
    const app = 'a4c';
    const reusable = 'airlock-org/airlock/.github/workflows/quarantine.yml@refs/tags/v1';
    const digest = await twoPlatformImage(app);
    await attachVerdict(app, digest, 'pass', { signer: signerFor(reusable, { ref: 'refs/pull/7/merge' }) });
    const inputs = {
      image: `${host}/quarantine/${app}@${digest}`,
      destination: `${host}/trusted/${app}`,
      tags: 'v1',
      'insecure-registries': host,
      ...sigstoreInputs(),
    };
    const run = await runActionBundle('promote', inputs, stack.oidcEnv(reusable));
    expect(run.outputs.reason).toBe('untrusted-signer');
    expect(run.errors[0]).toContain('refs/pull/7/merge');
    // The control: the same reusable workflow run for a branch is trusted.
    await attachVerdict(app, digest, 'pass', { signer: signerFor(reusable) });
    expect(promoted(await runActionBundle('promote', inputs, stack.oidcEnv(reusable)))).toBe(true);
  });

  it('4d: sigstore auto with the visibility unknown: a configuration error before any work', async () => {
    const missing = `${host}/quarantine/no-such-image@sha256:${'0'.repeat(64)}`;
    for (const [action, inputs] of [
      ['promote', { image: missing, destination: `${host}/trusted/x`, tags: 'v1' }],
      ['quarantine-scan', { image: missing }],
    ] as const) {
      const run = await runActionBundle(action, { ...inputs, 'insecure-registries': host }, stack.oidcEnv());
      expect(run.exitCode).toBe(1);
      expect(run.errors).toHaveLength(1);
      expect(run.errors[0]).toMatch(/'sigstore' is auto.*public or private/);
    }
    // With the visibility in the event payload, the same inputs get as far as the registry.
    const event = join(work, 'event.json');
    writeFileSync(event, JSON.stringify({ repository: { private: false } }));
    const run = await runActionBundle(
      'promote',
      { image: missing, destination: `${host}/trusted/x`, tags: 'v1', 'insecure-registries': host },
      { ...stack.oidcEnv(), GITHUB_EVENT_PATH: event },
    );
    expect(run.errors[0]).not.toMatch(/sigstore/);
  });
});

describe('§6 imported reports', () => {
  let reportFor: (pinned: string) => string;
  beforeAll(() => {
    reportFor = (pinned: string) => {
      const file = join(work, `report-${++counter}.json`);
      execFileSync(fixture.trivyPath, [
        'image',
        '--cache-dir',
        join(work, 'trivy-cache'),
        '--db-repository',
        fixture.dbRepository,
        '--insecure',
        '--scanners',
        'vuln',
        '--format',
        'json',
        '--output',
        file,
        pinned,
      ]);
      return file;
    };
  });

  it('6a: a report about another image is refused, and no record is written', async () => {
    const report = reportFor(fixture.images.alpineClean.pinned);
    const target = fixture.images.debian;
    const before = await readRecords({
      repository: client.repository(parseReference(target.reference)),
      digest: target.digest,
      logger: silentLogger,
    });
    const run = await scan(target.pinned, { scanner: 'report', 'report-file': report, 'trivy-path': '' });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/is not a report about/);
    const after = await readRecords({
      repository: client.repository(parseReference(target.reference)),
      digest: target.digest,
      logger: silentLogger,
    });
    expect(after.length).toBe(before.length);
  });

  it('6b: a verdict from an imported report: verdict-imported unless allow-imported-verdicts', async () => {
    const image = fixture.images.alpineClean;
    const scanned = await scan(image.pinned, {
      scanner: 'report',
      'report-file': reportFor(image.pinned),
      'trivy-path': '',
    });
    expect({
      verdict: scanned.outputs.verdict,
      log: scanned.outputs.verdict === 'pass' ? '' : explain(scanned),
    }).toEqual({
      verdict: 'pass',
      log: '',
    });
    expect(scanned.summary).toContain('imported report');
    const inputs = {
      image: image.pinned,
      destination: `${host}/trusted/a6b`,
      tags: 'v1',
      'insecure-registries': host,
      'verdict-record': scanned.outputs['record-digest']!,
      ...sigstoreInputs(),
    };
    const refused = await runActionBundle('promote', inputs, jobEnv());
    expect(refused.outputs.reason).toBe('verdict-imported');
    const allowed = await runActionBundle(
      'promote',
      { ...inputs, 'allow-imported-verdicts': 'true' },
      jobEnv(),
    );
    expect({ promoted: promoted(allowed), log: promoted(allowed) ? '' : explain(allowed) }).toEqual({
      promoted: true,
      log: '',
    });
  });
});

describe('§7 the reusable workflow', () => {
  interface Step {
    id?: string;
    uses?: string;
    run?: string;
    with?: Record<string, string>;
    env?: Record<string, string>;
  }
  const workflow = parseYaml(readFileSync(join(repoRoot, '.github/workflows/quarantine.yml'), 'utf8')) as {
    jobs: Record<string, { permissions: Record<string, string>; steps: Step[] }>;
  };
  const job = workflow.jobs.quarantine!;

  it('has no ${{ }} inside run:, no unused permission, and passes verdict-record from scan to promote', () => {
    for (const step of job.steps) if (step.run) expect(step.run).not.toContain('${{');
    expect(Object.keys(job.permissions).sort()).toEqual([
      'contents',
      'id-token',
      'packages',
      'security-events',
    ]);
    const promoteStep = job.steps.find((step) => step.id === 'promote')!;
    expect(promoteStep.with?.['verdict-record']).toBe('${{ steps.scan.outputs.record-digest }}');
    // The actions run from the workflow's own commit, not a movable tag.
    const checkout = job.steps.find((step) => step.with?.path === '.airlock')!;
    expect(checkout.with?.ref).toBe('${{ steps.self.outputs.sha }}');
    expect(checkout.with?.repository).toBe('${{ steps.self.outputs.repository }}');
  });

  it('reads its own repository and commit from the OIDC token (the step run against the loopback token server)', async () => {
    const self = job.steps.find((step) => step.id === 'self')!;
    const output = join(work, 'self-output');
    writeFileSync(output, '');
    // Asynchronously: the token server runs in this process.
    await promisify(execFile)('bash', ['-eo', 'pipefail', '-c', self.run!], {
      env: { PATH: process.env.PATH ?? '', GITHUB_OUTPUT: output, ...stack.oidcEnv() },
    });
    const outputs = Object.fromEntries(
      readFileSync(output, 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split('=') as [string, string]),
    );
    expect(outputs.repository).toBe('example/airlock-test');
    expect(outputs.sha).toBe(createHash('sha1').update(ours()).digest('hex'));
  });
});

describe('§8 scanner: sbom trusts only allowed SBOMs', () => {
  let sbomOf: (pinned: string) => object;
  const vulnerable = () => fixture.images.alpine;
  beforeAll(() => {
    sbomOf = (pinned: string) =>
      JSON.parse(
        execFileSync(fixture.trivyPath, [
          'image',
          '--cache-dir',
          join(work, 'trivy-cache'),
          '--db-repository',
          fixture.dbRepository,
          '--insecure',
          '--format',
          'cyclonedx',
          pinned,
        ]).toString(),
      ) as object;
  });

  /** An SBOM that leaves every package out: the forgery. */
  const emptySbom = () => ({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1, components: [] });

  async function attachSbom(
    repo: string,
    digest: string,
    sbom: object,
    signer?: RecordSigner,
    name = `${host}/${repo}`,
  ): Promise<string> {
    const target = repository(repo);
    const written = await writeRecord({
      repository: target,
      subject: (await target.resolve(digest))!,
      statement: buildStatement(subjectOf(name, digest), 'https://cyclonedx.org/bom', sbom),
      ...(signer ? { signer } : {}),
      logger: silentLogger,
    });
    return written.descriptor.digest;
  }

  /** The vulnerable alpine image copied into its own quarantine repository. */
  async function quarantined(app: string): Promise<{ repo: string; digest: string; pinned: string }> {
    const repo = `quarantine/${app}`;
    execFileSync('skopeo', [
      'copy',
      '--quiet',
      '--src-tls-verify=false',
      '--dest-tls-verify=false',
      `docker://${vulnerable().pinned}`,
      `docker://${host}/${repo}:src`,
    ]);
    return { repo, digest: vulnerable().digest, pinned: `${host}/${repo}@${vulnerable().digest}` };
  }

  it('8a: upstream SBOMs that omit the vulnerable package, mirrored, are not used: missing-sbom, then verdict-fail', async () => {
    const upstream = 'upstream/a8a';
    execFileSync('skopeo', [
      'copy',
      '--quiet',
      '--src-tls-verify=false',
      '--dest-tls-verify=false',
      `docker://${vulnerable().pinned}`,
      `docker://${host}/${upstream}:src`,
    ]);
    const digest = vulnerable().digest;
    const namingUs = await attachSbom(upstream, digest, emptySbom(), undefined, `${host}/quarantine/a8a`);
    await attachSbom(
      upstream,
      digest,
      emptySbom(),
      signerFor('publisher/image/.github/workflows/release.yml@refs/tags/v1'),
    );
    const mirrored = await runActionBundle(
      'mirror',
      {
        source: `${host}/${upstream}:src`,
        destination: `${host}/quarantine/a8a:src`,
        'insecure-registries': host,
      },
      {},
    );
    expect(mirrored.exitCode).toBe(0);
    expect(mirrored.stdout).toContain(`${namingUs} of ${digest} not copied: it is an unsigned statement`);
    const scanned = await scan(`${host}/quarantine/a8a@${digest}`, { scanner: 'sbom' });
    expect(scanned.outputs.verdict).toBe('fail');
    expect(scanned.summary).toContain('no trusted SBOM');
    const run = await promote('a8a', digest, { 'verdict-record': scanned.outputs['record-digest']! });
    expect(run.outputs.reason).toBe('verdict-fail');
  });

  it('8b: an unsigned forged SBOM in quarantine, job has id-token: not used (the control, without id-token: used, with a CAUTION)', async () => {
    const { repo, digest, pinned } = await quarantined('a8b');
    await attachSbom(repo, digest, emptySbom());
    const signed = await scan(pinned, { scanner: 'sbom' });
    expect(signed.outputs.verdict).toBe('fail');
    expect(signed.stdout).toMatch(/unsigned and this job signs: not used/);
    const unsignedJob = await scan(pinned, { scanner: 'sbom' }, false);
    expect(unsignedJob.outputs.verdict).toBe('pass');
    expect(unsignedJob.summary).toContain('[!CAUTION]');
  });

  it('8c: an SBOM signed on refs/pull/7/merge, or in a run for a PR, is not used even when sbom-identity allows it', async () => {
    const { repo, digest, pinned } = await quarantined('a8c');
    await attachSbom(
      repo,
      digest,
      emptySbom(),
      signerFor(ours().replace('refs/heads/main', 'refs/pull/7/merge')),
    );
    await attachSbom(repo, digest, emptySbom(), signerFor(ours(), { ref: 'refs/pull/7/merge' }));
    const run = await scan(pinned, { scanner: 'sbom', 'sbom-identity': '*' });
    expect(run.outputs.verdict).toBe('fail');
    expect(run.stdout.match(/signed in a pull-request run/g)?.length).toBe(2);
  });

  it('8d: a signed SBOM of the image gives the same verdict and counts as scanner: trivy, a newer forgery beside it notwithstanding', async () => {
    const { repo, digest, pinned } = await quarantined('a8d');
    await attachSbom(repo, digest, sbomOf(vulnerable().pinned), signerFor(ours()), `${host}/${repo}`);
    // The forgery, attached after it (newer): unsigned, naming this repository, leaving every package out.
    await attachSbom(repo, digest, emptySbom());
    const counts = (run: ActionRun) =>
      ['verdict', 'critical', 'high', 'medium', 'low', 'blocking'].map((key) => run.outputs[key]);
    const [trivy, sbom] = [await scan(pinned), await scan(pinned, { scanner: 'sbom' })];
    expect(sbom.stdout).toContain('signed by https://github.com/example/airlock-test');
    expect(sbom.stdout).toMatch(/unsigned and this job signs: not used/);
    expect(counts(sbom)).toEqual(counts(trivy));
    expect(trivy.outputs.verdict).toBe('fail');
  });
});
