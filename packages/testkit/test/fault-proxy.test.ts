import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FaultProxy, TestRegistry, faultKey } from '../src/index.ts';

// The proxy itself, checked with plain fetch: faithful when not faulting, and replayable from its seed.

describe('FaultProxy', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await TestRegistry.start();
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('passes requests through, rewrites Location, and injects queued faults', async () => {
    const proxy = await FaultProxy.start({ target: registry.host });
    try {
      expect((await fetch(`http://${proxy.host}/v2/`)).status).toBe(200);
      const upload = await fetch(`http://${proxy.host}/v2/app/blobs/uploads/`, { method: 'POST' });
      expect(upload.status).toBe(202);
      expect(upload.headers.get('location')).toContain(`http://${proxy.host}/v2/app/blobs/uploads/`);

      proxy.failNext('status429');
      const limited = await fetch(`http://${proxy.host}/v2/`);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('1');

      proxy.failNext('corrupt');
      const corrupted = await fetch(`http://${proxy.host}/v2/app/tags/list`);
      const text = await corrupted.text();
      expect(text).not.toBe(await (await fetch(registry.url('/v2/app/tags/list'))).text());

      proxy.failNext('reset');
      await expect(fetch(`http://${proxy.host}/v2/app/tags/list`).then((r) => r.text())).rejects.toThrow();
      expect(proxy.injected).toMatchObject({ status429: 1, corrupt: 1, reset: 1 });
    } finally {
      await proxy.stop();
    }
  });

  it('draws the same faults from the same seed', async () => {
    const run = async (seed: number) => {
      const proxy = await FaultProxy.start({
        target: registry.host,
        seed,
        rate: 0.5,
        kinds: ['status500', 'status503'],
      });
      try {
        for (let i = 0; i < 20; i++) await (await fetch(`http://${proxy.host}/v2/`)).arrayBuffer();
        return proxy.requests.map((request) => request.fault ?? '-').join(',');
      } finally {
        await proxy.stop();
      }
    };
    const first = await run(42);
    expect(await run(42)).toBe(first);
    expect(first).toMatch(/status50/);
    expect(first).toMatch(/-/);
  });

  it('keyed: each request gets the same fault whatever order requests arrive in', async () => {
    const paths = Array.from({ length: 12 }, (_, i) => `/v2/app/blobs/sha256:${String(i).padStart(64, '0')}`);
    const run = async (order: string[]) => {
      const proxy = await FaultProxy.start({
        target: registry.host,
        seed: 7,
        rate: 0.5,
        keyed: true,
        kinds: ['status500', 'status503', 'status429'],
      });
      try {
        for (const path of order) {
          // Twice each: the second request of a path draws for its second occurrence.
          for (let i = 0; i < 2; i++) await (await fetch(`http://${proxy.host}${path}`)).arrayBuffer();
        }
        return Object.fromEntries(
          paths.map((path) => [
            path,
            proxy.requests.filter((request) => request.path === path).map((request) => request.fault ?? '-'),
          ]),
        );
      } finally {
        await proxy.stop();
      }
    };
    const forward = await run(paths);
    expect(await run([...paths].reverse())).toEqual(forward);
    expect(JSON.stringify(forward)).toMatch(/status/);
  });

  it('keyed: upload sessions do not change the key, the digest of an upload does', () => {
    expect(faultKey('PUT', '/v2/a/blobs/uploads/1b2c?_state=xyz&digest=sha256:1')).toBe(
      faultKey('PUT', '/v2/a/blobs/uploads/9f8e?_state=abc&digest=sha256:1'),
    );
    expect(faultKey('PUT', '/v2/a/blobs/uploads/1b2c?digest=sha256:1')).not.toBe(
      faultKey('PUT', '/v2/a/blobs/uploads/1b2c?digest=sha256:2'),
    );
  });
});
