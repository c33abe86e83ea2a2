import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { digestOf, randomPlatforms, writeImageLayout } from '@airlock/testkit';
import { ConfigurationError, RegistryError } from '../src/errors.ts';
import { RecordingLogger } from '../src/logger.ts';
import { CopySession, copyImage, mapConcurrent } from '../src/oci/copy.ts';
import { OciLayoutRepository } from '../src/oci/layout.ts';
import { parsePlatforms } from '../src/oci/platform.ts';
import type { Descriptor, ImageIndex, ImageManifest, Repository } from '../src/oci/types.ts';

const scratch = () => mkdtempSync(join(tmpdir(), 'airlock-copy-'));

/** Wraps a repository and records every call made on it, by method name. */
function recording(repository: Repository): { repository: Repository; calls: string[] } {
  const calls: string[] = [];
  const wrapped = new Proxy(repository, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(property));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { repository: wrapped, calls };
}

/** A destination whose uploads fail mid-stream the first `failures` times. */
function flaky(repository: Repository, failures: number): Repository {
  let left = failures;
  return new Proxy(repository, {
    get(target, property, receiver) {
      if (property !== 'putBlob') return Reflect.get(target, property, receiver) as unknown;
      return async (descriptor: Descriptor, content: Readable) => {
        if (left-- > 0) {
          content.destroy();
          throw new RegistryError('connection reset while uploading', undefined);
        }
        return target.putBlob(descriptor, content);
      };
    },
  });
}

async function multiPlatformSource(architectures = ['amd64', 'arm64', 's390x']) {
  const dir = scratch();
  const image = await writeImageLayout(dir, 'v1', randomPlatforms(architectures, 2, 2048));
  return { dir, image, repository: new OciLayoutRepository(dir) };
}

