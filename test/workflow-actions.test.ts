// The reusable workflows' steps and the committed action bundles together, as a job runs them: the image
// list of mirror.yml, its registry-credentials step writing ~/.docker/config.json, the mirror bundle
// reading it to push into a registry that needs a password, and promote-from-quarantine.yml's tag list
// made from the promote bundle's dry run. Real registries on loopback.

import { afterAll, beforeAll, expect, test } from '@jest/globals';
import {
  TestRegistry,
  pushLayout,
  runActionBundle,
  skopeoInspectRaw,
  writeImageLayout,
} from '@airlock/testkit';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { errors, runStep, scratch, step } from './workflow-steps.ts';

let upstream: TestRegistry;
let quarantine: TestRegistry;

beforeAll(async () => {
  [upstream, quarantine] = await Promise.all([
    TestRegistry.start(),
    TestRegistry.start({ users: { quarantine: 'q-secret' } }),
  ]);
});
afterAll(async () => {
  await Promise.all([upstream?.stop(), quarantine?.stop()]);
  rmSync(scratch, { recursive: true, force: true });
});

test('mirror.yml: the list, the credentials step and the mirror bundle take each image into quarantine', async () => {
  const digests: Record<string, string> = {};
  for (const tag of ['1.0', '2.0']) {
    const dir = join(scratch, `layout-${tag}`);
    const built = await writeImageLayout(dir, tag, [
      { architecture: 'amd64', layers: [{ files: { 'app/version': tag } }] },
    ]);
    pushLayout(dir, tag, `${upstream.host}/library/app:${tag}`);
    digests[tag] = built.digest;
  }

  const plan = await runStep(step('mirror.yml', 'plan', 'list'), {
    IMAGES: `${upstream.host}/library/app:1.0\n${upstream.host}/library/app:2.0  # both`,
    IMAGES_FILE: '',
    QUARANTINE: `${quarantine.host}/quarantine`,
  });
  expect(errors(plan)).toEqual([]);
  const images = JSON.parse(plan.outputs.images ?? '[]') as { source: string; destination: string }[];
  expect(images.map((image) => image.destination)).toEqual([
    `${quarantine.host}/quarantine/app`,
    `${quarantine.host}/quarantine/app`,
  ]);

  const credentialsStep = step('mirror.yml', 'mirror', 'Registry credentials');
  const insecure = `${upstream.host},${quarantine.host}`;
  for (const image of images) {
    const credentials = await runStep(credentialsStep, {
      QUARANTINE_REF: image.destination,
      TRUSTED_REF: '',
      DOCKERHUB_USERNAME: '',
      DOCKERHUB_TOKEN: '',
      QUARANTINE_USERNAME: 'quarantine',
      QUARANTINE_PASSWORD: 'q-secret',
      TRUSTED_USERNAME: '',
      TRUSTED_PASSWORD: '',
    });
    expect(credentials.status).toBe(0);
    const run = await runActionBundle(
      'mirror',
      { source: image.source, destination: image.destination, 'insecure-registries': insecure },
      { HOME: credentials.home },
    );
    expect([run.exitCode, run.errors]).toEqual([0, []]);
    expect(run.outputs.image).toBe(`${image.destination}@${digests[image.source.split(':').pop()!]}`);
  }
  expect(
    skopeoInspectRaw(`${quarantine.host}/quarantine/app:2.0`, 'quarantine:q-secret').length,
  ).toBeGreaterThan(0);

  // Without the credentials step the same push is refused: it is what let the bundle in.
  const refused = await runActionBundle(
    'mirror',
    {
      source: images[0]!.source,
      destination: images[0]!.destination,
      force: 'true',
      'insecure-registries': insecure,
    },
    { HOME: join(scratch, 'no-home') },
  );
  expect(refused.exitCode).not.toBe(0);
  expect(refused.errors.join('\n')).toContain(quarantine.host);
});

test("promote-from-quarantine.yml: the tag list comes from promote's dry run over the quarantine repository", async () => {
  const repository = `${quarantine.host}/quarantine/app`;
  const credentials = await runStep(step('promote-from-quarantine.yml', 'list', 'Registry credentials'), {
    QUARANTINE_REF: repository,
    TRUSTED_REF: `${quarantine.host}/trusted/app`,
    DOCKERHUB_USERNAME: '',
    DOCKERHUB_TOKEN: '',
    QUARANTINE_USERNAME: 'quarantine',
    QUARANTINE_PASSWORD: 'q-secret',
    TRUSTED_USERNAME: 'quarantine',
    TRUSTED_PASSWORD: 'q-secret',
  });
  expect(credentials.status).toBe(0);
  const plan = await runActionBundle(
    'promote',
    {
      image: repository,
      'source-tags': 'all',
      destination: `${quarantine.host}/trusted/app`,
      'dry-run': 'true',
      'insecure-registries': quarantine.host,
    },
    { HOME: credentials.home },
  );
  expect([plan.exitCode, plan.errors]).toEqual([0, []]);

  const tags = await runStep(step('promote-from-quarantine.yml', 'list', 'tags'), {
    TAGS: '',
    PLAN: plan.outputs.results ?? '',
    QUARANTINE: repository,
  });
  expect(errors(tags)).toEqual([]);
  // The acquisition records' sha256-<hex> fallback tags are not images to promote.
  expect(tags.outputs.tags).toBe('["1.0","2.0"]');
});
