import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { digestOf, randomPlatforms, writeImageLayout } from '@airlock/testkit';
import { copyImage } from '../src/oci/copy.ts';
import { digestTag } from '../src/oci/digest.ts';
import { OciLayoutRepository } from '../src/oci/layout.ts';
import { attachReferrer, copyReferrers, listReferrers } from '../src/oci/referrers.ts';
import { MediaType, type Descriptor, type Repository } from '../src/oci/types.ts';

const scratch = () => mkdtempSync(join(tmpdir(), 'airlock-referrers-'));

async function artifact(repository: Repository, text: string, subject?: Descriptor): Promise<Buffer> {
  const empty = Buffer.from('{}');
  const layer = Buffer.from(text);
  const config = { mediaType: MediaType.ociEmpty, digest: digestOf(empty), size: empty.length };
  const content = { mediaType: 'text/plain', digest: digestOf(layer), size: layer.length };
  await repository.putBlob(config, Readable.from([empty]));
  await repository.putBlob(content, Readable.from([layer]));
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      artifactType: 'application/vnd.example.sbom',
      config,
      layers: [content],
      ...(subject ? { subject } : {}),
      annotations: { 'org.example.note': text },
    }),
  );
}

describe('referrers over OCI layouts', () => {
  it('attaches a referrer that lists with its artifact type and annotations', async () => {
    const dir = scratch();
    const image = await writeImageLayout(dir, 'v1', randomPlatforms(['amd64'], 1, 100));
    const repository = new OciLayoutRepository(dir);
    const subject = (await repository.resolve('v1'))!;
    const written = await attachReferrer(
      repository,
      subject,
      await artifact(repository, 'sbom', subject),
      MediaType.ociManifest,
    );
    const found = await listReferrers(repository, image.digest);
    expect(found).toEqual([
      {
        subject: image.digest,
        descriptor: {
          mediaType: MediaType.ociManifest,
          digest: written.digest,
          size: written.size,
          artifactType: 'application/vnd.example.sbom',
          annotations: { 'org.example.note': 'sbom' },
        },
      },
    ]);
  });

  it('refuses a referrer whose manifest is not JSON', async () => {
    const repository = new OciLayoutRepository(scratch());
    const subject = { mediaType: MediaType.ociManifest, digest: digestOf(Buffer.from('x')), size: 1 };
    await expect(
      attachReferrer(repository, subject, Buffer.from('not json'), MediaType.ociManifest),
    ).rejects.toThrow(/not a JSON manifest/);
  });

  it('copies referrers of the index and of each platform, referrers of referrers, and cosign tags', async () => {
    const dir = scratch();
    const image = await writeImageLayout(dir, 'v1', randomPlatforms(['amd64', 'arm64'], 1, 100));
    const source = new OciLayoutRepository(dir);
    const index = (await source.resolve('v1'))!;
    const arm64 = (await source.resolve(image.manifests[1]!))!;
    const onIndex = await attachReferrer(
      source,
      index,
      await artifact(source, 'index sbom', index),
      MediaType.ociManifest,
    );
    const onArm = await attachReferrer(
      source,
      arm64,
      await artifact(source, 'arm64 sbom', arm64),
      MediaType.ociManifest,
    );
    const nested = await attachReferrer(
      source,
      onIndex,
      await artifact(source, 'signature of the sbom', onIndex),
      MediaType.ociManifest,
    );
    const signatureTag = `${digestTag(index.digest)}.sig`;
    const signature = await source.putManifest(
      await artifact(source, 'cosign signature'),
      MediaType.ociManifest,
      signatureTag,
    );

    const destination = new OciLayoutRepository(scratch());
    await copyImage({ source, sourceRef: 'v1', destination, destinationTag: 'v1' });
    const copied = await copyReferrers({ source, destination, digests: [index.digest, ...image.manifests] });
    expect(copied.map((entry) => entry.digest).sort()).toEqual(
      [onIndex.digest, onArm.digest, nested.digest, signature.digest].sort(),
    );
    expect(copied.find((entry) => entry.tag)?.tag).toBe(signatureTag);
    expect((await destination.resolve(signatureTag))?.digest).toBe(signature.digest);
    expect((await destination.referrers(onIndex.digest)).map((entry) => entry.digest)).toEqual([
      nested.digest,
    ]);
    expect((await destination.referrers(arm64.digest)).map((entry) => entry.digest)).toEqual([onArm.digest]);

    // Depth 1 stops before the referrers of referrers.
    const shallow = new OciLayoutRepository(scratch());
    await copyImage({ source, sourceRef: 'v1', destination: shallow, destinationTag: 'v1' });
    const first = await copyReferrers({ source, destination: shallow, digests: [index.digest], maxDepth: 1 });
    expect(first.map((entry) => entry.digest).sort()).toEqual([onIndex.digest, signature.digest].sort());
  });
});
