import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { OciServer, ociMediaTypes } from '../src/index.ts';

// The embedded registry against what the OCI distribution-spec conformance suite checks, group by group
// (pull, push, content discovery, content management), plus the distribution behaviours our clients and
// Trivy rely on (Accept rules, Range, If-Match).

const sha256 = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

let registry: OciServer;
const url = (path: string) => registry.url(path);
const ociAccept = { accept: `${ociMediaTypes.manifest}, ${ociMediaTypes.index}` };

async function pushBlob(repository: string, data: Buffer): Promise<string> {
  const digest = sha256(data);
  const response = await fetch(url(`/v2/${repository}/blobs/uploads/?digest=${digest}`), {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: new Uint8Array(data),
  });
  expect(response.status).toBe(201);
  return digest;
}

async function pushImage(repository: string, tag: string, extra: Record<string, unknown> = {}) {
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', tag }));
  const layer = Buffer.from(`layer of ${repository}:${tag}`);
  const manifest = {
    schemaVersion: 2,
    mediaType: ociMediaTypes.manifest,
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: await pushBlob(repository, config),
      size: config.length,
    },
    layers: [
      {
        mediaType: 'application/vnd.oci.image.layer.v1.tar',
        digest: await pushBlob(repository, layer),
        size: layer.length,
      },
    ],
    ...extra,
  };
  const body = Buffer.from(JSON.stringify(manifest));
  const response = await fetch(url(`/v2/${repository}/manifests/${tag}`), {
    method: 'PUT',
    headers: { 'content-type': ociMediaTypes.manifest },
    body: new Uint8Array(body),
  });
  expect(response.status).toBe(201);
  return { digest: sha256(body), body, response, layer, config };
}

beforeAll(async () => {
  registry = await OciServer.start();
});
afterAll(async () => {
  await registry?.stop();
});

