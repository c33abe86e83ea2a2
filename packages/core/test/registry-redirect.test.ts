import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { buffer } from 'node:stream/consumers';
import { digestOf, freePort } from '@airlock/testkit';
import { RegistryError } from '../src/action/errors.ts';
import { parseReference } from '../src/oci/reference.ts';
import { RegistryClient } from '../src/oci/registry.ts';
import { MediaType } from '../src/oci/types.ts';

// Blob downloads are redirected to storage on many registries. Two loopback servers stand in for the
// registry (Basic auth, answers 307) and the storage (records what it was sent).

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
