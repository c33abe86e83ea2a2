import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  mkdtempSync,
  symlinkSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@airlock/testkit';

// `npm run demo` leaves nothing behind: cut off by a closed pipe, Ctrl-C (SIGINT) or SIGTERM while its
// registries, action bundles and Trivy run, no process it started survives and its files are gone. Each
// run gets a temp dir of its own (TMPDIR); a survivor is any process whose command line, environment or
// working directory lies under it.

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function processesUnder(dir: string): { pid: number; cmdline: string }[] {
  const found: { pid: number; cmdline: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      let environ = '';
      let cwd = '';
      try {
        environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
        cwd = readlinkSync(`/proc/${pid}/cwd`);
      } catch {
        // not ours to read
      }
      if (cmdline.includes(dir) || environ.includes(dir) || cwd.startsWith(dir)) found.push({ pid, cmdline });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Survivors after a moment for signalled processes to go; any left are ended here (they are ours). */
async function survivors(dir: string): Promise<string[]> {
  let left = processesUnder(dir);
  for (let i = 0; i < 50 && left.length > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = processesUnder(dir);
  }
  for (const { pid } of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  return left.map((p) => `${p.pid} ${p.cmdline}`);
}

function startDemo(command: string[], dir: string): ChildProcessWithoutNullStreams {
  return spawn(command[0]!, command.slice(1), {
    cwd: repoRoot,
    env: { ...process.env, TMPDIR: dir },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Reads the demo's output until `pattern` shows (bounded), then returns what was read. */
async function until(child: ChildProcessWithoutNullStreams, pattern: RegExp, seconds = 60): Promise<string> {
  let text = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} in ${seconds} s:\n${text}`)),
      seconds * 1000,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (pattern.test(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`the demo exited before ${pattern}:\n${text}`));
    });
  });
}

async function exited(child: ChildProcessWithoutNullStreams, seconds = 30): Promise<number | string> {
  if (child.exitCode !== null) return child.exitCode;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve('did not exit');
    }, seconds * 1000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? signal ?? -1);
    });
  });
}

const node = process.execPath;
const demo = join(repoRoot, 'scripts/demo.ts');
// The moment Trivy runs: registries, an action bundle and Trivy are all alive.
const scanning = /quarantine-scan 127\.0\.0\.1:\d+\/quarantine\/tiny@/;

describe('the demo stops everything it started', () => {
  it.each([
    ['Ctrl-C (SIGINT)', 'SIGINT' as const, 130],
    ['SIGTERM', 'SIGTERM' as const, 143],
  ])('on %s, mid-scan', async (_name, signal, code) => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-demo-test-'));
    dirs.push(dir);
    const child = startDemo([node, demo], dir);
    await until(child, scanning);
    expect(processesUnder(dir).length).toBeGreaterThan(1);
    child.kill(signal);
    expect(await exited(child)).toBe(code);
    expect(await survivors(dir)).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('when its output pipe closes mid-scan (EPIPE)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-demo-test-'));
    dirs.push(dir);
    const child = startDemo([node, demo], dir);
    await until(child, scanning);
    child.stdout.destroy();
    // The next line (the heartbeat comes every 4 s) meets the closed pipe.
    expect(await exited(child)).toBe(0);
    expect(await survivors(dir)).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('under `npm run demo | head -6` (cut just after the registries start)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-demo-test-'));
    dirs.push(dir);
    const child = startDemo(['sh', '-c', 'npm run demo | head -6'], dir);
    const output = await new Promise<string>((resolve) => {
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.once('close', () => resolve(text));
    });
    expect(output.split('\n')).toHaveLength(7);
    expect(output).toContain('starting two registries');
    expect(await survivors(dir)).toEqual([]);
    // npm keeps a compile cache of its own in TMPDIR; nothing of the demo's is left.
    expect(readdirSync(dir).filter((name) => name.startsWith('airlock-'))).toEqual([]);
  });
});

describe('the demo with only node on PATH (no docker-registry, skopeo or Go)', () => {
  it('runs the whole pipeline on the embedded registry, with a line at least every 5 s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-demo-test-'));
    dirs.push(dir);
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const child = spawn(process.execPath, [demo], {
      cwd: repoRoot,
      env: { HOME: process.env.HOME ?? dir, PATH: bin, TMPDIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let last = Date.now();
    let largestGap = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      largestGap = Math.max(largestGap, Date.now() - last);
      last = Date.now();
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await exited(child as unknown as ChildProcessWithoutNullStreams, 170);
    expect({ code, output: code === 0 ? '' : output }).toEqual({ code: 0, output: '' });
    expect(output).toContain('the embedded OCI registry');
    expect(output).toContain('with a plain HTTP GET (skopeo is not installed)');
    expect(output).toContain('trusted only');
    expect(output).toContain(
      'What to do: upgrade openssl to 3.1.2-r0, busybox to 1.36.1-r2, curl to 8.5.0-r0',
    );
    expect(output).toContain('done: everything behaved as expected');
    expect(largestGap).toBeLessThan(5000);
    expect(await survivors(dir)).toEqual([]);
  }, 180_000);
});
