import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { digestOf, listenOnLoopback } from '@airlock/testkit';
import { readBlobBounded } from '../src/oci/blob-streams.ts';
import { OciLayoutRepository } from '../src/oci/layout.ts';
import { readLimits } from '../src/oci/limits.ts';
import { parseReference } from '../src/oci/reference.ts';
import { RegistryClient } from '../src/oci/registry.ts';
import { githubIdentityProvider } from '../src/sigstore/oidc.ts';

// Limits that the end-to-end hostile-registry test does not reach: the total of a paged list, the
// GitHub OIDC answer, and the descriptor check of readBlobBounded. Loopback stand-ins: no real
// registry sends these answers.

/** Sends `bytes` bytes of spaces after `prefix`, stopping when the client goes away. */
function sendSpaces(
  response: ServerResponse,
  prefix: string,
  bytes: number,
  headers: Record<string, string>,
) {
  response.writeHead(200, { 'content-type': 'application/json', ...headers });
  response.write(prefix);
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  let closed = false;
  response.on('close', () => (closed = true));
  const pump = () => {
    while (!closed && sent < bytes) {
      sent += chunk.length;
      if (!response.write(chunk)) return void response.once('drain', pump);
    }
    if (!closed) response.end(']}');
  };
  pump();
}

describe('bounded reads (loopback stand-ins)', () => {
  let server: Server;
  let host: string;
  const pagesServed: number[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://stand-in');
      if (url.pathname === '/v2/big/pages/tags/list') {
        // Pages just under the per-page limit: the total limit stops them.
        const page = Number(url.searchParams.get('last') ?? '0') + 1;
        pagesServed.push(page);
        if (page > 10) return void response.end('{"tags":[]}');
        return sendSpaces(response, '{"tags":[', readLimits.listPage - 128 * 1024, {
          link: `</v2/big/pages/tags/list?last=${page}>; rel="next"`,
        });
      }
      if (url.pathname === '/oidc') return sendSpaces(response, '{"value":"', 64 * 1024 * 1024, {});
      response.writeHead(404);
      response.end();
    });
    host = new URL(await listenOnLoopback(server)).host;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  });

  it('stops a list whose pages each fit but together pass 64 MiB', async () => {
    const client = new RegistryClient({ insecureRegistries: [host] });
    try {
      await expect(client.repository(parseReference(`${host}/big/pages`)).listTags()).rejects.toThrow(
        `the tag list of ${host}/big/pages is larger than the 64 MiB airlock reads in all; refusing it`,
      );
      expect(pagesServed.length).toBeLessThanOrEqual(5);
    } finally {
      await client.close();
    }
  });

  it('refuses a GitHub OIDC answer larger than 1 MiB', async () => {
    const provider = githubIdentityProvider({ requestUrl: `http://${host}/oidc`, requestToken: 'x' });
    await expect(provider.getToken()).rejects.toThrow(
      `the GitHub OIDC token answer from ${host} is larger than 1 MiB; refusing it`,
    );
  });

  it('reads a small blob whole, and refuses one whose descriptor is over the limit before reading it', async () => {
    const repository = new OciLayoutRepository(mkdtempSync(join(tmpdir(), 'airlock-bounded-')));
    const bytes = Buffer.from('{"bomFormat":"CycloneDX"}');
    const descriptor = { mediaType: 'application/json', digest: digestOf(bytes), size: bytes.length };
    await repository.putBlob(descriptor, Readable.from([bytes]));
    expect(await readBlobBounded(repository, descriptor, 1024, 'SBOM')).toEqual(bytes);
    await expect(readBlobBounded(repository, descriptor, 10, 'SBOM')).rejects.toThrow(
      `the SBOM ${descriptor.digest} is ${bytes.length} bytes, more than the 10 bytes airlock reads`,
    );
  });
});
