import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFileCommands } from '@airlock/core/text';
import { spawnGroupOptions, trackProcess } from './processes.ts';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ActionRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** The `::error::` lines, unescaped. */
  errors: string[];
}

/** Parses the runner's file-command format (the same reader the CLI uses). */
export { parseFileCommands as parseOutputFile } from '@airlock/core/text';

/**
 * Runs `actions/<name>/dist/index.js` exactly as the GitHub runner does: each input in `INPUT_<NAME>`,
 * outputs and the job summary in files, RUNNER_TEMP and GITHUB_WORKSPACE set, on Node 24.
 */
export async function runActionBundle(
  name: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ActionRun> {
  const work = mkdtempSync(join(tmpdir(), `airlock-run-${name}-`));
  const outputFile = join(work, 'output');
  const summaryFile = join(work, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const inputEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(inputs)) {
    inputEnv[`INPUT_${key.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  const childEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? work,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: join(work, 'tmp'),
    RUNNER_TOOL_CACHE: join(work, 'toolcache'),
    GITHUB_WORKSPACE: work,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'example/airlock-test',
    GITHUB_RUN_ID: '1',
    GITHUB_ACTIONS: 'true',
    ...inputEnv,
    ...env,
  };
  const child = spawn(process.execPath, [join(repoRoot, 'actions', name, 'dist/index.js')], {
    env: childEnv,
    cwd: work,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...spawnGroupOptions(),
  });
  trackProcess(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exitCode = await new Promise<number>((done) => child.on('close', (code) => done(code ?? -1)));
  const errors = stdout
    .split('\n')
    .filter((line) => line.startsWith('::error'))
    .map((line) =>
      line
        .replace(/^::error[^:]*::/, '')
        .replace(/%0A/g, '\n')
        .replace(/%0D/g, '\r')
        .replace(/%25/g, '%'),
    );
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseFileCommands(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    errors,
  };
}
