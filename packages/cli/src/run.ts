// Starts an action's bundle exactly as the GitHub runner does: `node dist/index.js` with each input in
// INPUT_*, the file commands (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, …) as files in a scratch directory,
// RUNNER_TEMP and GITHUB_WORKSPACE set; the user's own environment (HOME and ~/.docker/config.json,
// proxies, DOCKER_CONFIG, GITHUB_TOKEN) passes through.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { parseFileCommands } from '@airlock/core/text';
import type { ActionDefinition } from './actions.ts';
import { inputEnv } from './args.ts';
import { commandRenderer } from './terminal.ts';

export interface RunOptions {
  action: ActionDefinition;
  inputs: ReadonlyMap<string, string>;
  /** The working directory, which is also GITHUB_WORKSPACE (relative paths in inputs resolve here). */
  cwd: string;
  env: NodeJS.ProcessEnv;
  verbose: boolean;
  /** Where the action's log goes (rendered), and its errors and warnings. */
  log: Writable;
  errors: Writable;
}

export interface RunResult {
  exitCode: number;
  outputs: Record<string, string>;
  /** The job summary the action wrote (markdown). */
  summary: string;
}

/** Variables of the runner's own that must not leak in from the calling shell. */
const runnerOwned =
  /^(INPUT_.*|GITHUB_(OUTPUT|STEP_SUMMARY|ENV|PATH|STATE|WORKSPACE)|RUNNER_(TEMP|DEBUG)|STATE_.*)$/;

export async function runBundle(options: RunOptions): Promise<RunResult> {
  const { action } = options;
  const work = mkdtempSync(join(tmpdir(), `airlock-${action.name}-`));
  try {
    const files = {
      GITHUB_OUTPUT: join(work, 'output'),
      GITHUB_STEP_SUMMARY: join(work, 'summary'),
      GITHUB_ENV: join(work, 'env'),
      GITHUB_PATH: join(work, 'path'),
      GITHUB_STATE: join(work, 'state'),
    };
    for (const file of Object.values(files)) writeFileSync(file, '');
    mkdirSync(join(work, 'tmp'));
    const inherited = Object.fromEntries(
      Object.entries(options.env).filter(
        (entry): entry is [string, string] => entry[1] !== undefined && !runnerOwned.test(entry[0]),
      ),
    );
    const cacheHome = options.env['XDG_CACHE_HOME'] ?? join(options.env['HOME'] ?? homedir(), '.cache');
    const env: Record<string, string> = {
      ...inherited,
      ...files,
      RUNNER_TEMP: join(work, 'tmp'),
      // Tools an action installs (Trivy) are kept between runs, as on a self-hosted runner.
      RUNNER_TOOL_CACHE: options.env['RUNNER_TOOL_CACHE'] ?? join(cacheHome, 'airlock', 'tool-cache'),
      GITHUB_WORKSPACE: options.cwd,
      GITHUB_ACTIONS: 'true',
      CI: options.env['CI'] ?? 'true',
      ...(options.verbose ? { RUNNER_DEBUG: '1' } : {}),
      ...inputEnv(action, options.inputs, options.env),
    };
    const child = spawn(process.execPath, [action.main], {
      cwd: options.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const renderer = commandRenderer(options.verbose);
    const relay = (stream: NodeJS.ReadableStream, fallback: Writable) =>
      new Promise<void>((done) => {
        const lines = createInterface({ input: stream, crlfDelay: Infinity });
        lines.on('line', (line) => {
          const rendered = renderer.line(line);
          if (rendered)
            (rendered.stream === 'stderr' ? options.errors : fallback).write(`${rendered.text}\n`);
        });
        lines.on('close', done);
      });
    const relayed = Promise.all([relay(child.stdout, options.log), relay(child.stderr, options.errors)]);
    const exitCode = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => resolve(code ?? (signal ? 128 + signalNumber(signal) : 1)));
    });
    await relayed;
    return {
      exitCode,
      outputs: parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
      summary: existsSync(files.GITHUB_STEP_SUMMARY) ? readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8') : '',
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function signalNumber(signal: NodeJS.Signals): number {
  return ({ SIGINT: 2, SIGTERM: 15, SIGKILL: 9, SIGPIPE: 13 } as Record<string, number>)[signal] ?? 1;
}
