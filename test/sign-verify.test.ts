import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleFromJSON } from '@sigstore/bundle';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import {
  SigstoreStack,
  TestRegistry,
  pushLayout,
  runActionBundle,
  skopeoInspectRaw,
  writeImageLayout,
  type ActionRun,
} from '@airlock/testkit';
import {
  CosignAnnotation,
  KeylessSigner,
  PredicateType,
  RegistryClient,
  SigstoreVerifier,
  buildStatement,
  bundleFromCosignLayer,
  cosignSignatureConfig,
  parseReference,
  parseTrustedRoot,
  silentLogger,
  simpleSigningPayload,
  subjectOf,
  writeRecord,
  type ImageManifest,
} from '@airlock/core';

// sign-keyless and verify end to end, each from its bundle in its own process as the runner runs it,
// against a real registry (distribution 2.8: no referrers API, so the tag fallback) and the loopback
// Sigstore stack (real-crypto Fulcio, Rekor and TSA; an OIDC endpoint in place of GitHub's). skopeo reads
// what was written; real cosign signatures from public data are the reference for the layout.

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/cosign');
const workflowRef = 'example/airlock-test/.github/workflows/release.yml@refs/heads/main';

let registry: TestRegistry;
let stack: SigstoreStack;
let client: RegistryClient;
let host: string;
let work: string;
let counter = 0;

