// Rebuilds the committed Trivy vulnerability DB that the demo and the tests scan with
// (packages/testkit/fixtures/trivy-db.tar.gz: trivy.db + metadata.json), from `scanFixtureDatabase` in
// packages/testkit/src/scan-images.ts. Run it after changing the fixture advisories; it needs Go and bbolt
// (Debian: golang-go golang-github-coreos-bbolt-dev). Usage: npm run demo-db

import {
  MissingToolError,
  committedTrivyDbPath,
  scanFixtureDatabase,
  trivyDbFingerprint,
  writeCommittedTrivyDb,
} from '@airlock/testkit';
import { relative } from 'node:path';

try {
  const { bytes } = await writeCommittedTrivyDb(scanFixtureDatabase);
  console.log(
    `wrote ${relative(process.cwd(), committedTrivyDbPath)} (${bytes} bytes, ` +
      `${scanFixtureDatabase.advisories.length} advisories, description ${trivyDbFingerprint(scanFixtureDatabase).slice(0, 12)})`,
  );
} catch (error) {
  if (error instanceof MissingToolError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
