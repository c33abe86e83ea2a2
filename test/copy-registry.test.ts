import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  TestRegistry,
  digestOf,
  randomPlatforms,
  skopeoInspectRaw,
  writeImageLayout,
  type BuiltImage,
} from '@airlock/testkit';
import {
  MediaType,
  OciLayoutRepository,
  RecordingLogger,
  RegistryClient,
  attachReferrer,
  copyImage,
  copyReferrers,
  digestTag,
  listReferrers,
  parseReference,
  type Descriptor,
  type Repository,
} from '@airlock/core';

// The copy engine between an OCI layout and two real distribution registries, with skopeo as the oracle.

describe('copyImage and copyReferrers across real registries', () => {
  let first: TestRegistry;
  let second: TestRegistry;
  let client: RegistryClient;
  let work: string;
  let image: BuiltImage;
  const logger = new RecordingLogger();
  const repo = (registry: TestRegistry, name: string) =>
    client.repository(parseReference(`${registry.host}/${name}`));

  beforeAll(async () => {
    [first, second] = await Promise.all([TestRegistry.start(), TestRegistry.start()]);
    client = new RegistryClient({ insecureRegistries: [first.host, second.host], logger });
    work = mkdtempSync(join(tmpdir(), 'airlock-copy-registry-'));
    image = await writeImageLayout(
      join(work, 'layout'),
      'v1',
      randomPlatforms(['amd64', 'arm64', 'ppc64le'], 2, 50_000),
    );
  });

  afterAll(async () => {
    await client?.close();
    await Promise.all([first?.stop(), second?.stop()]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('copies layout → registry → other registry byte-exact, then finds it up to date', async () => {
    const layout = new OciLayoutRepository(join(work, 'layout'));
    const pushed = await copyImage({
      source: layout,
      sourceRef: 'v1',
      destination: repo(first, 'app'),
      destinationTag: 'v1',
      logger,
    });
    expect(pushed).toMatchObject({ digest: image.digest, copied: true, blobsCopied: 9, manifests: 4 });
    expect(digestOf(skopeoInspectRaw(`${first.host}/app:v1`))).toBe(image.digest);

    const across = await copyImage({
      source: repo(first, 'app'),
      sourceRef: 'v1',
      destination: repo(second, 'mirror/app'),
      destinationTag: 'stable',
      logger,
    });
    expect(across).toMatchObject({ digest: image.digest, copied: true, blobsCopied: 9, blobsMounted: 0 });
    expect(across.bytesCopied).toBe(pushed.bytesCopied);
    expect(digestOf(skopeoInspectRaw(`${second.host}/mirror/app:stable`))).toBe(image.digest);
    for (const child of image.manifests) {
      expect(digestOf(skopeoInspectRaw(`${second.host}/mirror/app@${child}`))).toBe(child);
    }

    const again = await copyImage({
      source: repo(first, 'app'),
      sourceRef: 'v1',
      destination: repo(second, 'mirror/app'),
      destinationTag: 'stable',
    });
    expect(again).toMatchObject({ copied: false, bytesCopied: 0 });
  });

  it('mounts every blob within one registry: no byte is uploaded', async () => {
    const layout = new OciLayoutRepository(join(work, 'layout'));
    await copyImage({
      source: layout,
      sourceRef: 'v1',
      destination: repo(first, 'mount-source'),
      destinationTag: 'v1',
    });
    const result = await copyImage({
      source: repo(first, 'mount-source'),
      sourceRef: 'v1',
      destination: repo(first, 'mount-target'),
      destinationTag: 'v1',
    });
    expect(result).toMatchObject({ copied: true, bytesCopied: 0, blobsCopied: 0, blobsMounted: 9 });
    expect(digestOf(skopeoInspectRaw(`${first.host}/mount-target:v1`))).toBe(image.digest);
  });

  it('copies a platform subset to a registry as a new index that skopeo reads', async () => {
    const layout = new OciLayoutRepository(join(work, 'layout'));
    const result = await copyImage({
      source: layout,
      sourceRef: 'v1',
      destination: repo(second, 'subset'),
      destinationTag: 'v1',
      platforms: [{ os: 'linux', architecture: 'arm64' }],
    });
    expect(result.platforms).toEqual(['linux/arm64']);
    const raw = skopeoInspectRaw(`${second.host}/subset:v1`);
    expect(digestOf(raw)).toBe(result.digest);
    expect(
      (JSON.parse(raw.toString()) as { manifests: Descriptor[] }).manifests.map((m) => m.digest),
    ).toEqual([image.manifests[1]]);
  });

  async function putArtifact(
    repository: Repository,
    subject: Descriptor | undefined,
    content: string,
    tag?: string,
  ) {
    const empty = Buffer.from('{}');
    const emptyDescriptor = { mediaType: MediaType.ociEmpty, digest: digestOf(empty), size: empty.length };
    const layer = Buffer.from(content);
    const layerDescriptor = { mediaType: 'text/plain', digest: digestOf(layer), size: layer.length };
    await repository.putBlob(emptyDescriptor, Readable.from([empty]));
    await repository.putBlob(layerDescriptor, Readable.from([layer]));
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        artifactType: 'application/vnd.example.note',
        config: emptyDescriptor,
        layers: [layerDescriptor],
        ...(subject ? { subject } : {}),
      }),
    );
    if (subject) return attachReferrer(repository, subject, manifest, MediaType.ociManifest);
    return repository.putManifest(manifest, MediaType.ociManifest, tag);
  }

  it('copies referrers (recursively) and cosign tags; on distribution 2.8 they arrive through the tag fallback', async () => {
    const layout = new OciLayoutRepository(join(work, 'layout'));
    const source = repo(first, 'with-referrers');
    await copyImage({ source: layout, sourceRef: 'v1', destination: source, destinationTag: 'v1' });
    const index = (await source.resolve('v1'))!;
    const amd64 = (await source.resolve(image.manifests[0]!))!;
    const onIndex = await putArtifact(source, index, 'about the index');
    const onAmd64 = await putArtifact(source, amd64, 'about amd64');
    const onReferrer = await putArtifact(source, onIndex, 'about the note');
    const signature = await putArtifact(
      source,
      undefined,
      'a cosign signature',
      `${digestTag(index.digest)}.sig`,
    );
    // The registry has no referrers API: the writer kept the sha256-<hex> index.
    const fallback = JSON.parse(
      skopeoInspectRaw(`${first.host}/with-referrers:${digestTag(index.digest)}`).toString(),
    ) as {
      manifests: Descriptor[];
    };
    expect(fallback.manifests.map((entry) => entry.digest)).toEqual([onIndex.digest]);
    expect(fallback.manifests[0]!.artifactType).toBe('application/vnd.example.note');

    const destination = repo(second, 'with-referrers');
    await copyImage({ source, sourceRef: 'v1', destination, destinationTag: 'v1' });
    const copied = await copyReferrers({
      source,
      destination,
      digests: [index.digest, ...image.manifests],
      logger,
    });
    expect(copied.map((entry) => entry.digest).sort()).toEqual(
      [onIndex.digest, onAmd64.digest, onReferrer.digest, signature.digest].sort(),
    );
    const listed = await listReferrers(destination, index.digest);
    expect(listed.map((entry) => entry.descriptor.digest).sort()).toEqual(
      [onIndex.digest, signature.digest].sort(),
    );
    expect((await destination.referrers(amd64.digest)).map((entry) => entry.digest)).toEqual([
      onAmd64.digest,
    ]);
    expect((await destination.referrers(onIndex.digest)).map((entry) => entry.digest)).toEqual([
      onReferrer.digest,
    ]);
    expect(digestOf(skopeoInspectRaw(`${second.host}/with-referrers@${onReferrer.digest}`))).toBe(
      onReferrer.digest,
    );

    // A second copy finds everything there and adds no duplicate to the fallback index.
    const again = await copyReferrers({ source, destination, digests: [index.digest, ...image.manifests] });
    expect(again.every((entry) => !entry.copied)).toBe(true);
    expect(await destination.referrers(index.digest)).toHaveLength(1);
  });

  it('keeps every referrer when several are attached at once', async () => {
    const layout = new OciLayoutRepository(join(work, 'layout'));
    const target = repo(second, 'concurrent-referrers');
    await copyImage({ source: layout, sourceRef: 'v1', destination: target, destinationTag: 'v1' });
    const subject = (await target.resolve('v1'))!;
    const written = await Promise.all(
      Array.from({ length: 6 }, (_, i) => putArtifact(target, subject, `note ${i}`)),
    );
    const listed = (await target.referrers(subject.digest)).map((entry) => entry.digest).sort();
    expect(listed).toEqual(written.map((entry) => entry.digest).sort());
  });
});
