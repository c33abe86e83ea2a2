import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FaultProxy, TestRegistry } from '../src/index.ts';

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
});
