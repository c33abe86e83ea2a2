import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeImageLayout } from '@airlock/testkit';
import {
  ConfigurationError,
  RecordingLogger,
  RefusalError,
  RegistryError,
  ServiceError,
  copyImage,
  errorMessage,
  isAirlockError,
  openRepository,
  RegistryClient,
} from '../src/index.ts';
import { failureMessage } from '../src/action/run.ts';
import { signingFailure } from '../src/sigstore/sign.ts';

// The error classes a run ends in: a user's mistake names the input and is not retried, a service outage
// is a service error, a refusal is a refusal, and only our own bugs say "internal error".

const work = mkdtempSync(join(tmpdir(), 'airlock-errors-'));
const here = dirname(fileURLToPath(import.meta.url));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function sourceImage(): Promise<string> {
  const dir = join(work, `source-${Math.random().toString(36).slice(2)}`);
  await writeImageLayout(dir, 'v1', [
    { architecture: 'amd64', layers: [{ randomBytes: 1000 }, { randomBytes: 1000 }] },
  ]);
  return dir;
}

/** A directory this process cannot write: made read-only, or (for root, whom modes do not stop) sysfs. */
function unwritableDirectory(): string {
  if (process.getuid?.() === 0) return '/sys/airlock-test-layout';
  const dir = join(work, 'read-only');
  mkdirSync(dir);
  chmodSync(dir, 0o500);
  return join(dir, 'layout');
}

describe('an oci: destination the file system refuses', () => {
  const client = new RegistryClient();
  afterAll(() => client.close());

  it.each([
    ['under a file (ENOTDIR)', () => join(writeFile('plain-file'), 'layout'), /ENOTDIR/],
    ['in a directory that cannot be written', unwritableDirectory, /EACCES|EPERM|EROFS/],
  ])('%s: one ConfigurationError naming the path and the input, not retried', async (_name, path, code) => {
    const source = openRepository(`oci:${await sourceImage()}:v1`, { client });
    const target = path();
    const destination = openRepository(`oci:${target}:v1`, { client, inputName: 'destination' });
    const logger = new RecordingLogger();
    const failure = await copyImage({
      source,
      sourceRef: 'v1',
      destination,
      destinationTag: 'v1',
      logger,
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ConfigurationError);
    expect(errorMessage(failure)).toMatch(code);
    expect(errorMessage(failure)).toContain(`input 'destination'`);
    expect(errorMessage(failure)).toContain(target.split('/').slice(0, -1).join('/'));
    expect(failureMessage(failure)).not.toMatch(/internal error/);
    expect(logger.lines.filter((line) => /retrying/.test(line))).toEqual([]);
  });

  it('a source layout under a file is a ConfigurationError too', async () => {
    const source = openRepository(`oci:${join(writeFile('another-file'), 'layout')}:v1`, {
      client,
      inputName: 'source',
    });
    const failure = await source.getManifest('v1').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigurationError);
    expect(errorMessage(failure)).toMatch(/input 'source'.*read/);
  });
});

function writeFile(name: string): string {
  const path = join(work, name);
  writeFileSync(path, 'not a directory');
  return path;
}

describe('error classes', () => {
  it('a Fulcio, Rekor or TSA request that failed is a ServiceError naming the service', () => {
    const http = Object.assign(new Error('HTTP 503 Service Unavailable'), { statusCode: 503 });
    const fulcio = Object.assign(new Error('error creating signing certificate'), {
      code: 'CA_CREATE_SIGNING_CERTIFICATE_ERROR',
      cause: http,
    });
    const error = signingFailure(fulcio);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).service).toBe('Fulcio');
    expect((error as ServiceError).status).toBe(503);
    expect(error.message).toMatch(/Fulcio.*HTTP 503.*run the job again later/);
    const rekor = signingFailure(Object.assign(new Error('x'), { code: 'TLOG_CREATE_ENTRY_ERROR' }));
    expect((rekor as ServiceError).service).toBe('Rekor');
    const tsa = signingFailure(Object.assign(new Error('x'), { code: 'TSA_CREATE_TIMESTAMP_ERROR' }));
    expect((tsa as ServiceError).service).toBe('the timestamp authority');
    const user = new ConfigurationError('give fulcio-url');
    expect(signingFailure(new Error('wrapped', { cause: user }))).toBe(user);
    expect(isAirlockError(signingFailure(new Error('a bug')))).toBe(false);
  });

  it('a refusal and a service error are neither user mistakes nor internal errors', () => {
    const refusal = new RefusalError('verdict-fail', 'not promoted (verdict-fail): 2 blocking findings');
    expect(refusal).not.toBeInstanceOf(ConfigurationError);
    expect(failureMessage(refusal)).toBe('not promoted (verdict-fail): 2 blocking findings');
    expect(failureMessage(new ServiceError('Rekor', 'Rekor is down'))).toBe('Rekor is down');
    expect(failureMessage(new RegistryError('HTTP 500', 500))).toBe('HTTP 500');
    expect(failureMessage(new TypeError('x is undefined'))).toMatch(/^internal error: x is undefined/);
  });
});

