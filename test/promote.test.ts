import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  SigstoreStack,
  TestRegistry,
  digestOf,
  pushLayout,
  runActionBundle,
  skopeoInspectRaw,
  writeImageLayout,
  type ActionRun,
} from '@airlock/testkit';
import {
  PredicateType,
  RegistryClient,
  buildStatement,
  parseReference,
  readRecords,
  silentLogger,
  subjectOf,
  writeRecord,
  type ImageIndex,
  type RecordSigner,
} from '@airlock/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The promote action end to end, run from its committed bundle as the runner runs it, against a real
// registry: scan records are attached by the test with the records writer (the vuln predicate in the
// shape quarantine-scan writes), and skopeo checks what lands in the trusted repository.

let registry: TestRegistry;
let client: RegistryClient;
let work: string;
let host: string;
let counter = 0;

beforeAll(async () => {
  registry = await TestRegistry.start();
  host = registry.host;
  client = new RegistryClient({ insecureRegistries: [host] });
  work = mkdtempSync(join(tmpdir(), 'airlock-promote-e2e-'));
});
afterAll(async () => {
  await client?.close();
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const repository = (name: string) => client.repository(parseReference(`${host}/${name}`));

/** Pushes a fresh two-platform image to `quarantine/<app>:<tag>`; returns its digest. */
async function pushImage(app: string, tag: string): Promise<string> {
  const dir = join(work, `image-${++counter}`);
  const built = await writeImageLayout(dir, tag, [
    { architecture: 'amd64', layers: [{ files: { 'app/id': `${app} ${tag} ${counter}` } }] },
    { architecture: 'arm64', layers: [{ files: { 'app/id': `${app} ${tag} ${counter} arm` } }] },
  ]);
  pushLayout(dir, tag, `${host}/quarantine/${app}:${tag}`);
  return built.digest;
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/** Attaches a scan record to the digest, as quarantine-scan does: cosign's vuln predicate with the verdict. */
async function attachVerdict(
  app: string,
  digest: string,
  verdict: 'pass' | 'fail',
  scannedAt = daysAgo(0),
  signer?: RecordSigner,
): Promise<string> {
  const repo = repository(`quarantine/${app}`);
  const subject = (await repo.resolve(digest))!;
  const { manifest } = await repo.getManifest(digest);
  const covers = [
    digest,
    ...('manifests' in manifest ? manifest.manifests.map((child) => child.digest) : []),
  ];
  const predicate = {
    invocation: {
      parameters: null,
      uri: 'https://github.com/example/airlock-test/actions/runs/1',
      event_id: '1',
      'builder.id': 'airlock',
    },
    scanner: {
      uri: 'pkg:github/aquasecurity/trivy@0.44.1',
      version: '0.44.1',
      db: { uri: 'pkg:oci/trivy-db', version: '2026-11-23T00:00:00Z' },
      result: {
        verdict,
        reasons: verdict === 'fail' ? [{ code: 'blocking', message: 'CVE-2026-0001 is HIGH' }] : [],
        covers,
        findings: [],
      },
    },
    metadata: { scanStartedOn: scannedAt, scanFinishedOn: scannedAt },
  };
  const written = await writeRecord({
    repository: repo,
    subject,
    statement: buildStatement(
      subjectOf(`${host}/quarantine/${app}`, digest),
      PredicateType.vulnerability,
      predicate,
    ),
    ...(signer ? { signer } : {}),
    logger: silentLogger,
  });
  return written.descriptor.digest;
}

function promote(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
  return runActionBundle('promote', { 'insecure-registries': host, ...inputs }, env);
}

function explain(run: ActionRun): string {
  return `exit ${run.exitCode}\n${run.stdout}\n${run.stderr}`;
}

function tagExists(reference: string): boolean {
  try {
    skopeoInspectRaw(reference);
    return true;
  } catch {
    return false;
  }
}

/** The referrer manifests listed in the `sha256-<hex>` fallback index of a digest (distribution 2.8 has no API). */
function fallbackReferrers(repo: string, digest: string): ImageIndex['manifests'] {
  const raw = skopeoInspectRaw(`${host}/${repo}:${digest.replace(':', '-')}`);
  return (JSON.parse(raw.toString()) as ImageIndex).manifests;
}

describe('promote (end to end)', () => {
  it('promotes a passing image by digest, with its referrers and a promotion record', async () => {
    const digest = await pushImage('web', '1.0');
    const verdictRecord = await attachVerdict('web', digest, 'pass');
    const run = await promote({
      image: `${host}/quarantine/web:1.0@${digest}`,
      destination: `${host}/trusted/web`,
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({
      promoted: 'true',
      digest,
      image: `${host}/trusted/web@${digest}`,
      tags: '1.0',
      reason: '',
    });
    const promoted = skopeoInspectRaw(`${host}/trusted/web:1.0`);
    expect(digestOf(promoted)).toBe(digest);

    const referrers = fallbackReferrers('trusted/web', digest);
    expect(referrers.map((entry) => entry.digest)).toContain(verdictRecord);
    expect(referrers.map((entry) => entry.digest)).toContain(run.outputs['record-digest']);
    const records = await readRecords({
      repository: repository('trusted/web'),
      digest,
      predicateType: PredicateType.promotion,
      logger: silentLogger,
    });
    expect(records[0]!.statement.predicate).toMatchObject({
      from: `${host}/quarantine/web@${digest}`,
      to: `${host}/trusted/web@${digest}`,
      verdictRecord,
      verdict: 'pass',
      runUrl: 'https://github.com/example/airlock-test/actions/runs/1',
    });
    expect(run.summary).toContain('1 of 1 promoted');
    expect(run.stdout).toMatch(/unsigned/);
  });

  it.each([
    ['a failing verdict', 'fail', daysAgo(0), 'verdict-fail'],
    ['no scan record', undefined, undefined, 'no-verdict'],
    ['a verdict older than max-verdict-age', 'pass', daysAgo(3), 'verdict-expired'],
  ] as const)('refuses %s', async (_name, verdict, scannedAt, reason) => {
    const app = `refused-${reason}`;
    const digest = await pushImage(app, '1.0');
    if (verdict) await attachVerdict(app, digest, verdict, scannedAt);
    const run = await promote({
      image: `${host}/quarantine/${app}:1.0@${digest}`,
      destination: `${host}/trusted/${app}`,
      'max-verdict-age': '2d',
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ promoted: 'false', reason, digest });
    expect(run.errors.join('\n')).toContain(reason);
    expect(run.summary).toContain(reason);
    expect(tagExists(`${host}/trusted/${app}:1.0`)).toBe(false);
  });

  it('refuses a digest whose quarantine tag moved after the scan', async () => {
    const scanned = await pushImage('moved', '1.0');
    await attachVerdict('moved', scanned, 'pass');
    const now = await pushImage('moved', '1.0');
    const run = await promote({
      image: `${host}/quarantine/moved:1.0@${scanned}`,
      destination: `${host}/trusted/moved`,
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.reason).toBe('tag-moved');
    expect(run.errors[0]).toContain(now);
    expect(tagExists(`${host}/trusted/moved:1.0`)).toBe(false);
  });

  it('does not overwrite an existing tag, and moves it only when asked, recording what it left', async () => {
    const first = await pushImage('stable', '2.0');
    await attachVerdict('stable', first, 'pass');
    expect(
      (await promote({ image: `${host}/quarantine/stable:2.0`, destination: `${host}/trusted/stable` }))
        .exitCode,
    ).toBe(0);
    const second = await pushImage('stable', '2.0');
    await attachVerdict('stable', second, 'pass');

    const refused = await promote({
      image: `${host}/quarantine/stable:2.0`,
      destination: `${host}/trusted/stable`,
    });
    expect(refused.exitCode).toBe(1);
    expect(refused.outputs.reason).toBe('tag-exists');
    expect(refused.errors[0]).toContain('overwrite-tags');
    expect(digestOf(skopeoInspectRaw(`${host}/trusted/stable:2.0`))).toBe(first);

    const moved = await promote({
      image: `${host}/quarantine/stable:2.0`,
      destination: `${host}/trusted/stable`,
      'overwrite-tags': 'true',
    });
    expect(moved.exitCode).toBe(0);
    expect(digestOf(skopeoInspectRaw(`${host}/trusted/stable:2.0`))).toBe(second);
    const lifecycle = await readRecords({
      repository: repository('trusted/stable'),
      digest: first,
      predicateType: PredicateType.lifecycle,
      logger: silentLogger,
    });
    expect(lifecycle[0]!.statement.predicate).toMatchObject({
      event: 'superseded',
      tag: '2.0',
      supersededBy: second,
    });
    expect(moved.summary).toContain('moved from');
  });

  it('promotes every tag of a quarantine repository on its own verdict (batch)', async () => {
    const good = await pushImage('batch', 'good');
    await attachVerdict('batch', good, 'pass');
    const other = await pushImage('batch', 'also-good');
    await attachVerdict('batch', other, 'pass');
    const bad = await pushImage('batch', 'bad');
    await attachVerdict('batch', bad, 'fail');
    await pushImage('batch', 'unscanned');

    const run = await promote({
      image: `${host}/quarantine/batch`,
      destination: `${host}/trusted/batch`,
      'source-tags': 'all',
    });
    expect(run.exitCode).toBe(1);
    const results = JSON.parse(run.outputs.results!) as {
      'source-tag': string;
      promoted: boolean;
      reason: string | null;
    }[];
    expect(results.map((result) => [result['source-tag'], result.promoted, result.reason])).toEqual([
      ['also-good', true, null],
      ['bad', false, 'verdict-fail'],
      ['good', true, null],
      ['unscanned', false, 'no-verdict'],
    ]);
    expect(digestOf(skopeoInspectRaw(`${host}/trusted/batch:good`))).toBe(good);
    expect(digestOf(skopeoInspectRaw(`${host}/trusted/batch:also-good`))).toBe(other);
    expect(tagExists(`${host}/trusted/batch:bad`)).toBe(false);
    expect(run.errors[0]).toMatch(/2 of 4 images not promoted/);

    const listed = await promote({
      image: `${host}/quarantine/batch`,
      destination: `${host}/trusted/batch-listed`,
      'source-tags': 'good, also-good',
    });
    expect(listed.exitCode).toBe(0);
    expect(listed.outputs.tags!.split('\n').sort()).toEqual(['also-good', 'good']);
  });

  it('plans in a dry run and changes nothing', async () => {
    const digest = await pushImage('dry', '1.0');
    await attachVerdict('dry', digest, 'pass');
    const run = await promote({
      image: `${host}/quarantine/dry:1.0`,
      destination: `${host}/trusted/dry`,
      'dry-run': 'true',
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ promoted: 'false', reason: 'dry-run', digest });
    expect(run.summary).toContain('dry run');
    expect(tagExists(`${host}/trusted/dry:1.0`)).toBe(false);
    expect(await repository('trusted/dry').resolve(digest)).toBeUndefined();
  });

  it('plans a refusal in a dry run without failing the step', async () => {
    const digest = await pushImage('dry-fail', '1.0');
    await attachVerdict('dry-fail', digest, 'fail');
    const run = await promote({
      image: `${host}/quarantine/dry-fail:1.0`,
      destination: `${host}/trusted/dry-fail`,
      'dry-run': 'true',
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ promoted: 'false', reason: 'verdict-fail' });
  });

  it('refuses a source tag that does not exist', async () => {
    const run = await promote({
      image: `${host}/quarantine/web:no-such-tag`,
      destination: `${host}/trusted/web`,
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.reason).toBe('not-found');
    expect(run.errors[0]).toContain('no-such-tag');
  });

  it('leaves the referrers behind with copy-referrers false, and still records the promotion', async () => {
    const digest = await pushImage('bare', '1.0');
    const verdictRecord = await attachVerdict('bare', digest, 'pass');
    const run = await promote({
      image: `${host}/quarantine/bare:1.0@${digest}`,
      destination: `${host}/trusted/bare`,
      'copy-referrers': 'false',
    });
    expect(run.exitCode).toBe(0);
    const referrers = fallbackReferrers('trusted/bare', digest).map((entry) => entry.digest);
    expect(referrers).toEqual([run.outputs['record-digest']]);
    expect(referrers).not.toContain(verdictRecord);
  });

  it('deletes the source from the registry after promotion (delete-source)', async () => {
    const digest = await pushImage('gone', '1.0');
    await attachVerdict('gone', digest, 'pass');
    const run = await promote({
      image: `${host}/quarantine/gone:1.0@${digest}`,
      destination: `${host}/trusted/gone`,
      'delete-source': 'true',
    });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.outputs.results!)[0]['source-deleted']).toBe(true);
    expect(await repository('quarantine/gone').resolve(digest)).toBeUndefined();
    expect(await repository('quarantine/gone').resolve(digest.replace(':', '-'))).toBeUndefined();
    expect(run.stdout).toMatch(/deleted .*quarantine\/gone@sha256:[0-9a-f]{64} and its referrer index/);
    expect(digestOf(skopeoInspectRaw(`${host}/trusted/gone:1.0`))).toBe(digest);
  });

  it('promotes without a verdict only when require-verdict is false, and says so', async () => {
    const digest = await pushImage('unchecked', 'latest');
    const run = await promote({
      image: `${host}/quarantine/unchecked`,
      destination: `${host}/trusted/unchecked`,
      'require-verdict': 'false',
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ promoted: 'true', digest, tags: 'latest' });
    expect(run.stdout).toMatch(/::warning::require-verdict is false/);
    expect(run.summary).toContain('no verdict required');
  });

  it('names the input in one clear error for bad inputs', async () => {
    const bad = await promote({
      image: `${host}/quarantine/x:1`,
      destination: `${host}/trusted/x`,
      'max-verdict-age': 'a week',
    });
    expect(bad.exitCode).toBe(1);
    expect(bad.errors).toEqual([expect.stringContaining("input 'max-verdict-age'")]);
    const batch = await promote({
      image: `${host}/quarantine/x:1`,
      destination: `${host}/trusted/x`,
      'source-tags': 'all',
    });
    expect(batch.errors).toEqual([expect.stringContaining("input 'image'")]);
    // A digest alone names no tag, and the tag is never taken from records anyone with push can write.
    const digestOnly = await promote({
      image: `${host}/quarantine/x@sha256:${'a'.repeat(64)}`,
      destination: `${host}/trusted/x`,
    });
    expect(digestOnly.errors).toEqual([expect.stringMatching(/input 'image' names a digest only.*'tags'/)]);
    const badRecord = await promote({
      image: `${host}/quarantine/x:1`,
      destination: `${host}/trusted/x`,
      'verdict-record': 'latest',
    });
    expect(badRecord.errors).toEqual([expect.stringContaining("input 'verdict-record'")]);
  });
});

describe('promote with Sigstore-signed verdicts (loopback Sigstore stack)', () => {
  let stack: SigstoreStack;
  beforeAll(async () => {
    stack = await SigstoreStack.start({
      workflowRef: 'example/airlock-test/.github/workflows/quarantine.yml@refs/heads/main',
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const signerFor = (workflowRef?: string) => stack.signer(workflowRef);
  const sigstoreInputs = () => stack.actionInputs();

  it('promotes a verdict signed by the workflow running the job, and signs the promotion record', async () => {
    const digest = await pushImage('signed', '1.0');
    await attachVerdict('signed', digest, 'pass', daysAgo(0), signerFor());
    const run = await promote(
      {
        image: `${host}/quarantine/signed:1.0@${digest}`,
        destination: `${host}/trusted/signed`,
        ...sigstoreInputs(),
      },
      stack.oidcEnv(),
    );
    expect({ exit: run.exitCode, log: run.exitCode === 0 ? '' : explain(run) }).toEqual({ exit: 0, log: '' });
    expect(JSON.parse(run.outputs.results!)[0]['verdict-signer']).toBe(stack.identityOf());
    const { BundleVerifier, parseTrustedRoot } = await import('@airlock/core');
    const records = await readRecords({
      repository: repository('trusted/signed'),
      digest,
      predicateType: PredicateType.promotion,
      verifier: new BundleVerifier(parseTrustedRoot(stack.trustedRoot)),
      logger: silentLogger,
    });
    expect(records[0]).toMatchObject({
      signature: 'verified',
      signer: {
        subjectAlternativeName: stack.identityOf(),
      },
    });
  });

  it('refuses a verdict signed by another repository’s workflow', async () => {
    const digest = await pushImage('foreign', '1.0');
    await attachVerdict(
      'foreign',
      digest,
      'pass',
      daysAgo(0),
      signerFor('someone/else/.github/workflows/scan.yml@refs/heads/main'),
    );
    const run = await promote({
      image: `${host}/quarantine/foreign:1.0@${digest}`,
      destination: `${host}/trusted/foreign`,
      ...sigstoreInputs(),
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.reason).toBe('untrusted-signer');
    expect(run.errors[0]).toContain('someone/else');
    expect(tagExists(`${host}/trusted/foreign:1.0`)).toBe(false);
  });

  it('trusts the workflow running the job by default: a reusable workflow scans and promotes as itself', async () => {
    const reusable = 'airlock-org/airlock/.github/workflows/quarantine.yml@refs/tags/v1';
    const same = await pushImage('reusable', '1.0');
    await attachVerdict('reusable', same, 'pass', daysAgo(0), signerFor(reusable));
    const run = await promote(
      {
        image: `${host}/quarantine/reusable:1.0@${same}`,
        destination: `${host}/trusted/reusable`,
        ...sigstoreInputs(),
      },
      stack.oidcEnv(reusable),
    );
    expect({ exit: run.exitCode, log: run.exitCode === 0 ? '' : explain(run) }).toEqual({ exit: 0, log: '' });

    // The same workflow file at another ref is another identity.
    const other = await pushImage('reusable', '2.0');
    await attachVerdict(
      'reusable',
      other,
      'pass',
      daysAgo(0),
      signerFor(reusable.replace('refs/tags/v1', 'refs/heads/dev')),
    );
    const refused = await promote(
      {
        image: `${host}/quarantine/reusable:2.0@${other}`,
        destination: `${host}/trusted/reusable`,
        ...sigstoreInputs(),
      },
      stack.oidcEnv(reusable),
    );
    expect(refused.outputs.reason).toBe('untrusted-signer');
  });

  it('refuses a verdict whose signature does not chain to the trusted root', async () => {
    const other = await SigstoreStack.start();
    try {
      const digest = await pushImage('elsewhere', '1.0');
      const otherSigner = other.signer(stack.defaultWorkflowRef);
      await attachVerdict('elsewhere', digest, 'pass', daysAgo(0), otherSigner);
      const run = await promote({
        image: `${host}/quarantine/elsewhere:1.0@${digest}`,
        destination: `${host}/trusted/elsewhere`,
        ...sigstoreInputs(),
      });
      expect(run.exitCode).toBe(1);
      expect(run.outputs.reason).toBe('untrusted-signer');
      expect(run.errors[0]).toContain("'trusted-root'");
    } finally {
      await other.stop();
    }
  });

  it('accepts another identity when verdict-identity names it', async () => {
    const digest = await pushImage('central', '1.0');
    await attachVerdict(
      'central',
      digest,
      'pass',
      daysAgo(0),
      signerFor('security/workflows/.github/workflows/scan.yml@refs/tags/v2'),
    );
    const run = await promote({
      image: `${host}/quarantine/central:1.0@${digest}`,
      destination: `${host}/trusted/central`,
      'verdict-identity': 'https://github.com/security/workflows/.github/workflows/scan.yml@refs/tags/*',
      ...sigstoreInputs(),
    });
    expect(run.exitCode).toBe(0);
  });
});

describe('promote to another registry that needs credentials', () => {
  let secured: TestRegistry;
  beforeAll(async () => {
    secured = await TestRegistry.start({ users: { releaser: 'very-secret-password' } });
  });
  afterAll(async () => {
    await secured?.stop();
  });

  it('copies across registries with destination-username/password and never prints the password', async () => {
    const digest = await pushImage('crossing', '3.1');
    await attachVerdict('crossing', digest, 'pass');
    const inputs = {
      image: `${host}/quarantine/crossing:3.1@${digest}`,
      destination: `${secured.host}/prod/crossing`,
      'insecure-registries': `${host}, ${secured.host}`,
    };
    const anonymous = await promote(inputs);
    expect(anonymous.exitCode).toBe(1);
    expect(anonymous.errors[0]).toMatch(/401|unauthori|credential/i);

    const run = await promote({
      ...inputs,
      'destination-username': 'releaser',
      'destination-password': 'very-secret-password',
    });
    expect(run.exitCode).toBe(0);
    expect(
      digestOf(skopeoInspectRaw(`${secured.host}/prod/crossing:3.1`, 'releaser:very-secret-password')),
    ).toBe(digest);
    // The runner masks what follows `::add-mask::`; nothing else may carry the password.
    const printed = (run.stdout + run.stderr + run.summary).replace(/^::add-mask::.*$/gm, '');
    expect(printed).not.toContain('very-secret-password');
    expect(run.stdout).toContain('::add-mask::very-secret-password');
  });
});
