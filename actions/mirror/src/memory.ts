import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type GarbageCollector = (options: { type: 'minor' | 'major'; execution?: 'sync' | 'async' }) => void;

/**
 * Keeps memory flat while blobs stream through. Node frees each network chunk only when the garbage
 * collector collects its small wrapper object, and V8 lets tens of megabytes of such chunks pile up
 * before it looks, because the wrappers barely fill its young generation. A young-generation collection
 * every `intervalMs` (about a millisecond each) keeps a 1 GiB copy within a few megabytes of a small
 * one. Returns the function that stops it.
 */
export function collectStreamBuffersEvery(intervalMs: number): () => void {
  let collect: GarbageCollector | undefined;
  try {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as GarbageCollector;
  } catch {
    // Without the collector the copy works the same, only with a higher peak.
    return () => {};
  }
  const timer = setInterval(() => collect({ type: 'minor' }), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