describe('copyImage between OCI layouts', () => {
  it('copies a single-platform image byte for byte and reports its platform', async () => {
    const dir = scratch();
    const image = await writeImageLayout(dir, 'v1', [
      { architecture: 'arm', variant: 'v7', layers: [{ randomBytes: 5000 }, { files: { etc: 'x' } }] },
    ]);
    const destination = new OciLayoutRepository(join(scratch(), 'out'));
    const result = await copyImage({
      source: new OciLayoutRepository(dir),
      sourceRef: 'v1',
      destination,
      destinationTag: 'copy',
    });
    expect(result).toMatchObject({
      digest: image.digest,
      sourceDigest: image.digest,
      copied: true,
      blobsCopied: 3,
    });
    expect(result.platforms).toEqual(['linux/arm/v7']);
    expect(result.manifests).toBe(1);
    expect(digestOf((await destination.getManifest('copy')).bytes)).toBe(image.digest);
    const sourceManifest = readFileSync(join(dir, 'blobs/sha256', image.digest.slice(7)));
    expect((await destination.getManifest(image.digest)).bytes.equals(sourceManifest)).toBe(true);
  });

  it('copies a multi-platform index with every manifest and blob, de-duplicated', async () => {
    const dir = scratch();
    // Two platforms share a layer: it must be copied once.
    const shared = { files: { 'shared.txt': 'same bytes' } };
    const image = await writeImageLayout(dir, 'v1', [
      { architecture: 'amd64', layers: [shared, { randomBytes: 3000 }] },
      { architecture: 'arm64', layers: [shared, { randomBytes: 3000 }] },
    ]);
    const destination = new OciLayoutRepository(scratch());
    const result = await copyImage({
      source: new OciLayoutRepository(dir),
      sourceRef: 'v1',
      destination,
      destinationTag: 'v1',
    });
    expect(result.digest).toBe(image.digest);
    expect(result.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    // 2 configs + 2 own layers + 1 shared layer.
    expect(result.blobsCopied).toBe(5);
    expect(result.manifests).toBe(3);
    for (const child of image.manifests) expect((await destination.resolve(child))?.digest).toBe(child);
    const total = (await destination.getManifest('v1')).bytes;
    expect(digestOf(total)).toBe(image.digest);
  });

  it('writes a smaller index for a platform filter and warns that the digest changes', async () => {
    const { repository, image } = await multiPlatformSource();
    const destination = new OciLayoutRepository(scratch());
    const logger = new RecordingLogger();
    const result = await copyImage({
      source: repository,
      sourceRef: 'v1',
      destination,
      destinationTag: 'v1',
      platforms: parsePlatforms(['linux/amd64', 'linux/s390x']),
      logger,
    });
    expect(result.platforms).toEqual(['linux/amd64', 'linux/s390x']);
    expect(result.digest).not.toBe(image.digest);
    expect(result.sourceDigest).toBe(image.digest);
    expect(logger.warnings.join('\n')).toMatch(/differs from the source digest/);
    const written = (await destination.getManifest('v1')).manifest as ImageIndex;
    expect(written.manifests.map((entry) => entry.digest)).toEqual([image.manifests[0], image.manifests[2]]);
    expect(await destination.resolve(image.manifests[1]!)).toBeUndefined();
  });

  it('keeps the digest when the filter selects every platform', async () => {
    const { repository, image } = await multiPlatformSource(['amd64', 'arm64']);
    const result = await copyImage({
      source: repository,
      sourceRef: 'v1',
      destination: new OciLayoutRepository(scratch()),
      destinationTag: 'v1',
      platforms: parsePlatforms(['linux/arm64', 'linux/amd64']),
    });
    expect(result.digest).toBe(image.digest);
  });

  it('names the platforms the image has when a wanted one is missing', async () => {
    const { repository } = await multiPlatformSource();
    const destination = recording(new OciLayoutRepository(scratch()));
    const attempt = copyImage({
      source: repository,
      sourceRef: 'v1',
      destination: destination.repository,
      destinationTag: 'v1',
      platforms: parsePlatforms(['linux/ppc64le']),
    });
    await expect(attempt).rejects.toThrow(ConfigurationError);
    await expect(attempt).rejects.toThrow(
      /no linux\/ppc64le image; it has linux\/amd64, linux\/arm64, linux\/s390x/,
    );
    expect(destination.calls).toEqual([]);
  });

  it('touches no blob when the destination tag already holds the digest, unless forced', async () => {
    const { repository, image } = await multiPlatformSource();
    const target = new OciLayoutRepository(scratch());
    await copyImage({ source: repository, sourceRef: 'v1', destination: target, destinationTag: 'v1' });

    const again = recording(target);
    const result = await copyImage({
      source: repository,
      sourceRef: 'v1',
      destination: again.repository,
      destinationTag: 'v1',
    });
    expect(result).toMatchObject({ copied: false, digest: image.digest, bytesCopied: 0 });
    expect(result.previousDigest).toBeUndefined();
    expect(again.calls).toEqual(['resolve']);

    const forced = recording(target);
    const redo = await copyImage({
      source: repository,
      sourceRef: 'v1',
      destination: forced.repository,
      destinationTag: 'v1',
      force: true,
    });
    expect(redo).toMatchObject({ copied: true, blobsCopied: 0, blobsSkipped: 9, bytesCopied: 0 });
    expect(forced.calls.filter((call) => call === 'hasBlob')).toHaveLength(9);
    expect(forced.calls).not.toContain('putBlob');
  });

  it('moves the tag to a new digest and reports the previous one', async () => {
    const first = await multiPlatformSource(['amd64']);
    const second = await multiPlatformSource(['amd64']);
    const destination = new OciLayoutRepository(scratch());
    await copyImage({ source: first.repository, sourceRef: 'v1', destination, destinationTag: 'latest' });
    const result = await copyImage({
      source: second.repository,
      sourceRef: 'v1',
      destination,
      destinationTag: 'latest',
    });
    expect(result).toMatchObject({
      copied: true,
      previousDigest: first.image.digest,
      digest: second.image.digest,
    });
  });

  it('sends a blob again when its upload breaks, and fails cleanly without a tag when it keeps breaking', async () => {
    const { repository, image } = await multiPlatformSource(['amd64']);
    const recovered = new OciLayoutRepository(scratch());
    const result = await copyImage({
      source: repository,
      sourceRef: 'v1',
      destination: flaky(recovered, 2),
      destinationTag: 'v1',
      concurrency: 1,
    });
    expect(result.digest).toBe(image.digest);

    const broken = new OciLayoutRepository(scratch());
    await expect(
      copyImage({
        source: repository,
        sourceRef: 'v1',
        destination: flaky(broken, 100),
        destinationTag: 'v1',
        blobAttempts: 2,
      }),
    ).rejects.toThrow(/connection reset/);
    expect(await broken.listTags()).toEqual([]);
  });

  it('shares blobs across the copies of one session', async () => {
    const dir = scratch();
    const shared = { files: { base: 'the same base layer' } };
    await writeImageLayout(join(dir, 'a'), 'v1', [
      { architecture: 'amd64', layers: [shared, { randomBytes: 100 }] },
    ]);
    await writeImageLayout(join(dir, 'b'), 'v1', [
      { architecture: 'amd64', layers: [shared, { randomBytes: 100 }] },
    ]);
    const destination = new OciLayoutRepository(join(dir, 'out'));
    const session = new CopySession();
    const results = await Promise.all(
      ['a', 'b'].map((name) =>
        copyImage({
          source: new OciLayoutRepository(join(dir, name)),
          sourceRef: 'v1',
          destination,
          destinationTag: name,
          session,
        }),
      ),
    );
    expect(results.reduce((sum, result) => sum + result.blobsCopied, 0)).toBe(5);
  });

  it("does not hand one image its neighbour's failure: a shared blob broken in one source is copied from the other", async () => {
    const dir = scratch();
    const shared = { files: { base: 'the same base layer, broken in a' } };
    await writeImageLayout(join(dir, 'a'), 'v1', [{ architecture: 'amd64', layers: [shared] }]);
    await writeImageLayout(join(dir, 'b'), 'v1', [
      { architecture: 'amd64', layers: [shared, { randomBytes: 100 }] },
    ]);
    const a = new OciLayoutRepository(join(dir, 'a'));
    const layer = ((await a.getManifest('v1')).manifest as ImageManifest).layers[0]!;
    // Same size, other bytes: a's copy of the shared layer fails its digest check.
    const path = join(dir, 'a', 'blobs', 'sha256', layer.digest.slice('sha256:'.length));
    const bytes = readFileSync(path);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    writeFileSync(path, bytes);
    // a reads its blob a little late, so b finds a's copy of the shared layer in flight and waits for it.
    const slow = new Proxy(a, {
      get(target, property, receiver) {
        if (property !== 'getBlob') return Reflect.get(target, property, receiver) as unknown;
        return async (descriptor: Descriptor) => {
          if (descriptor.digest === layer.digest) await new Promise((resolve) => setTimeout(resolve, 300));
          return target.getBlob(descriptor);
        };
      },
    });
    const destination = new OciLayoutRepository(join(dir, 'out'));
    const session = new CopySession();
    const first = copyImage({
      source: slow,
      sourceRef: 'v1',
      destination,
      destinationTag: 'a',
      session,
      blobAttempts: 1,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = copyImage({
      source: new OciLayoutRepository(join(dir, 'b')),
      sourceRef: 'v1',
      destination,
      destinationTag: 'b',
      session,
      blobAttempts: 1,
    });
    const [outcomeA, outcomeB] = await Promise.allSettled([first, second]);
    expect(outcomeA.status).toBe('rejected');
    expect(String((outcomeA as PromiseRejectedResult).reason)).toMatch(/sha256/);
    expect(outcomeB.status === 'fulfilled' ? '' : String(outcomeB.reason)).toBe('');
    expect(await destination.resolve('a')).toBeUndefined();
    expect(await destination.hasBlob(layer.digest)).toBe(true);
    expect((await destination.resolve('b'))?.digest).toBe(
      (await new OciLayoutRepository(join(dir, 'b')).resolve('v1'))?.digest,
    );
  });

  it('logs progress lines while a copy runs', async () => {
    const dir = scratch();
    await writeImageLayout(dir, 'v1', [
      { architecture: 'amd64', layers: [{ randomBytes: 4 * 1024 * 1024 }] },
    ]);
    const logger = new RecordingLogger();
    const seen: number[] = [];
    await copyImage({
      source: new OciLayoutRepository(dir),
      sourceRef: 'v1',
      destination: new OciLayoutRepository(scratch()),
      destinationTag: 'v1',
      logger,
      progressIntervalMs: 1,
      onProgress: (progress) => seen.push(progress.blobsDone),
    });
    expect(seen.at(-1)).toBe(2);
    expect(logger.lines.join('\n')).toMatch(/copied .* 2 blobs/);
  });
});

describe('mapConcurrent', () => {
  it('never runs more than the limit and stops starting work after a failure', async () => {
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const work = async (n: number) => {
      started.push(n);
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      if (n === 3) throw new Error('three');
      return n * 2;
    };
    await expect(mapConcurrent([1, 2, 3, 4, 5, 6, 7, 8], 2, work)).rejects.toThrow('three');
    expect(peak).toBe(2);
    expect(started.length).toBeLessThan(8);
    expect(await mapConcurrent([1, 2, 3], 8, async (n) => n + 1)).toEqual([2, 3, 4]);
  });
});
