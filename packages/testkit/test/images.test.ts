import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  TestRegistry,
  digestOf,
  pushLayout,
  randomPlatforms,
  skopeoInspectRaw,
  writeImageLayout,
} from '../src/index.ts';

describe('image fixtures', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await TestRegistry.start();
  });
  afterAll(async () => registry?.stop());

  it('builds a multi-platform layout that skopeo pushes unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-layout-'));
    const image = await writeImageLayout(dir, 'v1', randomPlatforms(['amd64', 'arm64'], 2, 1024));
    expect(image.manifests).toHaveLength(2);
    pushLayout(dir, 'v1', `${registry.host}/fixtures/app:v1`);
    const raw = skopeoInspectRaw(`${registry.host}/fixtures/app:v1`);
    expect(digestOf(raw)).toBe(image.digest);
  });
});
