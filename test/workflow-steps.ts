// Runs the `run:` steps of the reusable workflows as the GitHub runner runs them: bash -e, with
// GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP and HOME set, and the step's `${{ }}` values given as env.
// Shared by the workflow tests (not a test file itself).

import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

export const root = join(import.meta.dirname, '..');
export const reusable = ['mirror.yml', 'promote-from-quarantine.yml', 'pr-scan.yml'];

for (const tool of ['bash', 'jq', 'git', 'curl', 'base64']) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    throw new Error(
      `${tool} is not installed: the workflow scripts need it (Debian package '${tool === 'base64' ? 'coreutils' : tool}')`,
    );
  }
}

export interface Step {
  id?: string;
  name?: string;
  run?: string;
  env?: Record<string, string>;
  uses?: string;
}
export interface Workflow {
  jobs: Record<string, { steps?: Step[] }>;
}

export const workflows = new Map(
  reusable.map((file) => [
    file,
    parse(readFileSync(join(root, '.github', 'workflows', file), 'utf8')) as Workflow,
  ]),
);

export function step(file: string, job: string, which: string): Step {
  const found = workflows
    .get(file)
    ?.jobs[job]?.steps?.find((entry) => entry.id === which || entry.name === which);
  if (!found?.run) throw new Error(`${file}: job ${job} has no run step ${which}`);
  return found;
}

export interface StepRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  home: string;
}

/** A directory for this test file's runs; the file removes it in its afterAll. */
export const scratch = mkdtempSync(join(tmpdir(), 'airlock-workflow-steps-'));
let runs = 0;

/** Runs a step's script as the runner does (`bash -e`), with `env` in place of its `${{ }}` values. */
export async function runStep(target: Step, env: Record<string, string>, cwd?: string): Promise<StepRun> {
  const dir = join(scratch, `run-${++runs}`);
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  const script = join(dir, 'step.sh');
  writeFileSync(script, target.run ?? '');
  const output = join(dir, 'output');
  const summary = join(dir, 'summary');
  writeFileSync(output, '');
  writeFileSync(summary, '');
  // Asynchronous, so that a loopback server in this process can answer the script.
  const result = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-e', script], {
      cwd: cwd ?? dir,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        RUNNER_TEMP: dir,
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: summary,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
  const outputs: Record<string, string> = {};
  for (const line of readFileSync(output, 'utf8').split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) outputs[line.slice(0, at)] = line.slice(at + 1);
  }
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    outputs,
    summary: readFileSync(summary, 'utf8'),
    home,
  };
}

export function errors(run: StepRun): string[] {
  return run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
}
