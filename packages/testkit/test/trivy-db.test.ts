import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import {
  MissingToolError,
  buildTrivyDbArchive,
  committedTrivyDbFingerprintPath,
  committedTrivyDbPath,
  requireTool,
  scanFixtureDatabase,
  trivyDbFile,
  trivyDbFingerprint,
} from '../src/index.ts';

describe('the committed Trivy DB', () => {
  it('was built from the fixture advisories as they are now (else: npm run demo-db)', () => {
    expect(readFileSync(committedTrivyDbFingerprintPath, 'utf8').trim()).toBe(
      trivyDbFingerprint(scanFixtureDatabase),
    );
    expect(readFileSync(committedTrivyDbPath).length).toBeLessThan(8 * 1024);
  });

  it('is used without Go: a BoltDB file, and an archive with fresh metadata', async () => {
    const db = await trivyDbFile(scanFixtureDatabase);
    // BoltDB's first meta page: after the 16-byte page header, the magic 0xED0CDAED (little-endian).
    expect(db.readUInt32LE(16)).toBe(0xed0cdaed);
    const archive = await buildTrivyDbArchive(scanFixtureDatabase, new Date('2030-01-01T00:00:00Z'));
    expect(archive.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });

  it('a different description is not served from the committed build', () => {
    const other = { ...scanFixtureDatabase, advisories: scanFixtureDatabase.advisories.slice(1) };
    expect(trivyDbFingerprint(other)).not.toBe(trivyDbFingerprint(scanFixtureDatabase));
  });
});

describe('a missing system tool', () => {
  it('is one line that names the Debian package, not spawn ENOENT', () => {
    let error: unknown;
    try {
      requireTool('airlock-no-such-tool', 'airlock-example-package');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MissingToolError);
    const message = (error as Error).message;
    expect(message).toBe(
      'missing system tool: airlock-no-such-tool is not on PATH; install it with: apt-get install airlock-example-package',
    );
    expect((error as Error).stack).toBe(message);
  });
});
