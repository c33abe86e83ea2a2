import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SigstoreStack,
  TestRegistry,
  TokenServer,
  digestOf,
  freePort,
  pushLayout,
  randomPlatforms,
  runActionBundle,
  skopeoInspectRaw,
  writeImageLayout,
  type ActionRun,
  type BuiltImage,
} from '@airlock/testkit';
import {
  BundleVerifier,
  MediaType,
  RegistryClient,
  attachReferrer,
  parseReference,
  parseTrustedRoot,
  PredicateType,
  readRecords,
  silentLogger,
} from '@airlock/core';

// The committed mirror bundle, run as the GitHub runner runs it, between two real registries.

/** Prints what the action said when an expectation fails, so the failure explains itself. */
function explain(run: ActionRun): string {
  return `exit ${run.exitCode}\n${run.stdout}\n${run.stderr}`;
}

describe('mirror action (bundle) between two real registries', () => {
  let upstream: TestRegistry;
  let quarantine: TestRegistry;
  let work: string;
  let image: BuiltImage;
  let other: BuiltImage;
  let insecure: string;

  beforeAll(async () => {
    [upstream, quarantine] = await Promise.all([TestRegistry.start(), TestRegistry.start()]);
    insecure = `${upstream.host},${quarantine.host}`;
    work = mkdtempSync(join(tmpdir(), 'airlock-mirror-'));
    image = await writeImageLayout(
      join(work, 'app'),
      '1.0',
      randomPlatforms(['amd64', 'arm64', 's390x'], 2, 30_000),
    );
    other = await writeImageLayout(join(work, 'tool'), '2.0', randomPlatforms(['amd64'], 1, 10_000));
    pushLayout(join(work, 'app'), '1.0', `${upstream.host}/library/app:1.0`);
    pushLayout(join(work, 'tool'), '2.0', `${upstream.host}/tools/tool:2.0`);
  });

  afterAll(async () => {
    await Promise.all([upstream?.stop(), quarantine?.stop()]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('copies a 3-platform image byte-exact with an acquisition record, then finds it up to date', async () => {
    const inputs = {
      source: `${upstream.host}/library/app:1.0`,
      destination: `${quarantine.host}/quarantine/app`,
      'insecure-registries': insecure,
    };
    const run = await runActionBundle('mirror', inputs);
    expect(run.exitCode === 0 ? '' : explain(run)).toBe('');
    expect(run.outputs).toMatchObject({
      digest: image.digest,
      image: `${quarantine.host}/quarantine/app@${image.digest}`,
      copied: 'true',
      'previous-digest': '',
      platforms: 'linux/amd64,linux/arm64,linux/s390x',
    });
    expect(Number(run.outputs['bytes-copied'])).toBeGreaterThan(180_000);
    // The destination took the source tag; skopeo, an independent client, reads the same bytes.
    expect(digestOf(skopeoInspectRaw(`${quarantine.host}/quarantine/app:1.0`))).toBe(image.digest);
    expect(run.summary).toContain(
      '### Mirror\n\n| source | digest | destination | result | platforms | bytes | seconds |',
    );
    expect(run.summary).toMatch(/\| copied \| linux\/amd64, linux\/arm64, linux\/s390x \|/);

    // The acquisition record is a referrer of the digest, listed in the sha256-<hex> fallback index.
    const results = JSON.parse(run.outputs['results']!) as { record: string; sourceDigest: string }[];
    const fallback = JSON.parse(
      skopeoInspectRaw(`${quarantine.host}/quarantine/app:${image.digest.replace(':', '-')}`).toString(),
    ) as { manifests: { digest: string; artifactType?: string }[] };
    expect(fallback.manifests.map((entry) => entry.digest)).toEqual([results[0]!.record]);
    expect(fallback.manifests[0]!.artifactType).toBe('application/vnd.in-toto+json');

    const again = await runActionBundle('mirror', inputs);
    expect(again.exitCode).toBe(0);
    expect(again.outputs).toMatchObject({ copied: 'false', digest: image.digest, 'bytes-copied': '0' });
    expect(again.summary).toContain('up to date');
  });

  it('brings the referrers along: an SBOM attached upstream arrives beside the acquisition record', async () => {
    pushLayout(join(work, 'tool'), '2.0', `${upstream.host}/signed/tool:2.0`);
    const client = new RegistryClient({ insecureRegistries: [upstream.host] });
    const repository = client.repository(parseReference(`${upstream.host}/signed/tool`));
    const subject = (await repository.resolve('2.0'))!;
    const empty = Buffer.from('{}');
    const sbom = Buffer.from('{"bomFormat":"CycloneDX"}');
    const config = { mediaType: MediaType.ociEmpty, digest: digestOf(empty), size: empty.length };
    const layer = { mediaType: 'application/vnd.cyclonedx+json', digest: digestOf(sbom), size: sbom.length };
    await repository.putBlob(config, Readable.from([empty]));
    await repository.putBlob(layer, Readable.from([sbom]));
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        artifactType: 'application/vnd.cyclonedx+json',
        config,
        layers: [layer],
        subject,
      }),
    );
    const attached = await attachReferrer(repository, subject, manifest, MediaType.ociManifest);
    await client.close();

    const run = await runActionBundle('mirror', {
      source: `${upstream.host}/signed/tool:2.0`,
      destination: `${quarantine.host}/signed/tool`,
      'insecure-registries': insecure,
    });
    expect(run.exitCode === 0 ? '' : explain(run)).toBe('');
    const [result] = JSON.parse(run.outputs['results']!) as { referrers: number; record: string }[];
    expect(result!.referrers).toBe(1);
    const fallback = JSON.parse(
      skopeoInspectRaw(`${quarantine.host}/signed/tool:${other.digest.replace(':', '-')}`).toString(),
    ) as { manifests: { digest: string }[] };
    expect(fallback.manifests.map((entry) => entry.digest).sort()).toEqual(
      [attached.digest, result!.record].sort(),
    );
    expect(digestOf(skopeoInspectRaw(`${quarantine.host}/signed/tool@${attached.digest}`))).toBe(
      attached.digest,
    );

    // Upstream gains a second SBOM: the image is up to date, but what was written is counted.
    const later = new RegistryClient({ insecureRegistries: [upstream.host] });
    const laterRepository = later.repository(parseReference(`${upstream.host}/signed/tool`));
    const sbom2 = Buffer.from('{"bomFormat":"CycloneDX","specVersion":"1.6"}');
    const layer2 = {
      mediaType: 'application/vnd.cyclonedx+json',
      digest: digestOf(sbom2),
      size: sbom2.length,
    };
    await laterRepository.putBlob(layer2, Readable.from([sbom2]));
    const manifest2 = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        artifactType: 'application/vnd.cyclonedx+json',
        config,
        layers: [layer2],
        subject,
      }),
    );
    const attached2 = await attachReferrer(laterRepository, subject, manifest2, MediaType.ociManifest);
    await later.close();
    const again = await runActionBundle('mirror', {
      source: `${upstream.host}/signed/tool:2.0`,
      destination: `${quarantine.host}/signed/tool`,
      'insecure-registries': insecure,
    });
    expect(again.exitCode === 0 ? '' : explain(again)).toBe('');
    expect(again.outputs).toMatchObject({ copied: 'true', 'bytes-copied': String(sbom2.length) });
    const [second] = JSON.parse(again.outputs['results']!) as {
      referrers: number;
      referrersCopied: number;
      imageCopied: boolean;
    }[];
    expect(second).toMatchObject({ referrers: 2, referrersCopied: 1, imageCopied: false });
    expect(again.summary).toContain('image up to date, 1 new referrer copied');
    expect(digestOf(skopeoInspectRaw(`${quarantine.host}/signed/tool@${attached2.digest}`))).toBe(
      attached2.digest,
    );

    const third = await runActionBundle('mirror', {
      source: `${upstream.host}/signed/tool:2.0`,
      destination: `${quarantine.host}/signed/tool`,
      'insecure-registries': insecure,
    });
    expect(third.outputs).toMatchObject({ copied: 'false', 'bytes-copied': '0' });
    expect(third.summary).toContain('| up to date |');
  });

  it('refuses an oci: layout whose blobs lead out of it, and a linked blob of the wrong size, cleanly', async () => {
    const layout = join(work, 'linked');
    await writeImageLayout(layout, '1.0', [{ architecture: 'amd64', layers: [{ randomBytes: 5000 }] }]);
    renameSync(join(layout, 'blobs'), join(work, 'linked-blobs-elsewhere'));
    symlinkSync(join(work, 'linked-blobs-elsewhere'), join(layout, 'blobs'));
    const out = await runActionBundle('mirror', {
      source: `oci:${layout}:1.0`,
      destination: `${quarantine.host}/linked/app:1.0`,
      'insecure-registries': insecure,
    });
    expect(out.exitCode).not.toBe(0);
    expect(out.errors.length === 1 ? '' : explain(out)).toBe('');
    expect(out.errors[0]).toMatch(/blobs is a symbolic link to .*linked-blobs-elsewhere, outside the layout/);

    // Blobs back in place; the layer becomes a link (inside the layout) to a file of another size.
    rmSync(join(layout, 'blobs'));
    renameSync(join(work, 'linked-blobs-elsewhere'), join(layout, 'blobs'));
    const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')) as {
      manifests: { digest: string }[];
    };
    const manifest = JSON.parse(
      readFileSync(join(layout, 'blobs', 'sha256', index.manifests[0]!.digest.slice(7)), 'utf8'),
    ) as { layers: { digest: string; size: number }[] };
    const layer = manifest.layers[0]!;
    const layerPath = join(layout, 'blobs', 'sha256', layer.digest.slice(7));
    writeFileSync(join(layout, 'other-size'), Buffer.alloc(layer.size + 1000, 7));
    rmSync(layerPath);
    symlinkSync(join(layout, 'other-size'), layerPath);
    const wrong = await runActionBundle('mirror', {
      source: `oci:${layout}:1.0`,
      destination: `${quarantine.host}/linked/app:1.0`,
      'insecure-registries': insecure,
    });
    expect(wrong.exitCode).not.toBe(0);
    expect(wrong.errors.length === 1 ? '' : explain(wrong)).toBe('');
    expect(wrong.errors[0]).toContain(
      `blob ${layer.digest} is ${layer.size + 1000} bytes, but its descriptor says ${layer.size}`,
    );
    expect(wrong.stderr).not.toMatch(/Unhandled/);
    const client = new RegistryClient({ insecureRegistries: [quarantine.host] });
    expect(
      await client.repository(parseReference(`${quarantine.host}/linked/app`)).resolve('1.0'),
    ).toBeUndefined();
    await client.close();
  });

  it('keeps chosen platforms, and says the digest changed', async () => {
    const run = await runActionBundle('mirror', {
      source: `${upstream.host}/library/app:1.0`,
      destination: `${quarantine.host}/subset/app:amd64-only`,
      platforms: 'linux/amd64',
      'insecure-registries': insecure,
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs['platforms']).toBe('linux/amd64');
    expect(run.outputs['digest']).not.toBe(image.digest);
    expect(run.stdout).toMatch(/::warning::.*writes a new index/);
    expect(digestOf(skopeoInspectRaw(`${quarantine.host}/subset/app:amd64-only`))).toBe(
      run.outputs['digest'],
    );
  });

  it('mirrors a batch of lines and a batch file, one result each', async () => {
    const lines = [
      '# upstream images',
      `${upstream.host}/library/app:1.0 ${quarantine.host}/batch/app`,
      '',
      `${upstream.host}/tools/tool:2.0 ${quarantine.host}/batch/tool:pinned`,
    ].join('\n');
    const run = await runActionBundle('mirror', { images: lines, 'insecure-registries': insecure });
    expect(run.exitCode).toBe(0);
    const results = JSON.parse(run.outputs['results']!) as {
      digest: string;
      destination: string;
      copied: boolean;
    }[];
    expect(results.map((result) => [result.destination, result.digest, result.copied])).toEqual([
      [`${quarantine.host}/batch/app:1.0`, image.digest, true],
      [`${quarantine.host}/batch/tool:pinned`, other.digest, true],
    ]);
    expect(digestOf(skopeoInspectRaw(`${quarantine.host}/batch/tool:pinned`))).toBe(other.digest);

    const file = join(work, 'images.yaml');
    writeFileSync(
      file,
      `images:\n  - source: ${upstream.host}/tools/tool:2.0\n    destination: ${quarantine.host}/from-file/tool\n`,
    );
    const fromFile = await runActionBundle('mirror', { images: file, 'insecure-registries': insecure });
    expect(fromFile.exitCode).toBe(0);
    expect(JSON.parse(fromFile.outputs['results']!)).toHaveLength(1);
    expect(digestOf(skopeoInspectRaw(`${quarantine.host}/from-file/tool:2.0`))).toBe(other.digest);
  });
});

