import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { listenOnLoopback } from '@airlock/testkit';
import {
  ConfigurationError,
  RecordingLogger,
  checksumFor,
  installTrivy,
  restoreTrivyDb,
  trivyArchiveName,
  trivyDbCacheKey,
} from '../src/index.ts';

// The installer against a loopback server laid out like Trivy's releases (`/v<version>/<asset>`): a
// release-shaped archive holding a script named trivy, and the release's checksums file.

async function releaseArchive(script: string): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve) => pack.on('end', () => resolve()));
  pack.entry({ name: 'LICENSE', mode: 0o644 }, 'Apache-2.0\n');
  pack.entry({ name: 'README.md', mode: 0o644 }, 'trivy\n');
  pack.entry({ name: 'trivy', mode: 0o755 }, script);
  pack.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

describe('Trivy installer', () => {
  let server: Server;
  let baseUrl: string;
  let work: string;
  const files = new Map<string, Buffer>();
  const requests: string[] = [];
  const saved = { tools: process.env.RUNNER_TOOL_CACHE, temp: process.env.RUNNER_TEMP };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'airlock-installer-'));
    process.env.RUNNER_TOOL_CACHE = join(work, 'toolcache');
    process.env.RUNNER_TEMP = join(work, 'temp');
    const good = await releaseArchive('#!/bin/sh\necho "Version: 9.1.0"\n');
    const asset = trivyArchiveName('9.1.0', 'linux', 'x64');
    const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
    files.set(`/v9.1.0/${asset}`, good);
    files.set(
      '/v9.1.0/trivy_9.1.0_checksums.txt',
      Buffer.from(`${sha(Buffer.from('other'))}  trivy_9.1.0_macOS-ARM64.tar.gz\n${sha(good)}  ${asset}\n`),
    );
    // 9.2.0: the archive was swapped after the checksums were published.
    const swapped = await releaseArchive('#!/bin/sh\necho pwned > "$HOME/pwned"\n');
    files.set(`/v9.2.0/trivy_9.2.0_Linux-64bit.tar.gz`, swapped);
    files.set(
      '/v9.2.0/trivy_9.2.0_checksums.txt',
      Buffer.from(`${sha(good)}  trivy_9.2.0_Linux-64bit.tar.gz\n`),
    );
    // 9.3.0: the checksums file does not list the asset.
    files.set(`/v9.3.0/trivy_9.3.0_Linux-64bit.tar.gz`, good);
    files.set(
      '/v9.3.0/trivy_9.3.0_checksums.txt',
      Buffer.from(`${sha(good)}  trivy_9.3.0_Linux-ARM64.tar.gz\n`),
    );
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      const body = files.get(request.url ?? '');
      response.writeHead(body ? 200 : 404, { 'content-type': 'application/octet-stream' });
      response.end(body ?? 'Not Found');
    });
    baseUrl = await listenOnLoopback(server);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    process.env.RUNNER_TOOL_CACHE = saved.tools;
    process.env.RUNNER_TEMP = saved.temp;
    rmSync(work, { recursive: true, force: true });
  });

  const install = (version: string) =>
    installTrivy({ version, baseUrl, logger: new RecordingLogger(), platform: 'linux', arch: 'x64' });

  it('installs a release whose archive matches the checksums file, then finds it in the tool cache', async () => {
    const installed = await install('v9.1.0');
    expect(installed).toMatchObject({ version: '9.1.0', cached: false });
    expect(installed.path).toBe(join(work, 'toolcache', 'trivy', '9.1.0', 'x64', 'trivy'));
    expect(execFileSync(installed.path).toString()).toBe('Version: 9.1.0\n');
    const count = requests.length;
    const again = await install('9.1.0');
    expect(again).toMatchObject({ path: installed.path, cached: true });
    expect(requests.length).toBe(count);
  });

  it('refuses an archive whose checksum does not match, and never extracts or runs it', async () => {
    await expect(install('9.2.0')).rejects.toThrow(ConfigurationError);
    await expect(install('9.2.0')).rejects.toThrow(
      /^the downloaded trivy_9\.2\.0_Linux-64bit\.tar\.gz has SHA-256 [0-9a-f]{64}, but Trivy's trivy_9\.2\.0_checksums\.txt says [0-9a-f]{64}; refusing to run it$/,
    );
    // Nothing was extracted: no file holds the swapped script's text in the clear.
    expect(() => execFileSync('grep', ['-rl', 'pwned', work])).toThrow();
    expect(execFileSync('find', [join(work, 'toolcache'), '-path', '*9.2.0*']).toString()).toBe('');
  });

  it('refuses an asset the checksums file does not list', async () => {
    await expect(install('9.3.0')).rejects.toThrow(
      'trivy_9.3.0_checksums.txt of Trivy 9.3.0 lists no checksum for trivy_9.3.0_Linux-64bit.tar.gz; refusing to install it',
    );
  });

  it('says what to do when the release is not there', async () => {
    await expect(install('9.9.9')).rejects.toThrow(
      `could not download Trivy 9.9.9 from ${baseUrl}/v9.9.9 (Unexpected HTTP response: 404); check 'trivy-version', or install Trivy yourself and set 'trivy-path'`,
    );
  });

  it('refuses versions that are not exact releases', async () => {
    await expect(install('latest')).rejects.toThrow("input 'trivy-version' must be an exact release like");
  });

  it('names release assets as Trivy does', () => {
    expect(trivyArchiveName('0.58.1', 'linux', 'arm64')).toBe('trivy_0.58.1_Linux-ARM64.tar.gz');
    expect(trivyArchiveName('0.58.1', 'darwin', 'x64')).toBe('trivy_0.58.1_macOS-64bit.tar.gz');
    expect(() => trivyArchiveName('0.58.1', 'win32', 'x64')).toThrow("set 'trivy-path'");
    expect(checksumFor(`${'A'.repeat(64)} *trivy.tar.gz\n`, 'trivy.tar.gz')).toBe('a'.repeat(64));
  });

  it('keys the DB cache by repository and day, and skips the cache where the service is absent', async () => {
    expect(trivyDbCacheKey(['a/b:2'], new Date('2026-06-01T23:00:00Z'))).toMatch(
      /^airlock-trivy-db-[0-9a-f]{12}-2026-06-01$/,
    );
    expect(trivyDbCacheKey(['a/b:2'], new Date('2026-06-01T01:00:00Z'))).toBe(
      trivyDbCacheKey(['a/b:2'], new Date('2026-06-01T23:00:00Z')),
    );
    const logger = new RecordingLogger();
    expect(await restoreTrivyDb(join(work, 'db'), 'key', logger)).toBe(false);
    expect(logger.lines).toContain(
      'debug: the Actions cache service is not available here; the DB is not restored',
    );
  });
});
