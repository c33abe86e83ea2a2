import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { digestOf, randomPlatforms, writeImageLayout } from '@airlock/testkit';
import { RegistryError } from '../src/errors.ts';
import { OciLayoutRepository } from '../src/oci/layout.ts';
import { attachReferrer } from '../src/oci/referrers.ts';
import { transferImage } from '../src/oci/transfer.ts';
import { MediaType, type Descriptor, type Repository } from '../src/oci/types.ts';

const scratch = () => mkdtempSync(join(tmpdir(), 'airlock-transfer-'));

/** Attaches a small artifact about `subject` and returns its digest and the bytes of its text layer. */
async function attach(repository: Repository, subject: Descriptor, text: string) {
  const empty = Buffer.from('{}');
  const layer = Buffer.from(text);
  const config = { mediaType: MediaType.ociEmpty, digest: digestOf(empty), size: empty.length };
  const content = { mediaType: 'text/plain', digest: digestOf(layer), size: layer.length };
  await repository.putBlob(config, Readable.from([empty]));
  await repository.putBlob(content, Readable.from([layer]));
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      artifactType: 'application/vnd.example.sbom',
      config,
      layers: [content],
      subject,
    }),
  );
  const written = await attachReferrer(repository, subject, manifest, MediaType.ociManifest);
  return { digest: written.digest, bytes: layer.length };
}

async function setUp() {
  const dir = scratch();
  await writeImageLayout(join(dir, 'source'), 'v1', randomPlatforms(['amd64', 'arm64'], 1, 500));
  const source = new OciLayoutRepository(join(dir, 'source'));
  const destination = new OciLayoutRepository(join(dir, 'destination'));
  const subject = (await source.resolve('v1'))!;
  return { source, destination, subject };
}

describe('transferImage', () => {
  it('copies the image, its referrers and the record before the tag, and counts only what it wrote', async () => {
    const { source, destination, subject } = await setUp();
    const sbom = await attach(source, subject, 'first sbom');
    const tagWhenRecorded: (string | undefined)[] = [];
    const record = async () => {
      tagWhenRecorded.push((await destination.resolve('v1'))?.digest);
      return 'sha256:record';
    };
    const options = {
      source,
      sourceRef: 'v1',
      destination,
      destinationTag: 'v1',
      copyReferrers: true,
      record,
    };

    const first = await transferImage(options);
    expect(first).toMatchObject({
      copied: true,
      imageCopied: true,
      referrersCopied: 1,
      recordDigest: 'sha256:record',
    });
    expect(tagWhenRecorded).toEqual([undefined]);
    expect((await destination.resolve('v1'))?.digest).toBe(subject.digest);
    expect((await destination.referrers(subject.digest)).map((entry) => entry.digest)).toEqual([sbom.digest]);

    // Nothing new: nothing written, no second record.
    const again = await transferImage(options);
    expect(again).toMatchObject({ copied: false, imageCopied: false, referrersCopied: 0, bytesCopied: 0 });
    expect(again.recordDigest).toBeUndefined();
    expect(tagWhenRecorded).toHaveLength(1);

    // A new referrer upstream: the image is up to date, the referrer is written and counted.
    const later = await attach(source, subject, 'a second, longer sbom');
    const third = await transferImage(options);
    expect(third).toMatchObject({
      copied: true,
      imageCopied: false,
      referrers: expect.any(Array),
      referrersCopied: 1,
    });
    expect(third.bytesCopied).toBe(later.bytes);
    expect(third.recordDigest).toBeUndefined();
  });

  it('writes the record again after a server failure, never after a client error, and leaves no tag when it fails', async () => {
    const { source, destination } = await setUp();
    let calls = 0;
    const flakyRecord = async () => {
      if (++calls < 3) throw new RegistryError('the registry answered HTTP 503', 503);
      return 'sha256:record';
    };
    const done = await transferImage({
      source,
      sourceRef: 'v1',
      destination,
      destinationTag: 'v1',
      record: flakyRecord,
    });
    expect(calls).toBe(3);
    expect(done.recordDigest).toBe('sha256:record');

    let refusals = 0;
    const refused = async (): Promise<string> => {
      refusals++;
      throw new RegistryError('writing the record failed: HTTP 403', 403);
    };
    await expect(
      transferImage({ source, sourceRef: 'v1', destination, destinationTag: 'v2', record: refused }),
    ).rejects.toThrow(/HTTP 403/);
    expect(refusals).toBe(1);
    expect(await destination.resolve('v2')).toBeUndefined();
  });

  it('writes the record when the image was already there only when asked (a promotion is an event)', async () => {
    const { source, destination, subject } = await setUp();
    await transferImage({ source, sourceRef: subject.digest, destination });
    let records = 0;
    const result = await transferImage({
      source,
      sourceRef: subject.digest,
      destination,
      recordWhenUpToDate: true,
      record: async () => `sha256:${++records}`,
    });
    expect(result).toMatchObject({ imageCopied: false, copied: true, recordDigest: 'sha256:1' });
  });
});
