import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import {
  FaultProxy,
  TestRegistry,
  digestOf,
  freePort,
  pushLayout,
  writeImageLayout,
  type BuiltImage,
} from '@airlock/testkit';
import { RegistryError, errorMessage } from '../src/errors.ts';
import { RecordingLogger } from '../src/logger.ts';
import { DigestMismatchError } from '../src/oci/digest.ts';
import { parseRetryAfter } from '../src/oci/http.ts';
import { parseReference } from '../src/oci/reference.ts';
import { RegistryClient, type RegistryRepository } from '../src/oci/registry.ts';
import { MediaType, isIndex, type Descriptor, type ImageManifest } from '../src/oci/types.ts';

// The client's own retries and verification, through a proxy that breaks requests on purpose.

const isManifestGet = (method: string, path: string) => method === 'GET' && path.includes('/manifests/');
const isBlobGet = (method: string, path: string) => method === 'GET' && path.includes('/blobs/sha256:');

describe('the registry client under injected faults', () => {
  let registry: TestRegistry;
  let proxy: FaultProxy;
  let work: string;
  let image: BuiltImage;
  let logger: RecordingLogger;
  let sleeps: number[];
  let client: RegistryClient;
  let repository: RegistryRepository;
  let layer: Descriptor;

  beforeAll(async () => {
    registry = await TestRegistry.start();
    proxy = await FaultProxy.start({ target: registry.host, seed: 7 });
    work = mkdtempSync(join(tmpdir(), 'airlock-faults-'));
    image = await writeImageLayout(join(work, 'image'), 'v1', [
      { architecture: 'amd64', layers: [{ randomBytes: 300_000 }, { files: { a: 'b' } }] },
      { architecture: 'arm64', layers: [{ randomBytes: 200_000 }] },
    ]);
    pushLayout(join(work, 'image'), 'v1', `${registry.host}/app:v1`);
  });

  beforeEach(async () => {
    await client?.close();
    logger = new RecordingLogger();
    sleeps = [];
    proxy.rate = 0;
    proxy.clearQueued();
    client = new RegistryClient({
      insecureRegistries: [proxy.host],
      logger,
      retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
    });
    repository = client.repository(parseReference(`${proxy.host}/app`));
    const manifest = (await repository.getManifest(image.manifests[0]!)).manifest as ImageManifest;
    layer = manifest.layers[0]!;
  });

  afterAll(async () => {
    await client?.close();
    await proxy?.stop();
    await registry?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it.each(['status500', 'status503'] as const)('retries a %s to success with backoff', async (kind) => {
    proxy.failNext(kind, 2, isManifestGet);
    const before = proxy.injected[kind];
    const read = await repository.getManifest('v1');
    expect(read.descriptor.digest).toBe(image.digest);
    expect(proxy.injected[kind]).toBe(before + 2);
    expect(sleeps).toEqual([188, 375]); // 250 and 500 ms ceilings, three quarters of each with random() = 0.5
  });

  it('honours Retry-After on 429', async () => {
    proxy.failNext('status429', 1, isManifestGet);
    expect((await repository.getManifest('v1')).descriptor.digest).toBe(image.digest);
    expect(sleeps).toEqual([1000]);
    expect(parseRetryAfter('3')).toBe(3000);
    expect(
      parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 0, 30)).toUTCString(), Date.UTC(2030, 0, 1)),
    ).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('caps a long Retry-After', async () => {
    const capped = new RegistryClient({
      insecureRegistries: [proxy.host],
      retry: { sleep: async (ms) => void sleeps.push(ms), maxRetryAfterMs: 200 },
    });
    try {
      proxy.failNext('status429', 1, isManifestGet);
      await capped.repository(parseReference(`${proxy.host}/app`)).getManifest('v1');
      expect(sleeps).toEqual([200]);
    } finally {
      await capped.close();
    }
  });

  it('gives up after the attempts it was given, with the status in the message', async () => {
    proxy.failNext('status503', 5, isManifestGet);
    const error = await repository.getManifest('v1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(errorMessage(error)).toBe(
      `reading manifest v1 of ${proxy.host}/app failed: HTTP 503 (INJECTED: injected 503)`,
    );
    expect(sleeps).toHaveLength(4);
  });

  it('retries a reset connection and a truncated manifest', async () => {
    proxy.failNext('reset', 1, isManifestGet);
    proxy.failNext('truncate', 1, isManifestGet);
    proxy.failNext('reset', 1, (method) => method === 'HEAD');
    expect((await repository.getManifest('v1')).descriptor.digest).toBe(image.digest);
    expect((await repository.resolve('v1'))?.digest).toBe(image.digest);
    expect(sleeps).toHaveLength(3);
  });

  it('gives up on a request that gets no answer and tries again', async () => {
    const patient = new RegistryClient({
      insecureRegistries: [proxy.host],
      timeouts: { headersMs: 300 },
      retry: { sleep: async (ms) => void sleeps.push(ms) },
    });
    try {
      proxy.failNext('stall', 1, isManifestGet);
      const read = await patient.repository(parseReference(`${proxy.host}/app`)).getManifest('v1');
      expect(read.descriptor.digest).toBe(image.digest);
      expect(proxy.injected.stall).toBeGreaterThanOrEqual(1);
      expect(sleeps).toHaveLength(1);
    } finally {
      await patient.close();
    }
  });

  it('retries a manifest whose bytes were corrupted, and refuses one that always is', async () => {
    proxy.failNext('corrupt', 1, isManifestGet);
    const read = await repository.getManifest('v1');
    expect(read.descriptor.digest).toBe(image.digest);
    expect(digestOf(read.bytes)).toBe(image.digest);

    proxy.failNext('corrupt', 5, isManifestGet);
    const error = await repository.getManifest('v1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(errorMessage(error)).toMatch(
      new RegExp(
        `^the manifest v1 of ${proxy.host}/app has the digest sha256:[0-9a-f]{64}, not ${image.digest}`,
      ),
    );
  });

  it('resumes a blob download after a reset or a cut in the middle of the body', async () => {
    for (const kind of ['reset', 'truncate'] as const) {
      proxy.failNext(kind, 1, isBlobGet);
      const bytes = await buffer(await repository.getBlob(layer));
      expect(bytes).toHaveLength(layer.size);
      expect(digestOf(bytes)).toBe(layer.digest);
    }
    const ranged = proxy.requests.filter((request) => isBlobGet(request.method, request.path));
    expect(ranged.length).toBeGreaterThanOrEqual(4);
    expect(logger.lines.some((line) => line.includes('resuming'))).toBe(true);
  });

  it('stops resuming a download whose connection keeps breaking, with a registry error', async () => {
    proxy.failNext('reset', 20, isBlobGet);
    const error = await buffer(await repository.getBlob(layer)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(errorMessage(error)).toMatch(
      new RegExp(
        `^reading blob ${layer.digest} of ${proxy.host}/app failed after \\d+ bytes and 5 resumed connections`,
      ),
    );
  });

  it('ends a corrupted blob download in a digest error, never in wrong bytes', async () => {
    proxy.failNext('corrupt', 1, isBlobGet);
    const error = await buffer(await repository.getBlob(layer)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigestMismatchError);
    expect(error).toBeInstanceOf(RegistryError);
    expect(errorMessage(error)).toContain(`${proxy.host}/app blob ${layer.digest}: content has digest`);
  });

  it('restarts an upload from a fresh stream when given a factory, and fails cleanly with a bare stream', async () => {
    const data = Buffer.from('upload me '.repeat(1000));
    const blob: Descriptor = { mediaType: MediaType.ociLayerGzip, digest: digestOf(data), size: data.length };
    const target = client.repository(parseReference(`${proxy.host}/uploads`));
    const isPut = (method: string) => method === 'PUT';

    proxy.failNext('status500', 1, isPut);
    await expect(target.putBlob(blob, Readable.from([data]))).rejects.toThrow(RegistryError);
    expect(await target.hasBlob(blob.digest)).toBe(false);

    proxy.failNext('status500', 1, isPut);
    proxy.failNext('reset', 1, isPut);
    let opened = 0;
    await target.putBlob(blob, () => {
      opened++;
      return Readable.from([data.subarray(0, 10), data.subarray(10)]);
    });
    expect(opened).toBe(3);
    expect(await target.hasBlob(blob.digest)).toBe(true);
  });

  it('uploads in chunks when asked, starting over from a fresh stream when a chunk fails', async () => {
    const chunked = new RegistryClient({
      insecureRegistries: [proxy.host],
      uploadChunkSize: 64 * 1024,
      retry: { sleep: async (ms) => void sleeps.push(ms) },
    });
    try {
      const source = chunked.repository(parseReference(`${proxy.host}/app`));
      const target = chunked.repository(parseReference(`${proxy.host}/chunked`));
      const before = proxy.requests.length;
      proxy.failNext('status500', 1, (method) => method === 'PATCH');
      proxy.failNext('reset', 1, (method) => method === 'PATCH');
      const data = await buffer(await source.getBlob(layer));
      let opened = 0;
      await target.putBlob(layer, () => {
        opened++;
        return Readable.from([data]);
      });
      expect(opened).toBe(3);
      const chunks = Math.ceil(layer.size / (64 * 1024));
      const patches = proxy.requests.slice(before).filter((request) => request.method === 'PATCH');
      // Each of the first two attempts ends at its first chunk; the third sends them all.
      expect(patches).toHaveLength(2 + chunks);
      expect(digestOf(await buffer(await target.getBlob(layer)))).toBe(layer.digest);
    } finally {
      await chunked.close();
    }
  });

  it('reads a whole image exactly, or fails cleanly, with 15% of requests faulted at random', async () => {
    const outcomes: string[] = [];
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const faulty = await FaultProxy.start({ target: registry.host, seed, rate: 0.15 });
      const faultyClient = new RegistryClient({
        insecureRegistries: [faulty.host],
        retry: { sleep: async () => {} },
      });
      try {
        const repo = faultyClient.repository(parseReference(`${faulty.host}/app`));
        const top = await repo.getManifest('v1');
        if (top.descriptor.digest !== image.digest || !isIndex(top.manifest)) throw new Error('wrong index');
        for (const child of top.manifest.manifests) {
          const manifest = (await repo.getManifest(child.digest)).manifest as ImageManifest;
          for (const blob of [manifest.config, ...manifest.layers]) {
            const bytes = await buffer(await repo.getBlob(blob));
            if (digestOf(bytes) !== blob.digest) throw new Error(`wrong bytes for ${blob.digest}`);
          }
        }
        outcomes.push(`exact (${faulty.totalInjected} faults)`);
      } catch (error) {
        // A clean failure is a digest or registry error; anything else is a wrong result.
        expect(error instanceof DigestMismatchError || error instanceof RegistryError).toBe(true);
        outcomes.push(`failed cleanly: ${errorMessage(error)}`);
      } finally {
        await faultyClient.close();
        await faulty.stop();
      }
    }
    // On failure, the outcomes of every seed are shown.
    const exact = outcomes.filter((outcome) => outcome.startsWith('exact')).length;
    expect(exact >= 4 ? 'at least 4 of 6 exact' : outcomes).toBe('at least 4 of 6 exact');
  });
});

describe('errors that name the host and what to do', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await TestRegistry.start();
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('says the registry cannot be reached', async () => {
    const host = `127.0.0.1:${await freePort()}`;
    const client = new RegistryClient({ insecureRegistries: [host], retry: { sleep: async () => {} } });
    try {
      await expect(client.ping(host)).rejects.toThrow(`cannot reach ${host}: ECONNREFUSED`);
    } finally {
      await client.close();
    }
  });

  it('suggests insecure-registries when TLS meets a plain-HTTP registry', async () => {
    const client = new RegistryClient({ retry: { attempts: 1 } });
    try {
      await expect(client.ping(registry.host)).rejects.toThrow(
        new RegExp(
          `^cannot reach ${registry.host} over TLS \\(.+\\): if it serves plain HTTP, list it in insecure-registries$`,
        ),
      );
    } finally {
      await client.close();
    }
  });
});
