import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import {
  TestRegistry,
  digestOf,
  freePort,
  pushLayout,
  skopeoInspectRaw,
  writeImageLayout,
  type BuiltImage,
} from '@airlock/testkit';
import { RegistryError } from '../src/errors.ts';
import { RecordingLogger } from '../src/logger.ts';
import { proxySettingsFrom } from '../src/oci/http.ts';
import { parseReference } from '../src/oci/reference.ts';
import { OciLayoutRepository } from '../src/oci/layout.ts';
import { openRepository } from '../src/oci/open.ts';
import { RegistryClient, RegistryRepository } from '../src/oci/registry.ts';
import { MediaType, isIndex, type Descriptor, type ImageManifest } from '../src/oci/types.ts';

// The client against a real distribution registry (anonymous), with skopeo as the independent oracle.

describe('RegistryClient against a real registry', () => {
  let registry: TestRegistry;
  let client: RegistryClient;
  let work: string;
  let image: BuiltImage;
  const logger = new RecordingLogger();

  const repo = (name: string): RegistryRepository =>
    client.repository(parseReference(`${registry.host}/${name}`));

  beforeAll(async () => {
    registry = await TestRegistry.start();
    client = new RegistryClient({ insecureRegistries: [registry.host], logger });
    work = mkdtempSync(join(tmpdir(), 'airlock-registry-test-'));
    image = await writeImageLayout(join(work, 'multi'), 'v1', [
      { architecture: 'amd64', layers: [{ files: { 'etc/amd64': 'a' } }, { randomBytes: 100_000 }] },
      { architecture: 'arm64', variant: 'v8', layers: [{ files: { 'etc/arm64': 'b' } }] },
    ]);
    await writeImageLayout(join(work, 'single'), 'v1', [
      { architecture: 'amd64', layers: [{ files: { hello: 'world' } }] },
    ]);
    pushLayout(join(work, 'multi'), 'v1', `${registry.host}/multi:v1`);
    pushLayout(join(work, 'single'), 'v1', `${registry.host}/single:v1`);
  });

  afterAll(async () => {
    await client?.close();
    await registry?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('reads an OCI index and its manifests byte-exact, by tag and by digest', async () => {
    const multi = repo('multi');
    const byTag = await multi.getManifest('v1');
    expect(byTag.descriptor.digest).toBe(image.digest);
    expect(byTag.descriptor.mediaType).toBe(MediaType.ociIndex);
    expect(byTag.bytes.equals(skopeoInspectRaw(`${registry.host}/multi:v1`))).toBe(true);
    expect(isIndex(byTag.manifest)).toBe(true);
    for (const digest of image.manifests) {
      const child = await multi.getManifest(digest);
      expect(child.descriptor.digest).toBe(digest);
      expect(digestOf(child.bytes)).toBe(digest);
      expect(child.bytes.equals(skopeoInspectRaw(`${registry.host}/multi@${digest}`))).toBe(true);
    }
  });

  it('resolves tags and digests with HEAD, and undefined for what is not there', async () => {
    const multi = repo('multi');
    expect(await multi.resolve('v1')).toEqual({
      mediaType: MediaType.ociIndex,
      digest: image.digest,
      size: expect.any(Number),
    });
    expect(await multi.resolve('nope')).toBeUndefined();
    expect(await repo('missing').resolve('v1')).toBeUndefined();
    await expect(multi.getManifest('nope')).rejects.toThrow(
      `the manifest nope was not found in ${registry.host}/multi (if the repository is private: ${registry.host} needs credentials`,
    );
  });

  it('round-trips manifests of all four types byte-exact', async () => {
    const source = repo('single');
    const target = repo('four-types');
    const manifest = (await source.getManifest('v1')).manifest as ImageManifest;
    for (const blob of [manifest.config, ...manifest.layers]) {
      await target.putBlob(blob, await source.getBlob(blob));
    }
    const docker = {
      schemaVersion: 2,
      mediaType: MediaType.dockerManifest,
      config: { ...manifest.config, mediaType: MediaType.dockerConfig },
      layers: manifest.layers.map((layer) => ({ ...layer, mediaType: MediaType.dockerLayerGzip })),
    };
    const oci = { ...manifest, annotations: { 'org.example.note': 'é "quoted"' } };
    const written: Descriptor[] = [];
    for (const [body, mediaType] of [
      [docker, MediaType.dockerManifest],
      [oci, MediaType.ociManifest],
    ] as const) {
      const bytes = Buffer.from(JSON.stringify(body, null, 3));
      written.push(await target.putManifest(bytes, mediaType));
    }
    const list = {
      schemaVersion: 2,
      mediaType: MediaType.dockerManifestList,
      manifests: [{ ...written[0]!, platform: { architecture: 'amd64', os: 'linux' } }],
    };
    const index = {
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: [{ ...written[1]!, platform: { architecture: 'amd64', os: 'linux' } }],
    };
    written.push(
      await target.putManifest(Buffer.from(JSON.stringify(list)), MediaType.dockerManifestList, 'list'),
    );
    written.push(await target.putManifest(Buffer.from(JSON.stringify(index)), MediaType.ociIndex, 'index'));
    for (const descriptor of written) {
      const read = await target.getManifest(descriptor.digest);
      expect(read.descriptor).toEqual(descriptor);
      expect(read.bytes.equals(skopeoInspectRaw(`${registry.host}/four-types@${descriptor.digest}`))).toBe(
        true,
      );
    }
    expect((await target.listTags()).sort()).toEqual(['index', 'list']);
  });

  it('streams blobs out verified and uploads them, mounts within the registry, and deletes', async () => {
    const source = repo('multi');
    const child = (await source.getManifest(image.manifests[0]!)).manifest as ImageManifest;
    const big = child.layers[1]!;
    const bytes = await buffer(await source.getBlob(big));
    expect(digestOf(bytes)).toBe(big.digest);

    const uploaded = repo('uploaded');
    expect(await uploaded.hasBlob(big.digest)).toBe(false);
    await uploaded.putBlob(big, () => Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]));
    expect(await uploaded.hasBlob(big.digest)).toBe(true);

    const mounted = repo('mounted');
    expect(await mounted.mountBlob(big, source)).toBe(true);
    expect(await mounted.hasBlob(big.digest)).toBe(true);

    const absent: Descriptor = {
      mediaType: MediaType.ociLayerGzip,
      digest: digestOf(Buffer.from('absent')),
      size: 6,
    };
    expect(await mounted.mountBlob(absent, source)).toBe(false);
    // The session a declined mount left open takes the upload.
    await mounted.putBlob(absent, Readable.from([Buffer.from('absent')]));
    expect(await mounted.hasBlob(absent.digest)).toBe(true);

    const wrong: Descriptor = {
      mediaType: MediaType.ociLayerGzip,
      digest: digestOf(Buffer.from('right')),
      size: 5,
    };
    await expect(mounted.putBlob(wrong, Readable.from([Buffer.from('wrong')]))).rejects.toThrow(
      RegistryError,
    );
    expect(await mounted.hasBlob(wrong.digest)).toBe(false);

    const tagged = await repo('single').resolve('v1');
    await repo('single').deleteManifest(tagged!.digest);
    expect(await repo('single').resolve('v1')).toBeUndefined();
  });

  it('lists tags across pages', async () => {
    const target = repo('paged');
    const config = Buffer.from('{}');
    const configDescriptor = {
      mediaType: MediaType.ociConfig,
      digest: digestOf(config),
      size: config.length,
    };
    await target.putBlob(configDescriptor, Readable.from([config]));
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        config: configDescriptor,
        layers: [],
      }),
    );
    const names = Array.from({ length: 7 }, (_, i) => `t${i}`);
    for (const name of names) await target.putManifest(manifest, MediaType.ociManifest, name);
    expect((await target.listTags(3)).sort()).toEqual(names);
    expect((await target.listTags()).sort()).toEqual(names);
    expect(await repo('never-written').listTags()).toEqual([]);
  });

  it('opens a registry repository or an OCI layout from one reference', () => {
    expect(openRepository(`${registry.host}/multi:v1`, { client })).toBeInstanceOf(RegistryRepository);
    expect(openRepository(parseReference('oci:./somewhere:v1'), { client })).toBeInstanceOf(
      OciLayoutRepository,
    );
    expect(() => openRepository('Bad/Name', { client, inputName: 'source' })).toThrow('Input "source"');
  });

  it('rejects a manifest whose stored bytes were changed, read by tag and by digest', async () => {
    const config = Buffer.from('{"architecture":"amd64","os":"linux"}');
    const target = repo('tampered');
    const configDescriptor = {
      mediaType: MediaType.ociConfig,
      digest: digestOf(config),
      size: config.length,
    };
    await target.putBlob(configDescriptor, Readable.from([config]));
    const bytes = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        config: configDescriptor,
        layers: [],
        annotations: { note: 'original' },
      }),
    );
    const written = await target.putManifest(bytes, MediaType.ociManifest, 'v1');
    // Flip one letter inside a JSON string in the registry's own storage: the JSON still parses.
    const stored = join(
      registry.root,
      'data/docker/registry/v2/blobs/sha256',
      written.digest.slice(7, 9),
      written.digest.slice(7),
      'data',
    );
    writeFileSync(stored, Buffer.from(readFileSync(stored, 'utf8').replace('original', 'Original')));
    const strict = new RegistryClient({
      insecureRegistries: [registry.host],
      retry: { sleep: async () => {} },
    });
    try {
      const tampered = strict.repository(parseReference(`${registry.host}/tampered`));
      for (const reference of ['v1', written.digest]) {
        const error = await tampered.getManifest(reference).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(RegistryError);
        expect((error as Error).message).toContain(`has the digest sha256:`);
        expect((error as Error).message).toContain(`not ${written.digest}`);
      }
    } finally {
      await strict.close();
    }
  });

  it('reaches the registry through an HTTP proxy, and directly for NO_PROXY hosts', async () => {
    const used: string[] = [];
    const proxy = createServer((request, response) => {
      // A forward proxy: absolute-URI requests are passed on.
      used.push(`${request.method} ${request.url}`);
      const target = new URL(request.url ?? '');
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: request.method,
          path: target.pathname + target.search,
          headers: request.headers,
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      request.pipe(upstream);
    });
    proxy.on('connect', (request: IncomingMessage, socket: Socket, head: Buffer) => {
      // A tunnelling proxy: CONNECT host:port, then bytes both ways.
      used.push(`CONNECT ${request.url}`);
      const [host, port] = (request.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket).pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    const port = await freePort();
    await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', () => resolve()));
    const settings = proxySettingsFrom({
      http_proxy: `http://127.0.0.1:${port}`,
      NO_PROXY: 'example.invalid',
    });
    const proxied = new RegistryClient({
      insecureRegistries: [registry.host],
      ...(settings ? { proxy: settings } : {}),
    });
    const direct = new RegistryClient({
      insecureRegistries: [registry.host],
      proxy: { httpProxy: `http://127.0.0.1:${port}`, noProxy: registry.host.split(':')[0] },
    });
    try {
      const viaProxy = await proxied.repository(parseReference(`${registry.host}/multi`)).getManifest('v1');
      expect(viaProxy.descriptor.digest).toBe(image.digest);
      expect(used.length).toBeGreaterThan(0);
      expect(used.every((line) => line.includes(registry.host))).toBe(true);
      const count = used.length;
      expect((await direct.repository(parseReference(`${registry.host}/multi`)).resolve('v1'))?.digest).toBe(
        image.digest,
      );
      expect(used.length).toBe(count);
      expect(proxySettingsFrom({ PATH: '/bin' })).toBeUndefined();
    } finally {
      await Promise.all([proxied.close(), direct.close()]);
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('falls back to the sha256-<hex> tag index for referrers on a registry without the API', async () => {
    const target = repo('four-types');
    const subject = (await target.resolve('index'))!;
    expect(await target.referrers(subject.digest)).toEqual([]);
    const config = Buffer.from('{}');
    const empty = { mediaType: MediaType.ociEmpty, digest: digestOf(config), size: 2 };
    await target.putBlob(empty, Readable.from([config]));
    const referrer = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        artifactType: 'application/example',
        config: empty,
        layers: [empty],
        subject,
      }),
    );
    const put = await target.putManifestWithResult(referrer, MediaType.ociManifest);
    expect(put.subjectAccepted).toBe(false);
    const fallback = {
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: [{ ...put.descriptor, artifactType: 'application/example' }],
    };
    await target.putManifest(
      Buffer.from(JSON.stringify(fallback)),
      MediaType.ociIndex,
      subject.digest.replace(':', '-'),
    );
    expect(await target.referrers(subject.digest)).toEqual(fallback.manifests);
    expect(await target.referrers(subject.digest, 'application/other')).toEqual([]);
    const tagIndex = await target.referrersTagIndex(subject.digest);
    expect(tagIndex?.data.etag).toBeDefined();
  });
});