/** Runs runAction in a child process, as an action would, throwing `kind`. */
function runHarness(kind: string, env: Record<string, string>) {
  const script = join(work, 'harness.ts');
  const source = resolve(here, '../src/action');
  writeFileSync(
    script,
    [
      // The script lives outside the repository: the package is named by its path.
      `import * as core from '${resolve(here, '../../../node_modules/@actions/core/lib/core.js')}';`,
      `import { runAction } from '${source}/run.ts';`,
      `import * as errors from '${resolve(here, '../src/errors.ts')}';`,
      `const kind = process.argv[2];`,
      `await runAction(async () => {`,
      `  core.setOutput('verdict', 'fail');`,
      `  if (kind === 'refusal') throw new errors.RefusalError('policy', 'app@sha256:1 fails the policy');`,
      `  if (kind === 'service') throw new errors.ServiceError('Fulcio', 'Fulcio did not answer');`,
      `  if (kind === 'configuration') throw new errors.ConfigurationError("input 'image' is required");`,
      `  if (kind === 'registry') throw new errors.RegistryError('reading x failed: HTTP 500', 500);`,
      `  if (kind === 'bug') throw new TypeError('cannot read properties of undefined');`,
      `});`,
    ].join('\n'),
  );
  // Resolved from packages/core, where @actions/core is installed.
  const child = spawnSync(process.execPath, [script, kind], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    cwd: resolve(here, '..'),
    encoding: 'utf8',
  });
  return {
    status: child.status,
    errors: child.stdout.split('\n').filter((line) => line.startsWith('::error')),
    stdout: child.stdout,
    stderr: child.stderr,
  };
}

describe('runAction', () => {
  it.each([
    ['refusal', 'app@sha256:1 fails the policy'],
    ['service', 'Fulcio did not answer'],
    ['configuration', "input 'image' is required"],
    ['registry', 'reading x failed: HTTP 500'],
  ])('reports a %s as itself, in one ::error:: line', (kind, message) => {
    const output = join(work, `output-${kind}`);
    writeFileSync(output, '');
    const run = runHarness(kind, { GITHUB_OUTPUT: output });
    expect({ status: run.status, errors: run.errors, stderr: run.stderr }).toEqual({
      status: 1,
      errors: [`::error::${message}`],
      stderr: '',
    });
    expect(readFileSync(output, 'utf8')).toContain('verdict');
  });

  it('says "internal error" only for a bug, with its stack in the debug log', () => {
    const output = join(work, 'output-bug');
    writeFileSync(output, '');
    const run = runHarness('bug', { GITHUB_OUTPUT: output });
    expect(run.errors).toEqual([expect.stringMatching(/^::error::internal error: cannot read properties/)]);
    expect(run.stdout).toMatch(/::debug::TypeError: cannot read properties/);
  });

  it('a missing GITHUB_OUTPUT file does not hide the real error', () => {
    const missing = join(work, 'not-created', 'output');
    const run = runHarness('refusal', { GITHUB_OUTPUT: missing, GITHUB_STEP_SUMMARY: join(work, 'summary') });
    expect(run.status).toBe(1);
    expect(run.errors).toEqual(['::error::app@sha256:1 fails the policy']);
    expect(run.stdout).toMatch(
      /::warning::GITHUB_OUTPUT names .*not-created\/output, which cannot be created/,
    );
    expect(run.stdout).not.toMatch(/Missing file/);
    // A missing file in a directory that exists is simply created.
    expect(existsSync(join(work, 'summary'))).toBe(true);
  });
});
