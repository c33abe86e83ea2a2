import { afterAll, beforeAll, expect, it } from '@jest/globals';
import {
  TestRegistry,
  pushLayout,
  runActionBundle,
  skopeoInspectRaw,
  writeImageLayout,
} from '@airlock/testkit';
import {
  PredicateType,
  RegistryClient,
  buildStatement,
  parseReference,
  silentLogger,
  subjectOf,
  writeRecord,
} from '@airlock/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A fault in the middle of a promotion: the destination is reached through a proxy that lets the first
// blob upload through and then resets every later one. The promotion must fail with one clear error and
// leave no destination tag (blobs and manifests first, the tag last).

let registry: TestRegistry;
let proxy: Server;
let proxyHost: string;
let work: string;
let uploadsSeen = 0;

beforeAll(async () => {
  registry = await TestRegistry.start();
  work = mkdtempSync(join(tmpdir(), 'airlock-promote-fault-'));
  const [registryHost, registryPort] = registry.host.split(':');
  proxy = createServer((incoming, outgoing) => {
    const isUpload =
      incoming.method === 'PUT' && /\/v2\/trusted\/[^/]+\/blobs\/uploads\//.test(incoming.url ?? '');
    if (isUpload && ++uploadsSeen > 1) {
      incoming.socket.destroy();
      return;
    }
    const forward = request(
      {
        host: registryHost,
        port: Number(registryPort),
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forward.on('error', () => outgoing.destroy());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', () => resolve()));
  const address = proxy.address();
  if (address === null || typeof address === 'string') throw new Error('no proxy address');
  proxyHost = `127.0.0.1:${address.port}`;
});
afterAll(async () => {
  proxy?.closeAllConnections();
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

it('leaves no destination tag when the copy fails midway', async () => {
  const built = await writeImageLayout(join(work, 'image'), '1.0', [
    { architecture: 'amd64', layers: [{ randomBytes: 200_000 }, { randomBytes: 200_000 }] },
    { architecture: 'arm64', layers: [{ randomBytes: 200_000 }] },
  ]);
  pushLayout(join(work, 'image'), '1.0', `${registry.host}/quarantine/faulty:1.0`);
  const client = new RegistryClient({ insecureRegistries: [registry.host] });
  const quarantine = client.repository(parseReference(`${registry.host}/quarantine/faulty`));
  const now = new Date().toISOString();
  await writeRecord({
    repository: quarantine,
    subject: (await quarantine.resolve(built.digest))!,
    statement: buildStatement(
      subjectOf(`${registry.host}/quarantine/faulty`, built.digest),
      PredicateType.vulnerability,
      {
        scanner: {
          uri: 'pkg:github/aquasecurity/trivy@0.44.1',
          version: '0.44.1',
          result: { verdict: 'pass' },
        },
        metadata: { scanStartedOn: now, scanFinishedOn: now },
      },
    ),
    logger: silentLogger,
  });
  await client.close();

  const run = await runActionBundle('promote', {
    image: `${registry.host}/quarantine/faulty:1.0@${built.digest}`,
    destination: `${proxyHost}/trusted/faulty`,
    'insecure-registries': `${registry.host}, ${proxyHost}`,
  });
  expect(run.exitCode).toBe(1);
  expect(run.errors).toEqual([expect.stringMatching(/failed before any tag was written/)]);
  expect(uploadsSeen).toBeGreaterThan(1);
  expect(() => skopeoInspectRaw(`${registry.host}/trusted/faulty:1.0`)).toThrow();
  expect(run.outputs.promoted ?? 'false').toBe('false');
});
