import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@airlock/testkit';

// `npm ci` on a clean clone installs exactly the lockfile, and fails when the lockfile lacks a package
// that package.json implies. npm can drop other platforms' optional packages (@swc/core-darwin-arm64, …)
// when it rewrites a lock on one platform; this keeps every optional dependency recorded.

interface LockEntry {
  optionalDependencies?: Record<string, string>;
}

describe('package-lock.json', () => {
  it('records every optional dependency, for every platform, so npm ci works anywhere', () => {
    const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as {
      lockfileVersion: number;
      packages: Record<string, LockEntry>;
    };
    expect(lock.lockfileVersion).toBeGreaterThanOrEqual(2);
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      for (const name of Object.keys(entry.optionalDependencies ?? {})) {
        // Resolved as node does: next to the dependent first, then in each enclosing node_modules.
        const candidates: string[] = [];
        let base = path;
        for (;;) {
          candidates.push(`${base ? `${base}/` : ''}node_modules/${name}`);
          const cut = base.lastIndexOf('node_modules/');
          if (cut < 0) break;
          base = base.slice(0, cut).replace(/\/$/, '');
        }
        if (!candidates.some((candidate) => candidate in lock.packages))
          missing.push(`${path || '(root)'} → ${name}`);
      }
    }
    // Regenerate with: rm -rf node_modules package-lock.json && npm install
    expect(missing).toEqual([]);
  });
});
