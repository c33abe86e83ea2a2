import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { buffer } from 'node:stream/consumers';
import { digestOf, freePort, selfSignedCertificate, type TestCertificate } from '@airlock/testkit';
import { RegistryError } from '../src/errors.ts';
import { parseReference } from '../src/oci/reference.ts';
import { RegistryClient } from '../src/oci/registry.ts';
import { MediaType } from '../src/oci/types.ts';

// Loopback stand-ins for what the real test registry cannot show: blob downloads redirected to
// storage (a registry with Basic auth that answers 307, and a storage that records what it was sent),
// and the OCI referrers API.

const blob = Buffer.from('layer bytes from storage');
const descriptor = { mediaType: MediaType.ociLayerGzip, digest: digestOf(blob), size: blob.length };
const password = 'redirect-s3cret';

async function listen(server: Server): Promise<string> {
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return `127.0.0.1:${port}`;
}

describe('redirects', () => {
  let storageHost: string;
  let registryHost: string;
  const storageSaw: IncomingHttpHeaders[] = [];
  const registrySaw: IncomingHttpHeaders[] = [];
  let storage: Server;
  let registry: Server;

  beforeAll(async () => {
    storage = createServer((request, response) => {
      storageSaw.push(request.headers);
      response.writeHead(200, { 'content-length': String(blob.length) });
      response.end(blob);
    });
    storageHost = await listen(storage);
    registry = createServer((request, response) => {
      registrySaw.push(request.headers);
      if (request.headers.authorization !== `Basic ${Buffer.from(`u:${password}`).toString('base64')}`) {
        response.writeHead(401, { 'www-authenticate': 'Basic realm="test"' });
        response.end();
      } else if (request.url?.includes('/same-origin/')) {
        response.writeHead(307, { location: `/v2/app/blobs/${descriptor.digest}` });
        response.end();
      } else if (request.url?.startsWith('/v2/app/blobs/')) {
        response.writeHead(200, { 'content-length': String(blob.length) });
        response.end(blob);
      } else if (request.url?.startsWith('/v2/to-plain-http/')) {
        response.writeHead(302, { location: `http://unlisted.invalid:1/blob` });
        response.end();
      } else {
        response.writeHead(307, { location: `http://${storageHost}/storage/blob?signature=abc` });
        response.end();
      }
    });
    registryHost = await listen(registry);
  });

  afterAll(async () => {
    for (const server of [storage, registry]) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  const client = () =>
    new RegistryClient({
      credentials: { hosts: { [registryHost]: { username: 'u', password } } },
      insecureRegistries: [registryHost, storageHost],
      retry: { attempts: 1 },
    });

  it('follows a redirect to another host without sending it the Authorization header', async () => {
    const registryClient = client();
    try {
      const repository = registryClient.repository(parseReference(`${registryHost}/elsewhere`));
      expect((await buffer(await repository.getBlob(descriptor))).equals(blob)).toBe(true);
      expect(storageSaw).toHaveLength(1);
      expect(storageSaw[0]!.authorization).toBeUndefined();
      expect(JSON.stringify(storageSaw)).not.toContain(Buffer.from(`u:${password}`).toString('base64'));
      expect(registrySaw.at(-1)!.authorization).toMatch(/^Basic /);
    } finally {
      await registryClient.close();
    }
  });

  it('keeps the Authorization header on a redirect within the same registry', async () => {
    const registryClient = client();
    try {
      const repository = registryClient.repository(parseReference(`${registryHost}/same-origin`));
      expect((await buffer(await repository.getBlob(descriptor))).equals(blob)).toBe(true);
      expect(registrySaw.at(-1)!.authorization).toMatch(/^Basic /);
    } finally {
      await registryClient.close();
    }
  });

  it('refuses a redirect to plain HTTP on a host not listed as insecure', async () => {
    const registryClient = client();
    try {
      const repository = registryClient.repository(parseReference(`${registryHost}/to-plain-http`));
      const error = await repository.getBlob(descriptor).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RegistryError);
      expect((error as Error).message).toContain('redirected to plain HTTP at unlisted.invalid:1; refusing');
    } finally {
      await registryClient.close();
    }
  });
});

describe('the referrers API (loopback stand-in: distribution 2.8 has none)', () => {
  let server: Server;
  let host: string;
  const subject = digestOf(Buffer.from('subject'));
  const referrer = (n: number, artifactType: string) => ({
    mediaType: MediaType.ociManifest,
    digest: digestOf(Buffer.from(`referrer ${n}`)),
    size: 100 + n,
    artifactType,
  });
  const pages = [
    [referrer(1, 'application/a'), referrer(2, 'application/b')],
    [referrer(3, 'application/a')],
  ];
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(request.url ?? '');
      const url = new URL(request.url ?? '/', 'http://stand-in');
      if (url.pathname === `/v2/app/referrers/${subject}`) {
        const page = Number(url.searchParams.get('page') ?? 0);
        const headers: Record<string, string> = { 'content-type': MediaType.ociIndex };
        if (page + 1 < pages.length)
          headers['link'] = `</v2/app/referrers/${subject}?page=${page + 1}>; rel="next"`;
        response.writeHead(200, headers);
        response.end(
          JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: pages[page] }),
        );
      } else if (url.pathname.startsWith('/v2/unknown/referrers/')) {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known' }] }),
        );
      } else {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] }));
      }
    });
    host = await listen(server);
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reads every page, filters by artifact type, and never falls back to the tag index', async () => {
    const client = new RegistryClient({ insecureRegistries: [host], retry: { attempts: 1 } });
    try {
      const repository = client.repository(parseReference(`${host}/app`));
      expect(await repository.referrers(subject)).toEqual([...pages[0]!, ...pages[1]!]);
      expect(await repository.referrers(subject, 'application/a')).toEqual([pages[0]![0], pages[1]![0]]);
      expect(seen.some((url) => url.includes('artifactType=application%2Fa'))).toBe(true);
      expect(await client.repository(parseReference(`${host}/unknown`)).referrers(subject)).toEqual([]);
      expect(client.referrersApiKnown(host)).toBe(true);
      expect(seen.some((url) => url.includes('/manifests/sha256-'))).toBe(true); // only for the unknown repository
      expect(seen.filter((url) => url.startsWith('/v2/app/manifests/'))).toEqual([]);
    } finally {
      await client.close();
    }
  });
});

describe('TLS (loopback stand-in with a self-signed certificate)', () => {
  let server: HttpsServer;
  let host: string;
  let certificate: TestCertificate;

  beforeAll(async () => {
    certificate = await selfSignedCertificate();
    server = createHttpsServer({ cert: certificate.cert, key: certificate.key }, (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    host = `127.0.0.1:${port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('speaks TLS by default, refuses an untrusted certificate, and trusts a CA it is given', async () => {
    const untrusting = new RegistryClient({ retry: { attempts: 1 } });
    const trusting = new RegistryClient({ caCertificates: [certificate.cert], retry: { attempts: 1 } });
    try {
      await expect(untrusting.ping(host)).rejects.toThrow(
        new RegExp(
          `^the TLS certificate of ${host} is not trusted \\([A-Z_]+\\): add its CA with NODE_EXTRA_CA_CERTS`,
        ),
      );
      await expect(trusting.ping(host)).resolves.toBeUndefined();
    } finally {
      await Promise.all([untrusting.close(), trusting.close()]);
    }
  });
});