describe('the embedded OCI registry: pull', () => {
  let image: Awaited<ReturnType<typeof pushImage>>;
  beforeAll(async () => {
    image = await pushImage('pull/app', 'v1');
  });

  it('answers /v2/ with 200 and the API version header', async () => {
    const response = await fetch(url('/v2/'));
    expect(response.status).toBe(200);
    expect(response.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
  });

  it('pulls a manifest by tag and by digest, with its digest and media type', async () => {
    for (const reference of ['v1', image.digest]) {
      const response = await fetch(url(`/v2/pull/app/manifests/${reference}`), { headers: ociAccept });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(ociMediaTypes.manifest);
      expect(response.headers.get('docker-content-digest')).toBe(image.digest);
      expect(Buffer.from(await response.arrayBuffer())).toEqual(image.body);
    }
  });

  it('answers HEAD on a manifest with headers and no body', async () => {
    const response = await fetch(url('/v2/pull/app/manifests/v1'), { method: 'HEAD', headers: ociAccept });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(image.body.length));
    expect(await response.text()).toBe('');
  });

  it('pulls a blob, HEADs it, and serves a Range of it', async () => {
    const digest = sha256(image.layer);
    const get = await fetch(url(`/v2/pull/app/blobs/${digest}`));
    expect(get.status).toBe(200);
    expect(Buffer.from(await get.arrayBuffer())).toEqual(image.layer);
    const head = await fetch(url(`/v2/pull/app/blobs/${digest}`), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(image.layer.length));
    expect(head.headers.get('docker-content-digest')).toBe(digest);
    const range = await fetch(url(`/v2/pull/app/blobs/${digest}`), { headers: { range: 'bytes=6-' } });
    expect(range.status).toBe(206);
    expect(await range.text()).toBe(image.layer.subarray(6).toString());
    expect(range.headers.get('content-range')).toBe(
      `bytes 6-${image.layer.length - 1}/${image.layer.length}`,
    );
  });

  it('answers 404 with a distribution error code for what is not there', async () => {
    const missing = sha256('missing');
    const blob = await fetch(url(`/v2/pull/app/blobs/${missing}`));
    expect(blob.status).toBe(404);
    expect(((await blob.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe('BLOB_UNKNOWN');
    const manifest = await fetch(url('/v2/pull/app/manifests/nope'), { headers: ociAccept });
    expect(manifest.status).toBe(404);
    expect(((await manifest.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe(
      'MANIFEST_UNKNOWN',
    );
    const repository = await fetch(url('/v2/pull/none/manifests/v1'), { headers: ociAccept });
    expect(repository.status).toBe(404);
  });

  it('does not serve a blob to a repository that does not hold it', async () => {
    const response = await fetch(url(`/v2/pull/other/blobs/${sha256(image.layer)}`));
    expect(response.status).toBe(404);
  });

  it('answers 404 for an OCI manifest when Accept does not list OCI types (as distribution 2.8)', async () => {
    const none = await fetch(url('/v2/pull/app/manifests/v1'));
    expect(none.status).toBe(404);
    const dockerOnly = await fetch(url('/v2/pull/app/manifests/v1'), {
      headers: { accept: ociMediaTypes.dockerManifest },
    });
    expect(dockerOnly.status).toBe(404);
  });

  it('rejects invalid names, tags and digests with 400', async () => {
    expect((await fetch(url('/v2/Upper/manifests/v1'))).status).toBe(400);
    expect((await fetch(url('/v2/pull/app/manifests/-bad'))).status).toBe(400);
    expect((await fetch(url('/v2/pull/app/blobs/sha256:1234'))).status).toBe(400);
  });
});

describe('the embedded OCI registry: push', () => {
  it('pushes a blob monolithically: POST then PUT with the digest', async () => {
    const data = Buffer.from('post then put');
    const start = await fetch(url('/v2/push/app/blobs/uploads/'), { method: 'POST' });
    expect(start.status).toBe(202);
    const location = start.headers.get('location')!;
    expect(location).toMatch(/^\/v2\/push\/app\/blobs\/uploads\/.+/);
    const put = await fetch(url(`${location}?digest=${sha256(data)}`), {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array(data),
    });
    expect(put.status).toBe(201);
    expect(put.headers.get('location')).toBe(`/v2/push/app/blobs/${sha256(data)}`);
    expect((await fetch(url(`/v2/push/app/blobs/${sha256(data)}`))).status).toBe(200);
  });

  it('pushes a blob monolithically in a single POST', async () => {
    await pushBlob('push/app', Buffer.from('single post'));
  });

  it('pushes a blob in chunks (PATCH with Content-Range), reports progress, closes with PUT', async () => {
    const data = Buffer.from('0123456789abcdefghij');
    const start = await fetch(url('/v2/push/app/blobs/uploads/'), { method: 'POST' });
    let location = start.headers.get('location')!;
    for (const [from, to] of [
      [0, 9],
      [10, 19],
    ] as const) {
      const patch = await fetch(url(location), {
        method: 'PATCH',
        headers: { 'content-type': 'application/octet-stream', 'content-range': `${from}-${to}` },
        body: new Uint8Array(data.subarray(from, to + 1)),
      });
      expect(patch.status).toBe(202);
      expect(patch.headers.get('range')).toBe(`0-${to}`);
      location = patch.headers.get('location')!;
    }
    const status = await fetch(url(location));
    expect(status.status).toBe(204);
    expect(status.headers.get('range')).toBe('0-19');
    const put = await fetch(url(`${location}?digest=${sha256(data)}`), { method: 'PUT' });
    expect(put.status).toBe(201);
    const get = await fetch(url(`/v2/push/app/blobs/${sha256(data)}`));
    expect(await get.text()).toBe(data.toString());
  });

  it('refuses an out-of-order chunk with 416', async () => {
    const start = await fetch(url('/v2/push/app/blobs/uploads/'), { method: 'POST' });
    const location = start.headers.get('location')!;
    const patch = await fetch(url(location), {
      method: 'PATCH',
      headers: { 'content-type': 'application/octet-stream', 'content-range': '5-9' },
      body: new Uint8Array(Buffer.from('56789')),
    });
    expect(patch.status).toBe(416);
  });

  it('verifies the digest of an upload: a wrong one is 400 DIGEST_INVALID and stores nothing', async () => {
    const wrong = sha256('something else');
    const response = await fetch(url(`/v2/push/app/blobs/uploads/?digest=${wrong}`), {
      method: 'POST',
      body: new Uint8Array(Buffer.from('these bytes')),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe(
      'DIGEST_INVALID',
    );
    expect((await fetch(url(`/v2/push/app/blobs/${wrong}`))).status).toBe(404);
  });

  it('mounts a blob from another repository (201), and opens a session when it cannot (202)', async () => {
    const digest = await pushBlob('push/source', Buffer.from('mount me'));
    const mounted = await fetch(url(`/v2/push/target/blobs/uploads/?mount=${digest}&from=push/source`), {
      method: 'POST',
    });
    expect(mounted.status).toBe(201);
    expect(mounted.headers.get('location')).toBe(`/v2/push/target/blobs/${digest}`);
    expect((await fetch(url(`/v2/push/target/blobs/${digest}`))).status).toBe(200);
    const missing = await fetch(
      url(`/v2/push/target/blobs/uploads/?mount=${sha256('no')}&from=push/source`),
      {
        method: 'POST',
      },
    );
    expect(missing.status).toBe(202);
    expect(missing.headers.get('location')).toMatch(/uploads\/.+/);
  });

  it('pushes a manifest by tag and by digest; the Location and digest headers name it', async () => {
    const tagged = await pushImage('push/app', 'v1');
    expect(tagged.response.headers.get('docker-content-digest')).toBe(tagged.digest);
    expect(tagged.response.headers.get('location')).toBe(`/v2/push/app/manifests/${tagged.digest}`);
    const byDigest = await fetch(url(`/v2/push/app/manifests/${tagged.digest}`), {
      method: 'PUT',
      headers: { 'content-type': ociMediaTypes.manifest },
      body: new Uint8Array(tagged.body),
    });
    expect(byDigest.status).toBe(201);
  });

  it('refuses a manifest pushed under a digest that is not its own', async () => {
    const image = await pushImage('push/app', 'v2');
    const response = await fetch(url(`/v2/push/app/manifests/${sha256('other')}`), {
      method: 'PUT',
      headers: { 'content-type': ociMediaTypes.manifest },
      body: new Uint8Array(image.body),
    });
    expect(response.status).toBe(400);
  });

  it('refuses a manifest whose blobs are missing (MANIFEST_BLOB_UNKNOWN)', async () => {
    const manifest = {
      schemaVersion: 2,
      mediaType: ociMediaTypes.manifest,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256('nope'), size: 4 },
      layers: [],
    };
    const response = await fetch(url('/v2/push/app/manifests/broken'), {
      method: 'PUT',
      headers: { 'content-type': ociMediaTypes.manifest },
      body: JSON.stringify(manifest),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe(
      'MANIFEST_BLOB_UNKNOWN',
    );
  });

  it('pushes an index whose children exist, and refuses one whose children do not', async () => {
    const child = await pushImage('push/multi', 'amd64');
    const index = (digests: string[]) =>
      JSON.stringify({
        schemaVersion: 2,
        mediaType: ociMediaTypes.index,
        manifests: digests.map((digest) => ({
          mediaType: ociMediaTypes.manifest,
          digest,
          size: child.body.length,
          platform: { os: 'linux', architecture: 'amd64' },
        })),
      });
    const ok = await fetch(url('/v2/push/multi/manifests/latest'), {
      method: 'PUT',
      headers: { 'content-type': ociMediaTypes.index },
      body: index([child.digest]),
    });
    expect(ok.status).toBe(201);
    const refused = await fetch(url('/v2/push/multi/manifests/broken'), {
      method: 'PUT',
      headers: { 'content-type': ociMediaTypes.index },
      body: index([sha256('absent')]),
    });
    expect(refused.status).toBe(400);
  });

  it('refuses a manifest that is not JSON or of an unknown media type', async () => {
    const notJson = await fetch(url('/v2/push/app/manifests/x'), {
      method: 'PUT',
      headers: { 'content-type': ociMediaTypes.manifest },
      body: 'not json',
    });
    expect(notJson.status).toBe(400);
    const unknown = await fetch(url('/v2/push/app/manifests/x'), {
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
      body: '{"schemaVersion":2}',
    });
    expect(unknown.status).toBe(400);
  });

  it('keeps Docker media types as pushed, and answers a manifest list with its linux/amd64 child to a client that cannot read lists', async () => {
    const config = Buffer.from('{"architecture":"amd64","os":"linux"}');
    const configDigest = await pushBlob('push/docker', config);
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: ociMediaTypes.dockerManifest,
        config: {
          mediaType: 'application/vnd.docker.container.image.v1+json',
          digest: configDigest,
          size: config.length,
        },
        layers: [],
      }),
    );
    const put = await fetch(url('/v2/push/docker/manifests/amd64'), {
      method: 'PUT',
      headers: { 'content-type': ociMediaTypes.dockerManifest },
      body: new Uint8Array(manifest),
    });
    expect(put.status).toBe(201);
    const list = JSON.stringify({
      schemaVersion: 2,
      mediaType: ociMediaTypes.dockerList,
      manifests: [
        {
          mediaType: ociMediaTypes.dockerManifest,
          digest: sha256(manifest),
          size: manifest.length,
          platform: { os: 'linux', architecture: 'amd64' },
        },
      ],
    });
    expect(
      (
        await fetch(url('/v2/push/docker/manifests/latest'), {
          method: 'PUT',
          headers: { 'content-type': ociMediaTypes.dockerList },
          body: list,
        })
      ).status,
    ).toBe(201);
    const asList = await fetch(url('/v2/push/docker/manifests/latest'), {
      headers: { accept: `${ociMediaTypes.dockerList}, ${ociMediaTypes.dockerManifest}` },
    });
    expect(asList.headers.get('content-type')).toBe(ociMediaTypes.dockerList);
    expect(await asList.text()).toBe(list);
    const asManifest = await fetch(url('/v2/push/docker/manifests/latest'), {
      headers: { accept: ociMediaTypes.dockerManifest },
    });
    expect(asManifest.headers.get('content-type')).toBe(ociMediaTypes.dockerManifest);
    expect(asManifest.headers.get('docker-content-digest')).toBe(sha256(manifest));
  });

  it('moves a tag only when If-Match names where it is now', async () => {
    const first = await pushImage('push/etag', 'v1');
    const second = await pushImage('push/etag', 'other');
    const put = (ifMatch: string) =>
      fetch(url('/v2/push/etag/manifests/v1'), {
        method: 'PUT',
        headers: { 'content-type': ociMediaTypes.manifest, 'if-match': ifMatch },
        body: new Uint8Array(second.body),
      });
    expect((await put(`"${sha256('stale')}"`)).status).toBe(412);
    const head = await fetch(url('/v2/push/etag/manifests/v1'), { method: 'HEAD', headers: ociAccept });
    expect(head.headers.get('etag')).toBe(`"${first.digest}"`);
    expect((await put(head.headers.get('etag')!)).status).toBe(201);
  });
});

describe('the embedded OCI registry: content discovery', () => {
  let subject: Awaited<ReturnType<typeof pushImage>>;
  beforeAll(async () => {
    subject = await pushImage('discover/app', 'v1');
    for (const tag of ['v2', 'v3', 'v4', 'latest']) await pushImage('discover/app', tag);
  });

  it('lists tags, sorted', async () => {
    const response = await fetch(url('/v2/discover/app/tags/list'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: 'discover/app', tags: ['latest', 'v1', 'v2', 'v3', 'v4'] });
  });

  it('paginates tags with n and last, and a Link to the next page', async () => {
    const first = await fetch(url('/v2/discover/app/tags/list?n=2'));
    expect(((await first.json()) as { tags: string[] }).tags).toEqual(['latest', 'v1']);
    const link = first.headers.get('link')!;
    expect(link).toBe('</v2/discover/app/tags/list?n=2&last=v1>; rel="next"');
    const second = await fetch(url(/<([^>]+)>/.exec(link)![1]!));
    expect(((await second.json()) as { tags: string[] }).tags).toEqual(['v2', 'v3']);
    const last = await fetch(url('/v2/discover/app/tags/list?n=2&last=v3'));
    expect(((await last.json()) as { tags: string[] }).tags).toEqual(['v4']);
    expect(last.headers.get('link')).toBeNull();
    const zero = await fetch(url('/v2/discover/app/tags/list?n=0'));
    expect(((await zero.json()) as { tags: string[] }).tags).toEqual([]);
  });

  it('answers NAME_UNKNOWN for the tags of an unknown repository', async () => {
    const response = await fetch(url('/v2/discover/none/tags/list'));
    expect(response.status).toBe(404);
    expect(((await response.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe('NAME_UNKNOWN');
  });

  it('lists referrers of a subject, filters them by artifactType, and answers OCI-Subject on push', async () => {
    const empty = await fetch(url(`/v2/discover/app/referrers/${subject.digest}`));
    expect(empty.status).toBe(200);
    expect(empty.headers.get('content-type')).toBe(ociMediaTypes.index);
    expect(((await empty.json()) as { manifests: unknown[] }).manifests).toEqual([]);

    const descriptor = {
      mediaType: ociMediaTypes.manifest,
      digest: subject.digest,
      size: subject.body.length,
    };
    const sbom = await pushImage('discover/app', 'sbom', {
      artifactType: 'application/vnd.example.sbom',
      subject: descriptor,
      annotations: { 'org.example.kind': 'sbom' },
    });
    expect(sbom.response.headers.get('oci-subject')).toBe(subject.digest);
    const sig = await pushImage('discover/app', 'sig', {
      artifactType: 'application/vnd.example.sig',
      subject: descriptor,
    });

    const all = (await (await fetch(url(`/v2/discover/app/referrers/${subject.digest}`))).json()) as {
      manifests: { digest: string; artifactType?: string; annotations?: Record<string, string> }[];
    };
    expect(all.manifests.map((m) => m.digest).sort()).toEqual([sbom.digest, sig.digest].sort());
    expect(all.manifests.find((m) => m.digest === sbom.digest)).toMatchObject({
      artifactType: 'application/vnd.example.sbom',
      annotations: { 'org.example.kind': 'sbom' },
    });
    const filtered = await fetch(
      url(`/v2/discover/app/referrers/${subject.digest}?artifactType=application/vnd.example.sig`),
    );
    expect(filtered.headers.get('oci-filters-applied')).toBe('artifactType');
    expect(
      ((await filtered.json()) as { manifests: { digest: string }[] }).manifests.map((m) => m.digest),
    ).toEqual([sig.digest]);
  });

  it('has no referrers endpoint when started without it (plain 404), as distribution 2.8', async () => {
    const plain = await OciServer.start({ referrers: false });
    try {
      const response = await fetch(plain.url(`/v2/x/referrers/${subject.digest}`));
      expect(response.status).toBe(404);
    } finally {
      await plain.stop();
    }
  });
});

describe('the embedded OCI registry: content management', () => {
  it('deletes a tag, and then the manifest by digest', async () => {
    const image = await pushImage('manage/app', 'v1');
    await pushImage('manage/app', 'keep');
    const tag = await fetch(url('/v2/manage/app/manifests/v1'), { method: 'DELETE' });
    expect(tag.status).toBe(202);
    expect((await fetch(url('/v2/manage/app/manifests/v1'), { headers: ociAccept })).status).toBe(404);
    expect(
      (await fetch(url(`/v2/manage/app/manifests/${image.digest}`), { headers: ociAccept })).status,
    ).toBe(200);
    const manifest = await fetch(url(`/v2/manage/app/manifests/${image.digest}`), { method: 'DELETE' });
    expect(manifest.status).toBe(202);
    expect(
      (await fetch(url(`/v2/manage/app/manifests/${image.digest}`), { headers: ociAccept })).status,
    ).toBe(404);
    const again = await fetch(url(`/v2/manage/app/manifests/${image.digest}`), { method: 'DELETE' });
    expect(again.status).toBe(404);
  });

  it('deleting a manifest by digest removes the tags that named it', async () => {
    const image = await pushImage('manage/tags', 'v1');
    await pushImage('manage/tags', 'other');
    await fetch(url(`/v2/manage/tags/manifests/${image.digest}`), { method: 'DELETE' });
    const list = (await (await fetch(url('/v2/manage/tags/tags/list'))).json()) as { tags: string[] };
    expect(list.tags).not.toContain('v1');
  });

  it('deletes a blob', async () => {
    const digest = await pushBlob('manage/app', Buffer.from('delete me'));
    expect((await fetch(url(`/v2/manage/app/blobs/${digest}`), { method: 'DELETE' })).status).toBe(202);
    expect((await fetch(url(`/v2/manage/app/blobs/${digest}`))).status).toBe(404);
  });

  it('cancels an upload session', async () => {
    const start = await fetch(url('/v2/manage/app/blobs/uploads/'), { method: 'POST' });
    const location = start.headers.get('location')!;
    expect((await fetch(url(location), { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(url(location))).status).toBe(404);
  });

  it('answers 405 for a method a route does not have', async () => {
    expect((await fetch(url('/v2/manage/app/tags/list'), { method: 'DELETE' })).status).toBe(405);
  });
});