beforeAll(async () => {
  [registry, stack] = await Promise.all([TestRegistry.start(), SigstoreStack.start({ workflowRef })]);
  host = registry.host;
  client = new RegistryClient({ insecureRegistries: [host] });
  work = mkdtempSync(join(tmpdir(), 'airlock-sign-verify-'));
});
afterAll(async () => {
  await client?.close();
  await registry?.stop();
  await stack?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Pushes a fresh image (`platforms` > 1: an index) to `<repo>:<tag>`; returns its digests. */
async function pushImage(repo: string, platforms = 1): Promise<{ digest: string; manifests: string[] }> {
  const dir = join(work, `image-${++counter}`);
  const architectures = ['amd64', 'arm64', 's390x'].slice(0, platforms);
  const built = await writeImageLayout(
    dir,
    'v1',
    architectures.map((architecture) => ({
      architecture,
      layers: [{ files: { 'app/id': `${repo} ${counter} ${architecture}` } }],
    })),
  );
  pushLayout(dir, 'v1', `${host}/${repo}:v1`);
  return { digest: built.digest, manifests: built.manifests };
}

const sigstoreInputs = (overrides: Record<string, string> = {}) => ({
  sigstore: 'custom',
  'fulcio-url': stack.url,
  'rekor-url': stack.url,
  'tsa-url': stack.url,
  'trusted-root': stack.trustedRootPath,
  ...overrides,
});

function sign(
  inputs: Record<string, string>,
  env: Record<string, string> = stack.oidcEnv(),
): Promise<ActionRun> {
  return runActionBundle(
    'sign-keyless',
    { 'insecure-registries': host, ...sigstoreInputs(), ...inputs },
    env,
  );
}

function verify(inputs: Record<string, string>): Promise<ActionRun> {
  return runActionBundle('verify', {
    'insecure-registries': host,
    'trusted-root': stack.trustedRootPath,
    'certificate-identity': stack.identityOf(),
    ...inputs,
  });
}

function explain(run: ActionRun): string {
  return `exit ${run.exitCode}\n${run.stdout}\n${run.stderr}`;
}

const sigTag = (digest: string) => `${digest.replace(':', '-')}.sig`;
const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

function blobOf(repo: string, digest: string): Buffer {
  return execFileSync('curl', ['-sf', `http://${host}/v2/${repo}/blobs/${digest}`]);
}

function signerFor(ref = workflowRef, other?: SigstoreStack): KeylessSigner {
  return (other ?? stack).signer(ref, { witnesses: 'rekor' });
}

describe('sign-keyless → verify (loopback Sigstore stack, real registry)', () => {
  it('signs in both layouts, as cosign stores them, and verify passes in another process', async () => {
    const { digest } = await pushImage('app/signed');
    const signed = await sign({ image: `${host}/app/signed:v1`, annotations: 'team=platform\nticket=SEC-1' });
    expect(signed.exitCode).toBe(0);
    expect(signed.outputs.digest).toBe(digest);
    expect(signed.outputs['certificate-identity']).toBe(stack.identityOf());
    expect(signed.outputs['certificate-issuer']).toBe('https://token.actions.githubusercontent.com');
    expect(signed.outputs['rekor-log-index']).toMatch(/^\d+$/);
    expect(signed.outputs['signature-digest']).toMatch(/^sha256:/);

    // The legacy .sig, read by skopeo: cosign's manifest, config, payload and annotations.
    const manifest = JSON.parse(
      skopeoInspectRaw(`${host}/app/signed:${sigTag(digest)}`).toString(),
    ) as ImageManifest;
    expect(manifest.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(manifest.layers).toHaveLength(1);
    const layer = manifest.layers[0]!;
    expect(layer.mediaType).toBe('application/vnd.dev.cosign.simplesigning.v1+json');
    const config = blobOf('app/signed', manifest.config.digest);
    expect(config.equals(cosignSignatureConfig([layer.digest]))).toBe(true);
    expect(manifest.config.mediaType).toBe('application/vnd.oci.image.config.v1+json');
    const payload = blobOf('app/signed', layer.digest);
    expect(JSON.parse(payload.toString())).toEqual({
      critical: {
        identity: { 'docker-reference': `${host}/app/signed` },
        image: { 'docker-manifest-digest': digest },
        type: 'cosign container image signature',
      },
      optional: { team: 'platform', ticket: 'SEC-1' },
    });
    const annotations = layer.annotations!;
    expect(Object.keys(annotations).sort()).toEqual(
      [
        CosignAnnotation.signature,
        CosignAnnotation.certificate,
        CosignAnnotation.chain,
        CosignAnnotation.bundle,
        CosignAnnotation.timestamp,
      ].sort(),
    );
    // Fields in the order real cosign writes them (test/fixtures/cosign).
    const real = JSON.parse(
      readFileSync(join(fixtures, 'keyless-sig-manifest.json'), 'utf8'),
    ) as ImageManifest;
    expect(Object.keys(manifest)).toEqual(Object.keys(real));
    expect(Object.keys(manifest.config)).toEqual(Object.keys(real.config));
    expect(Object.keys(layer)).toEqual(Object.keys(real.layers[0]!));
    // The chain is the CA above the leaf, from the trusted root.
    const root = JSON.parse(readFileSync(stack.trustedRootPath, 'utf8')) as {
      certificateAuthorities: { certChain: { certificates: { rawBytes: string }[] } }[];
    };
    const caDer = root.certificateAuthorities[0]!.certChain.certificates[0]!.rawBytes;
    expect(annotations[CosignAnnotation.chain]!.replace(/-----[A-Z ]+-----|\s/g, '')).toBe(caDer);
    // The certificate annotation is the PEM that Rekor logged, byte for byte.
    const rekor = JSON.parse(annotations[CosignAnnotation.bundle]!) as {
      SignedEntryTimestamp: string;
      Payload: { body: string; integratedTime: number; logIndex: number; logID: string };
    };
    const body = JSON.parse(Buffer.from(rekor.Payload.body, 'base64').toString()) as {
      kind: string;
      spec: { signature: { content: string; publicKey: { content: string } } };
    };
    expect(body.kind).toBe('hashedrekord');
    expect(Buffer.from(body.spec.signature.publicKey.content, 'base64').toString()).toBe(
      annotations[CosignAnnotation.certificate],
    );
    expect(body.spec.signature.content).toBe(annotations[CosignAnnotation.signature]);
    // Each layout has its own log entry; the output names the bundle's.
    const bundle = JSON.parse(signed.outputs.bundle!) as {
      verificationMaterial: { tlogEntries: { logIndex: string }[] };
    };
    expect(bundle.verificationMaterial.tlogEntries[0]!.logIndex).toBe(signed.outputs['rekor-log-index']);
    expect(String(rekor.Payload.logIndex)).not.toBe(signed.outputs['rekor-log-index']);

    // verify, in another process: every check passes and is listed in the summary.
    const verified = await verify({ image: `${host}/app/signed:v1` });
    expect(verified.exitCode).toBe(0);
    if (process.env.SHOW_RUNS) console.log(explain(signed), explain(verified), verified.summary);
    expect(verified.outputs.verified).toBe('true');
    expect(verified.outputs.digest).toBe(digest);
    for (const check of ['signature', 'identity', 'issuer', 'transparency log or timestamp']) {
      expect(verified.summary).toContain(`${check}</td><td>✅ pass`);
    }
    expect(verified.summary).toContain('bundle referrer, .sig');
    const report = JSON.parse(readFileSync(verified.outputs.report!, 'utf8')) as { verified: boolean };
    expect(report.verified).toBe(true);
  });

  it('lays out the .sig field by field as real cosign did (a keyless signature from public data)', () => {
    const real = JSON.parse(
      readFileSync(join(fixtures, 'keyless-sig-manifest.json'), 'utf8'),
    ) as ImageManifest;
    const realPayload = readFileSync(join(fixtures, 'keyless-sig-payload.json'));
    const realLayer = real.layers[0]!;
    // The payload and config cosign wrote are what ours produce from the same inputs, byte for byte.
    expect(sha256(realPayload)).toBe(realLayer.digest);
    const reference = (
      JSON.parse(realPayload.toString()) as { critical: { identity: { 'docker-reference': string } } }
    ).critical.identity['docker-reference'];
    const imageDigest = (
      JSON.parse(realPayload.toString()) as {
        critical: { image: { 'docker-manifest-digest': string } };
      }
    ).critical.image['docker-manifest-digest'];
    expect(simpleSigningPayload(reference, imageDigest).equals(realPayload)).toBe(true);
    const config = cosignSignatureConfig([realLayer.digest]);
    expect(sha256(config)).toBe(real.config.digest);
    expect(config.length).toBe(real.config.size);
    expect(Object.keys(real).sort()).toEqual(['config', 'layers', 'mediaType', 'schemaVersion']);
    expect(real.config.mediaType).toBe('application/vnd.oci.image.config.v1+json');
    expect(Object.keys(realLayer.annotations!).sort()).toEqual(
      [
        CosignAnnotation.signature,
        CosignAnnotation.certificate,
        CosignAnnotation.chain,
        CosignAnnotation.bundle,
      ].sort(),
    );
    const rekor = JSON.parse(realLayer.annotations![CosignAnnotation.bundle]!) as Record<string, unknown>;
    expect(Object.keys(rekor)).toEqual(['SignedEntryTimestamp', 'Payload']);
    expect(Object.keys(rekor.Payload as object)).toEqual(['body', 'integratedTime', 'logIndex', 'logID']);
    // The certificate annotation is the PEM that Rekor logged, as ours is.
    const body = JSON.parse(Buffer.from((rekor.Payload as { body: string }).body, 'base64').toString()) as {
      spec: { signature: { publicKey: { content: string } } };
    };
    expect(Buffer.from(body.spec.signature.publicKey.content, 'base64').toString()).toBe(
      realLayer.annotations![CosignAnnotation.certificate],
    );
  });

  it('verifies the real cosign .sig offline against the public-good trusted root, and catches a changed payload', () => {
    const root = parseTrustedRoot(JSON.parse(readFileSync(join(fixtures, 'trusted_root_pgi.json'), 'utf8')));
    const verifier = new SigstoreVerifier(root);
    const real = JSON.parse(
      readFileSync(join(fixtures, 'keyless-sig-manifest.json'), 'utf8'),
    ) as ImageManifest;
    const payload = readFileSync(join(fixtures, 'keyless-sig-payload.json'));
    const annotations = real.layers[0]!.annotations!;
    const verified = verifier.verify(bundleFromCosignLayer(payload, annotations), payload);
    expect(verified.signer.subjectAlternativeName).toMatch(
      /^https:\/\/github\.com\/salrashid123\/go-bazel-github-workflow\/\.github\/workflows\/release\.yaml@refs\/tags\//,
    );
    expect(verified.signer.issuer).toBe('https://token.actions.githubusercontent.com');
    expect(verified.evidence).toMatchObject({ tlog: true, logIndex: '1004096555' });
    const changed = Buffer.from(payload.toString().replace('"optional":null', '"optional":{}'));
    expect(() => verifier.verify(bundleFromCosignLayer(changed, annotations), changed)).toThrow();
  });

  it("reads cosign's own v3 bundle (oci-attestation.sigstore.json) with the same verifier, and ours has its shape", async () => {
    const root = parseTrustedRoot(JSON.parse(readFileSync(join(fixtures, 'trusted_root_pgi.json'), 'utf8')));
    const theirs = JSON.parse(readFileSync(join(fixtures, 'oci-attestation.sigstore.json'), 'utf8')) as {
      mediaType: string;
      verificationMaterial: Record<string, unknown> & { tlogEntries: Record<string, unknown>[] };
      dsseEnvelope: Record<string, unknown>;
    };
    const verified = new SigstoreVerifier(root).verify(theirs);
    expect(verified.evidence.tlog).toBe(true);

    const { digest } = await pushImage('app/shape');
    const signed = await sign({ image: `${host}/app/shape:v1`, format: 'bundle' });
    expect(signed.exitCode).toBe(0);
    const ours = JSON.parse(signed.outputs.bundle!) as typeof theirs;
    expect(ours.mediaType).toBe(theirs.mediaType);
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    expect(Object.keys(ours.dsseEnvelope).sort()).toEqual(Object.keys(theirs.dsseEnvelope).sort());
    expect(ours.dsseEnvelope.payloadType).toBe(theirs.dsseEnvelope.payloadType);
    expect(Object.keys(ours.verificationMaterial.tlogEntries[0]!).sort()).toEqual(
      expect.arrayContaining(
        Object.keys(theirs.verificationMaterial.tlogEntries[0]!)
          .filter((key) => key !== 'inclusionProof')
          .sort(),
      ),
    );
    const statement = JSON.parse(Buffer.from(String(ours.dsseEnvelope.payload), 'base64').toString()) as {
      _type: string;
      predicateType: string;
      subject: { digest: { sha256: string } }[];
      predicate: object;
    };
    expect(statement).toEqual({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ digest: { sha256: digest.slice(7) } }],
      predicateType: 'https://sigstore.dev/cosign/sign/v1',
      predicate: {},
    });
    // No .sig with format bundle.
    expect(() => skopeoInspectRaw(`${host}/app/shape:${sigTag(digest)}`)).toThrow();

    // @sigstore/verify's own Verifier, given the trusted root, accepts what we wrote.
    const trusted = parseTrustedRoot(JSON.parse(readFileSync(stack.trustedRootPath, 'utf8')));
    const signer = new Verifier(toTrustMaterial(trusted), {
      tlogThreshold: 1,
      ctlogThreshold: 1,
      timestampThreshold: 1,
    }).verify(toSignedEntity(bundleFromJSON(ours)));
    expect(signer.identity?.subjectAlternativeName).toBe(stack.identityOf());
  });

  it('signs every platform manifest with recursive, and appends to an existing .sig', async () => {
    const { digest, manifests } = await pushImage('app/multi', 2);
    const first = await sign({ image: `${host}/app/multi:v1`, recursive: 'true', format: 'legacy' });
    expect(first.exitCode).toBe(0);
    for (const target of [digest, ...manifests]) {
      const sig = JSON.parse(
        skopeoInspectRaw(`${host}/app/multi:${sigTag(target)}`).toString(),
      ) as ImageManifest;
      expect(sig.layers).toHaveLength(1);
    }
    const again = await sign({ image: `${host}/app/multi@${digest}`, format: 'legacy', verify: 'false' });
    expect(again.exitCode).toBe(0);
    const sig = JSON.parse(
      skopeoInspectRaw(`${host}/app/multi:${sigTag(digest)}`).toString(),
    ) as ImageManifest;
    expect(sig.layers).toHaveLength(2);
    expect(sig.layers[0]!.annotations![CosignAnnotation.signature]).not.toBe(
      sig.layers[1]!.annotations![CosignAnnotation.signature],
    );
    const config = blobOf('app/multi', sig.config.digest);
    expect(config.equals(cosignSignatureConfig(sig.layers.map((layer) => layer.digest)))).toBe(true);
    const verified = await verify({ image: `${host}/app/multi@${digest}` });
    expect(verified.outputs.verified).toBe('true');
    expect(verified.summary).toContain('2 valid (.sig)');
  });

  it('signs with a timestamp authority only (the shape of GitHub’s instance), and verify accepts the timestamp', async () => {
    await pushImage('app/tsa');
    const signed = await sign({ image: `${host}/app/tsa:v1`, 'rekor-url': '' });
    expect(signed.exitCode).toBe(0);
    expect(signed.outputs['rekor-log-index']).toBe('');
    const verified = await verify({ image: `${host}/app/tsa:v1` });
    expect(verified.exitCode).toBe(0);
    expect(verified.summary).toContain('RFC 3161 timestamp');
  });

  it('fails with one error naming the id-token permission when the job has no OIDC identity', async () => {
    await pushImage('app/no-token');
    const run = await sign({ image: `${host}/app/no-token:v1` }, {});
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain("'id-token: write'");
    expect(run.errors[0]).toContain('permissions:\n');
  });
});

describe('verify catches tampering, names the failing check', () => {
  it('another identity: the identity check fails and names who signed', async () => {
    await pushImage('tamper/identity');
    const other = 'someone/else/.github/workflows/x.yml@refs/heads/main';
    expect((await sign({ image: `${host}/tamper/identity:v1` }, stack.oidcEnv(other))).exitCode).toBe(0);
    const run = await verify({ image: `${host}/tamper/identity:v1` });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.verified).toBe('false');
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain('identity (no valid signature is by');
    expect(run.errors[0]).toContain(stack.identityOf(other));
    expect(run.summary).toContain('signature</td><td>✅ pass');
  });

  it('a pull request’s run never matches, even a regexp that matches everything', async () => {
    await pushImage('tamper/pr');
    const pr = 'example/airlock-test/.github/workflows/release.yml@refs/pull/7/merge';
    expect((await sign({ image: `${host}/tamper/pr:v1` }, stack.oidcEnv(pr))).exitCode).toBe(0);
    const run = await verify({
      image: `${host}/tamper/pr:v1`,
      'certificate-identity': '',
      'certificate-identity-regexp': '.*',
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain('pull request');
  });

  it('a signature of another digest, copied onto this one’s .sig tag', async () => {
    const a = await pushImage('tamper/digest');
    expect((await sign({ image: `${host}/tamper/digest@${a.digest}`, format: 'legacy' })).exitCode).toBe(0);
    const b = await pushImage('tamper/digest');
    execFileSync('skopeo', [
      'copy',
      '--src-tls-verify=false',
      '--dest-tls-verify=false',
      `docker://${host}/tamper/digest:${sigTag(a.digest)}`,
      `docker://${host}/tamper/digest:${sigTag(b.digest)}`,
    ]);
    const run = await verify({ image: `${host}/tamper/digest@${b.digest}` });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain('signature (none verifies');
    expect(run.errors[0]).toContain('signs another digest');
  });

  it('a changed payload under the same signature', async () => {
    const { digest } = await pushImage('tamper/payload');
    expect((await sign({ image: `${host}/tamper/payload@${digest}`, format: 'legacy' })).exitCode).toBe(0);
    const repo = client.repository(parseReference(`${host}/tamper/payload`));
    const { manifest } = await repo.getManifest(sigTag(digest));
    const layer = (manifest as ImageManifest).layers[0]!;
    const original = blobOf('tamper/payload', layer.digest);
    const changed = Buffer.from(
      original.toString().replace('"optional":null', '"optional":{"approved":"yes"}'),
    );
    const changedLayer = { ...layer, digest: sha256(changed), size: changed.length };
    const { Readable } = await import('node:stream');
    await repo.putBlob(changedLayer, () => Readable.from([changed]));
    const tampered = { ...(manifest as ImageManifest), layers: [changedLayer] };
    await repo.putManifest(
      Buffer.from(JSON.stringify(tampered)),
      'application/vnd.oci.image.manifest.v1+json',
      sigTag(digest),
    );
    const run = await verify({ image: `${host}/tamper/payload@${digest}` });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain('signature (none verifies');
  });

  it('a bundle from another trusted root (another Sigstore instance)', async () => {
    const other = await SigstoreStack.start({ workflowRef });
    try {
      await pushImage('tamper/root');
      const run1 = await runActionBundle(
        'sign-keyless',
        {
          image: `${host}/tamper/root:v1`,
          'insecure-registries': host,
          sigstore: 'custom',
          'fulcio-url': other.url,
          'rekor-url': other.url,
          'trusted-root': other.trustedRootPath,
        },
        other.oidcEnv(),
      );
      expect(run1.exitCode).toBe(0);
      const run = await verify({ image: `${host}/tamper/root:v1` });
      expect(run.exitCode).toBe(1);
      expect(run.errors[0]).toContain('signature (none verifies');
      expect(run.errors[0]).toContain("'trusted-root'");
    } finally {
      await other.stop();
    }
  });
});

describe('verify: mirrored signatures, SBOM, verdict and promotion', () => {
  it('passes a mirrored .sig whose docker-reference names the upstream repository, with a notice', async () => {
    const { digest } = await pushImage('upstream/app');
    expect((await sign({ image: `${host}/upstream/app@${digest}`, format: 'legacy' })).exitCode).toBe(0);
    for (const ref of [`v1`, sigTag(digest)]) {
      execFileSync('skopeo', [
        'copy',
        '--all',
        '--src-tls-verify=false',
        '--dest-tls-verify=false',
        `docker://${host}/upstream/app:${ref}`,
        `docker://${host}/mirror/app:${ref}`,
      ]);
    }
    const run = await verify({ image: `${host}/mirror/app@${digest}` });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/::notice::.*names .*upstream\/app in its signed docker-reference/);
  });

  it('requires an SBOM for every runnable platform, a passing verdict and a promotion record', async () => {
    const { digest, manifests } = await pushImage('app/full', 2);
    expect((await sign({ image: `${host}/app/full:v1`, format: 'bundle' })).exitCode).toBe(0);
    const require = 'signature,sbom,verdict,promotion';
    const before = await verify({ image: `${host}/app/full:v1`, require });
    expect(before.exitCode).toBe(1);
    expect(before.errors[0]).toContain('sbom (no SBOM attestation');
    expect(before.errors[0]).toContain('verdict (');
    expect(before.errors[0]).toContain('promotion (no promotion record');

    const repo = client.repository(parseReference(`${host}/app/full`));
    const signer = signerFor();
    const name = `${host}/app/full`;
    const subjectOfDigest = async (target: string) => (await repo.resolve(target))!;
    for (const manifest of manifests) {
      await writeRecord({
        repository: repo,
        subject: await subjectOfDigest(manifest),
        statement: buildStatement(subjectOf(name, manifest), 'https://cyclonedx.org/bom', {
          bomFormat: 'CycloneDX',
          specVersion: '1.6',
          components: [],
        }),
        signer,
        logger: silentLogger,
      });
    }
    const now = new Date().toISOString();
    await writeRecord({
      repository: repo,
      subject: await subjectOfDigest(digest),
      statement: buildStatement(subjectOf(name, digest), PredicateType.vulnerability, {
        scanner: {
          uri: 'pkg:github/aquasecurity/trivy@0.44.1',
          version: '0.44.1',
          // Every runnable manifest the scan covered: the gate refuses a verdict that leaves one out.
          result: { verdict: 'pass', covers: manifests },
        },
        metadata: { scanStartedOn: now, scanFinishedOn: now },
      }),
      signer,
      logger: silentLogger,
    });
    await writeRecord({
      repository: repo,
      subject: await subjectOfDigest(digest),
      statement: buildStatement(subjectOf(name, digest), PredicateType.promotion, {
        from: `${host}/quarantine/full@${digest}`,
        to: `${name}@${digest}`,
        tags: ['v1'],
        promotedAt: now,
      }),
      signer,
      logger: silentLogger,
    });
    const after = await verify({ image: `${host}/app/full:v1`, require });
    expect(after.exitCode).toBe(0);
    for (const check of ['sbom', 'verdict', 'promotion'])
      expect(after.summary).toContain(`${check}</td><td>✅ pass`);
    expect(after.summary).toContain('signed SBOM for 2 of 2');
  });

  it('does not count a passing verdict signed by another identity, and says who signed it', async () => {
    const { digest } = await pushImage('app/other-verdict');
    expect((await sign({ image: `${host}/app/other-verdict:v1`, format: 'bundle' })).exitCode).toBe(0);
    const repo = client.repository(parseReference(`${host}/app/other-verdict`));
    const now = new Date().toISOString();
    const stranger = 'someone/else/.github/workflows/scan.yml@refs/heads/main';
    await writeRecord({
      repository: repo,
      subject: (await repo.resolve(digest))!,
      statement: buildStatement(subjectOf(`${host}/app/other-verdict`, digest), PredicateType.vulnerability, {
        scanner: {
          uri: 'pkg:github/aquasecurity/trivy@0.44.1',
          version: '0.44.1',
          result: { verdict: 'pass' },
        },
        metadata: { scanStartedOn: now, scanFinishedOn: now },
      }),
      signer: signerFor(stranger),
      logger: silentLogger,
    });
    const run = await verify({ image: `${host}/app/other-verdict:v1`, require: 'verdict' });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain('verdict (');
    expect(run.errors[0]).toContain(stack.identityOf(stranger));
    expect(run.summary).toContain('identity</td><td>✅ pass');
  });

  it("trusts this repository's workflows on its default branch by default, and not on another branch", async () => {
    await pushImage('app/default-identity');
    expect((await sign({ image: `${host}/app/default-identity:v1` })).exitCode).toBe(0);
    const trusted = await verify({ image: `${host}/app/default-identity:v1`, 'certificate-identity': '' });
    expect(trusted.exitCode).toBe(0);
    await pushImage('app/feature-branch');
    const feature = 'example/airlock-test/.github/workflows/release.yml@refs/heads/feature';
    expect((await sign({ image: `${host}/app/feature-branch:v1` }, stack.oidcEnv(feature))).exitCode).toBe(0);
    const refused = await verify({ image: `${host}/app/feature-branch:v1`, 'certificate-identity': '' });
    expect(refused.exitCode).toBe(1);
    expect(refused.errors[0]).toContain('identity (no valid signature is by');
  });

  it('names the input in one clear error for bad inputs', async () => {
    const both = await verify({ image: `${host}/app/x:v1`, 'certificate-identity-regexp': '.*' });
    expect(both.errors).toEqual([
      expect.stringContaining("'certificate-identity' and 'certificate-identity-regexp'"),
    ]);
    const require = await verify({ image: `${host}/app/x:v1`, require: 'signature,vibes' });
    expect(require.errors).toEqual([expect.stringContaining("input 'require': 'vibes'")]);
    const annotations = await sign({ image: `${host}/app/x:v1`, annotations: 'no-equals-sign' });
    expect(annotations.errors).toEqual([expect.stringContaining("input 'annotations'")]);
    const format = await sign({ image: `${host}/app/x:v1`, format: 'zip' });
    expect(format.errors).toEqual([expect.stringContaining("'format'")]);
  });
});

describe('layout pieces (no registry)', () => {
  it('signs annotations into the payload with sorted keys, as Go encodes a map', () => {
    const payload = simpleSigningPayload('ghcr.io/acme/app', `sha256:${'a'.repeat(64)}`, { z: '1', a: '2' });
    expect(payload.toString()).toBe(
      `{"critical":{"identity":{"docker-reference":"ghcr.io/acme/app"},"image":{"docker-manifest-digest":"sha256:${'a'.repeat(64)}"},"type":"cosign container image signature"},"optional":{"a":"2","z":"1"}}`,
    );
  });

  it('reads annotations as key=value lines and names the input when one is not', async () => {
    const { parseAnnotations } = await import('../actions/sign-keyless/src/inputs.ts');
    expect(parseAnnotations(['team=platform', 'url=https://x.test/?a=b'])).toEqual({
      team: 'platform',
      url: 'https://x.test/?a=b',
    });
    expect(() => parseAnnotations(['=value'])).toThrow("input 'annotations'");
    expect(() => parseAnnotations(['a=1', 'a=2'])).toThrow('given twice');
  });

  it('tells a pull request identity and Docker Hub spellings apart', async () => {
    const { isPullRequestIdentity, identityMatchesPolicy, normalizeRepositoryName } =
      await import('@airlock/core');
    const pr = 'https://github.com/acme/app/.github/workflows/ci.yml@refs/pull/3/merge';
    expect(isPullRequestIdentity(pr)).toBe(true);
    expect(identityMatchesPolicy({ identityRegexp: /.*/ }, pr)).toBe(false);
    expect(identityMatchesPolicy({ identity: pr }, pr)).toBe(false);
    expect(normalizeRepositoryName('index.docker.io/library/nginx')).toBe('docker.io/library/nginx');
    expect(normalizeRepositoryName('docker.io/nginx')).toBe('docker.io/library/nginx');
  });
});
