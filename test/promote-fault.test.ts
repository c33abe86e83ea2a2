import { afterAll, beforeAll, expect, it } from '@jest/globals';
import {
  FaultProxy,
  TestRegistry,
  digestOf,
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
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A fault in the middle of a promotion: the destination is reached through the fault proxy, which lets
// the first blob upload through and then resets every later one. The promotion must fail with one clear error and
// leave no destination tag (blobs and manifests first, the tag last).

let registry: TestRegistry;
let proxy: FaultProxy;
let work: string;
let uploadsSeen = 0;

beforeAll(async () => {
  registry = await TestRegistry.start();
  work = mkdtempSync(join(tmpdir(), 'airlock-promote-fault-'));
  // Every blob upload into trusted/ after the first one is reset, however often it is retried.
  proxy = await FaultProxy.start({
    target: registry.host,
    rate: 1,
    kinds: ['reset'],
    match: (method, path) =>
      method === 'PUT' && /^\/v2\/trusted\/[^/]+\/blobs\/uploads\//.test(path) && ++uploadsSeen > 1,
  });
});
afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

it('leaves no destination tag when the copy fails midway, and a second run finishes the promotion', async () => {
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
          // The gate wants the record to name every runnable manifest it covers.
          result: { verdict: 'pass', covers: [built.digest, ...built.manifests] },
        },
        metadata: { scanStartedOn: now, scanFinishedOn: now },
      },
    ),
    logger: silentLogger,
  });
  await client.close();

  const run = await runActionBundle('promote', {
    image: `${registry.host}/quarantine/faulty:1.0@${built.digest}`,
    destination: `${proxy.host}/trusted/faulty`,
    'insecure-registries': `${registry.host}, ${proxy.host}`,
  });
  expect(run.exitCode).toBe(1);
  expect(run.errors).toEqual([expect.stringMatching(/failed before any tag was written/)]);
  expect(proxy.injected.reset).toBeGreaterThan(0);
  expect(() => skopeoInspectRaw(`${registry.host}/trusted/faulty:1.0`)).toThrow();
  expect(run.outputs.promoted ?? 'false').toBe('false');

  proxy.rate = 0;
  const again = await runActionBundle('promote', {
    image: `${registry.host}/quarantine/faulty:1.0@${built.digest}`,
    destination: `${proxy.host}/trusted/faulty`,
    'insecure-registries': `${registry.host}, ${proxy.host}`,
  });
  expect(again.exitCode).toBe(0);
  expect(digestOf(skopeoInspectRaw(`${registry.host}/trusted/faulty:1.0`))).toBe(built.digest);
});