describe('mirror action (bundle) on bad input: one clear error each, exit 1', () => {
  let locked: TestRegistry;
  let open: TestRegistry;
  let work: string;

  beforeAll(async () => {
    [locked, open] = await Promise.all([
      TestRegistry.start({ users: { alice: 'wonderland' } }),
      TestRegistry.start(),
    ]);
    work = mkdtempSync(join(tmpdir(), 'airlock-mirror-errors-'));
    await writeImageLayout(join(work, 'app'), '1.0', randomPlatforms(['amd64', 'arm64'], 1, 1000));
    pushLayout(join(work, 'app'), '1.0', `${open.host}/app:1.0`);
    writeFileSync(
      join(work, 'bad.yaml'),
      `- source: ${open.host}/app:1.0\n  destination: ${open.host}/copy\n- source: ${open.host}/app:1.0\n`,
    );
  });

  afterAll(async () => {
    await Promise.all([locked?.stop(), open?.stop()]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const cases: [string, () => Promise<Record<string, string>>, RegExp][] = [
    [
      'a malformed source reference',
      async () => ({ source: 'Docker.io/Library/App:1.0', destination: `${open.host}/x` }),
      /"source".*not a valid image reference/,
    ],
    [
      'a malformed destination reference',
      async () => ({ source: `${open.host}/app:1.0`, destination: 'https://example.com/x' }),
      /"destination".*not a valid image reference/,
    ],
    [
      'an unknown platform',
      async () => ({
        source: `${open.host}/app:1.0`,
        destination: `${open.host}/x`,
        platforms: 'linux/riscv64',
      }),
      /input 'platforms'.*no linux\/riscv64 image; it has linux\/amd64, linux\/arm64/,
    ],
    [
      'a malformed platform',
      async () => ({ source: `${open.host}/app:1.0`, destination: `${open.host}/x`, platforms: 'amd64' }),
      /input 'platforms': 'amd64' is not a platform/,
    ],
    [
      'missing credentials for a Basic registry',
      async () => ({ source: `${open.host}/app:1.0`, destination: `${locked.host}/x` }),
      /127\.0\.0\.1:\d+.*(credential|password|username|login)/i,
    ],
    [
      'a half-given credential',
      async () => ({
        source: `${open.host}/app:1.0`,
        destination: `${locked.host}/x`,
        'destination-username': 'alice',
      }),
      /'destination-username' and 'destination-password' go together/,
    ],
    [
      'an unreachable registry',
      async () => ({ source: `127.0.0.1:${await freePort()}/app:1.0`, destination: `${open.host}/x` }),
      /cannot reach 127\.0\.0\.1:\d+.*the registry of input 'source'/,
    ],
    [
      'a batch line that is not two references',
      async () => ({ images: `${open.host}/app:1.0 ${open.host}/a\n\n${open.host}/app:1.0` }),
      /input 'images', line 3: expected "SOURCE DESTINATION"/,
    ],
    [
      'a batch file entry without destination',
      async () => ({ images: join(work, 'bad.yaml') }),
      /bad\.yaml, entry 2: needs a 'source' and a 'destination'/,
    ],
    ['no source at all', async () => ({}), /input 'source' is required/],
    [
      'an oci: destination under a file',
      async () => {
        writeFileSync(join(work, 'a-file'), 'not a directory');
        return { source: `${open.host}/app:1.0`, destination: `oci:${join(work, 'a-file', 'layout')}` };
      },
      /a-file.*ENOTDIR.*input 'destination'/,
    ],
  ];

  it.each(cases)('%s', async (_name, makeInputs, message) => {
    const inputs = {
      'insecure-registries': `${locked.host},${open.host},127.0.0.1`,
      ...(await makeInputs()),
    };
    const run = await runActionBundle('mirror', inputs);
    expect({ exitCode: run.exitCode, errors: run.errors.length }).toEqual({ exitCode: 1, errors: 1 });
    expect(run.errors[0]).toMatch(message);
    expect(run.errors[0]).not.toMatch(/internal error/);
    if (process.env['AIRLOCK_SHOW_ERRORS']) console.log(run.errors[0]);
  });

  it('copies into a Basic registry with the destination credentials', async () => {
    const run = await runActionBundle('mirror', {
      source: `${open.host}/app:1.0`,
      destination: `${locked.host}/team/app`,
      'destination-username': 'alice',
      'destination-password': 'wonderland',
      'insecure-registries': `${locked.host},${open.host}`,
    });
    expect(run.exitCode === 0 ? '' : explain(run)).toBe('');
    expect(digestOf(skopeoInspectRaw(`${locked.host}/team/app:1.0`, 'alice:wonderland'))).toBe(
      run.outputs['digest'],
    );
  });

  it('never prints a password it was given', async () => {
    const run = await runActionBundle('mirror', {
      source: `${open.host}/app:1.0`,
      destination: `${locked.host}/x`,
      'destination-username': 'alice',
      'destination-password': 'not-the-password',
      'insecure-registries': `${locked.host},${open.host}`,
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('::add-mask::not-the-password');
    const unmasked = run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'));
    expect(unmasked.join('\n')).not.toContain('not-the-password');
    expect(run.errors).toHaveLength(1);
  });
});

describe('mirror action (bundle) on a Bearer token registry', () => {
  let tokens: TokenServer;
  let registry: TestRegistry;
  let work: string;

  beforeAll(async () => {
    tokens = await TokenServer.start({ users: { bob: 'b3arer' } });
    registry = await TestRegistry.start({ token: tokens.registryOptions });
    work = mkdtempSync(join(tmpdir(), 'airlock-mirror-token-'));
    await writeImageLayout(join(work, 'app'), '1.0', randomPlatforms(['amd64', 'arm64'], 2, 20_000));
    await runActionBundle('mirror', {
      source: `oci:${join(work, 'app')}:1.0`,
      destination: `${registry.host}/upstream/app`,
      'destination-username': 'bob',
      'destination-password': 'b3arer',
      'insecure-registries': registry.host,
    });
  });

  afterAll(async () => {
    await registry?.stop();
    await tokens?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('mirrors into another repository by mounting every blob, with one token for both', async () => {
    const run = await runActionBundle('mirror', {
      source: `${registry.host}/upstream/app:1.0`,
      destination: `${registry.host}/quarantine/app`,
      'destination-username': 'bob',
      'destination-password': 'b3arer',
      'insecure-registries': registry.host,
    });
    expect(run.exitCode === 0 ? '' : explain(run)).toBe('');
    expect(run.outputs).toMatchObject({ copied: 'true', 'bytes-copied': '0' });
    // skopeo cannot be the oracle here: it would block this process, which serves its tokens.
    const client = new RegistryClient({
      insecureRegistries: [registry.host],
      credentials: { hosts: { [registry.host]: { username: 'bob', password: 'b3arer' } } },
    });
    const landed = await client
      .repository(parseReference(`${registry.host}/quarantine/app`))
      .getManifest('1.0');
    await client.close();
    expect(digestOf(landed.bytes)).toBe(run.outputs['digest']);
    const mountScopes = tokens.requests
      .flatMap((request) => request.scopes)
      .filter((scope) => scope.includes('upstream/app:pull'));
    expect(mountScopes.length).toBeGreaterThan(0);
  });
});

describe('mirror action (bundle) in a job with an OIDC identity (loopback Sigstore)', () => {
  let registry: TestRegistry;
  let stack: SigstoreStack;
  let work: string;

  beforeAll(async () => {
    [registry, stack] = await Promise.all([TestRegistry.start(), SigstoreStack.start()]);
    work = mkdtempSync(join(tmpdir(), 'airlock-mirror-signed-'));
    await writeImageLayout(join(work, 'app'), '1.0', randomPlatforms(['amd64'], 1, 5_000));
  });

  afterAll(async () => {
    await Promise.all([registry?.stop(), stack?.stop()]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('signs the acquisition record, and the signer is the workflow', async () => {
    const run = await runActionBundle(
      'mirror',
      {
        source: `oci:${join(work, 'app')}:1.0`,
        destination: `${registry.host}/quarantine/app`,
        'insecure-registries': registry.host,
        sigstore: 'custom',
        'fulcio-url': stack.url,
        'rekor-url': stack.url,
        'tsa-url': stack.url,
      },
      stack.oidcEnv(stack.defaultWorkflowRef),
    );
    expect(run.exitCode === 0 ? '' : explain(run)).toBe('');
    const client = new RegistryClient({ insecureRegistries: [registry.host] });
    const records = await readRecords<{ source: string }>({
      repository: client.repository(parseReference(`${registry.host}/quarantine/app`)),
      digest: run.outputs['digest']!,
      predicateType: PredicateType.acquisition,
      verifier: new BundleVerifier(parseTrustedRoot(stack.trustedRoot)),
      logger: silentLogger,
    });
    expect(records).toHaveLength(1);
    expect(records[0]!.signature).toBe('verified');
    expect(records[0]!.signer?.subjectAlternativeName).toBe(`https://github.com/${stack.defaultWorkflowRef}`);
    expect(records[0]!.statement.predicate.source).toBe(`oci:${join(work, 'app')}:1.0`);
  });
});
