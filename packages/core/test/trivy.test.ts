import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  RecordingLogger,
  downloadTrivyDb,
  readTrivyDbMetadata,
  scanWithTrivy,
  type TrivyRunOptions,
} from '../src/index.ts';
import { TestRegistry, fixtureTrivyPath, publishTrivyDb, scanFixtureDatabase } from '@airlock/testkit';

// How the action drives the Trivy process: the real Trivy for the DB download and its failures, and
// small stand-in scripts for what the real one cannot be made to do on cue (crash, hang, show its env).

describe('Trivy process', () => {
  let work: string;
  let registry: TestRegistry;
  let dbRepository: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'airlock-trivy-test-'));
    registry = await TestRegistry.start();
    dbRepository = await publishTrivyDb(registry.host, scanFixtureDatabase);
  });
  afterAll(async () => {
    await registry?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const options = (trivyPath: string, extra: Partial<TrivyRunOptions> = {}): TrivyRunOptions => ({
    trivyPath,
    cacheDir: mkdtempSync(join(work, 'cache-')),
    insecureRegistries: [registry.host],
    timeoutMs: 60_000,
    logger: new RecordingLogger(),
    ...extra,
  });

  function script(name: string, body: string): string {
    const path = join(work, name);
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  }

  it('downloads the fixture DB from the registry, as an air-gapped mirror serves it', async () => {
    const run = options(fixtureTrivyPath());
    const result = await downloadTrivyDb([dbRepository], run);
    expect(result.repository).toBe(dbRepository);
    const metadata = readTrivyDbMetadata(run.cacheDir);
    expect(metadata?.version).toBe(2);
    expect(metadata?.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('tries the next DB repository when one fails, and names every one when all fail', async () => {
    const run = options(fixtureTrivyPath());
    const missing = `${registry.host}/no-such-db`;
    const result = await downloadTrivyDb([missing, dbRepository], run);
    expect(result.repository).toBe(dbRepository);
    expect((run.logger as RecordingLogger).warnings).toEqual([
      `could not get the vulnerability DB from ${missing}; trying the next repository`,
    ]);
    await expect(downloadTrivyDb([missing], options(fixtureTrivyPath()))).rejects.toThrow(
      `Trivy could not download its vulnerability DB from ${missing}`,
    );
  });

  it('turns a silent exit 1 into a message that says what to check', async () => {
    const crash = script('crash', 'exit 1');
    await expect(
      scanWithTrivy(
        { kind: 'image', target: `${registry.host}/app@sha256:${'0'.repeat(64)}` },
        options(crash),
      ),
    ).rejects.toThrow(
      /^Trivy failed to scan .* \(exit code 1\) without a message; check that the image exists and that the registry credentials can pull it/,
    );
  });

  it('quotes the last FATAL line when Trivy says something', async () => {
    const fatal = script(
      'fatal',
      `echo '2026-01-01T00:00:00.000Z\tFATAL\timage scan error: MANIFEST_UNKNOWN' >&2; exit 1`,
    );
    await expect(
      scanWithTrivy({ kind: 'image', target: `${registry.host}/app:1` }, options(fatal)),
    ).rejects.toThrow('Trivy failed to scan 127.0.0.1');
    await expect(
      scanWithTrivy({ kind: 'image', target: `${registry.host}/app:1` }, options(fatal)),
    ).rejects.toThrow('(exit code 1): image scan error: MANIFEST_UNKNOWN;');
  });

  it('stops a Trivy that runs past the timeout', async () => {
    const hang = script('hang', 'exec sleep 60');
    await expect(
      scanWithTrivy({ kind: 'image', target: `${registry.host}/app:1` }, options(hang, { timeoutMs: 300 })),
    ).rejects.toThrow("Trivy did not finish within 0.3 s and was stopped; raise 'timeout'");
  });

  it('says so when the binary cannot be started', async () => {
    await expect(
      scanWithTrivy(
        { kind: 'image', target: `${registry.host}/app:1` },
        options(join(work, 'missing-trivy')),
      ),
    ).rejects.toThrow(`Trivy could not be started from '${join(work, 'missing-trivy')}'`);
  });

  it('passes registry credentials in the environment, never in the arguments', async () => {
    const seen = join(work, 'seen');
    const spy = script(
      'spy',
      `echo "ARGS $*" > ${seen}; env | grep '^TRIVY_' >> ${seen}; ` +
        // Write a valid empty report where --output points.
        `while [ $# -gt 0 ]; do if [ "$1" = "--output" ]; then echo '{"SchemaVersion":2,"Results":[]}' > "$2"; fi; shift; done`,
    );
    const previous = process.env.TRIVY_USERNAME;
    process.env.TRIVY_USERNAME = 'from-the-runner';
    try {
      const result = await scanWithTrivy(
        { kind: 'image', target: `${registry.host}/app@sha256:${'1'.repeat(64)}`, platform: 'linux/amd64' },
        options(spy, { credential: { username: 'robot', password: 's3cret-pass' } }),
      );
      expect(result.findings).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.TRIVY_USERNAME;
      else process.env.TRIVY_USERNAME = previous;
    }
    const text = readFileSync(seen, 'utf8');
    const args = text.split('\n')[0]!;
    expect(args).not.toContain('s3cret-pass');
    expect(args).not.toContain('robot');
    expect(args).toContain('--insecure');
    expect(args).toContain('--skip-db-update');
    expect(args).not.toContain('--skip-java-db-update');
    expect(text).toContain('TRIVY_USERNAME=robot');
    expect(text).toContain('TRIVY_PASSWORD=s3cret-pass');
    expect(text).not.toContain('from-the-runner');
  });

  it('sends the image credential to a DB mirror on the same registry only', async () => {
    const seen = join(work, 'seen-db');
    const spy = script('spy-db', `env | grep '^TRIVY_PASSWORD' >> ${seen}; echo "DB $*" >> ${seen}`);
    const run = options(spy, {
      credential: { username: 'robot', password: 'db-pass' },
      credentialHost: registry.host,
    });
    await downloadTrivyDb([`other.example/trivy-db:2`], run);
    await downloadTrivyDb([`${registry.host}/trivy-db:2`], run);
    expect(readFileSync(seen, 'utf8').split('\n')).toEqual([
      'DB image --download-db-only --no-progress --cache-dir ' +
        run.cacheDir +
        ' --db-repository other.example/trivy-db:2',
      'TRIVY_PASSWORD=db-pass',
      `DB image --download-db-only --no-progress --cache-dir ${run.cacheDir} --db-repository ${registry.host}/trivy-db:2 --insecure`,
      '',
    ]);
  });
});
