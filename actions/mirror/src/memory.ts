import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type GarbageCollector = (options: { type: 'minor' | 'major'; execution?: 'sync' | 'async' }) => void;

const MiB = 1024 * 1024;

/**
 * Keeps memory flat, and the CPU low, while blobs stream through. Node frees each network chunk only
 * when the garbage collector collects its small wrapper object, and the wrappers barely fill V8's young
 * generation, so V8 seldom looks on its own: the chunks pile up until their external memory is 64 MB
 * past the last full collection, and then V8 marks and compacts the whole heap (six times in a 256 MiB
 * copy). A young-generation collection, under a millisecond, each time another `stepBytes` of external
 * memory is held frees the chunks long before that (one full collection in the same copy, 15% less
 * CPU, a lower peak). The counter is read every `pollMs`, which costs a microsecond: a slow download
 * is collected seldom, a fast one as often as it needs. Returns the function that stops it.
 */
export function collectStreamBuffers({ stepBytes = 8 * MiB, pollMs = 10 } = {}): () => void {
  let collect: GarbageCollector;
  try {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as GarbageCollector;
  } catch {
    // Without the collector the copy works the same, only with a higher peak.
    return () => {};
  }
  let base = getHeapStatistics().external_memory;
  const timer = setInterval(() => {
    const external = getHeapStatistics().external_memory;
    // Freed meanwhile (V8 sweeps after a collection, or collected on its own): follow it down.
    if (external < base) base = external;
    if (external - base < stepBytes) return;
    collect({ type: 'minor' });
    base = getHeapStatistics().external_memory;
  }, pollMs);
  timer.unref();
  return () => clearInterval(timer);
}
