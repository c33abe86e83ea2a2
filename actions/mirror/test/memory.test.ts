import { describe, expect, it } from '@jest/globals';
import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks';
import { setTimeout as wait } from 'node:timers/promises';
import { collectStreamBuffers } from '../src/memory.ts';

// The young-generation collections that keep a long copy's memory flat: run when dropped network-sized
// buffers add up, not while nothing is allocated.

/** Counts young-generation collections while `during` runs. */
async function minorCollections(during: () => Promise<void>): Promise<number> {
  let count = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & { detail?: { kind?: number } })[]) {
      if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) count++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  try {
    await during();
    await wait(20);
  } finally {
    observer.disconnect();
  }
  return count;
}

describe('collectStreamBuffers', () => {
  it('collects once enough dropped buffers are held, and not while nothing is allocated', async () => {
    const stop = collectStreamBuffers({ stepBytes: 4 * 1024 * 1024, pollMs: 5 });
    try {
      const idle = await minorCollections(() => wait(100));
      const busy = await minorCollections(async () => {
        // 32 MiB in 64 KiB pieces, the size of a socket read, each dropped at once.
        for (let round = 0; round < 8; round++) {
          for (let i = 0; i < 64; i++) Buffer.allocUnsafeSlow(64 * 1024).fill(i);
          await wait(15);
        }
      });
      expect(idle).toBeLessThanOrEqual(1);
      expect(busy).toBeGreaterThanOrEqual(2);
    } finally {
      stop();
    }
  });
});
