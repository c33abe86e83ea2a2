import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  TestRegistry,
  pushLayout,
  randomPlatforms,
  skopeoInspectRaw,
  digestOf,
  writeImageLayout,
  type BuiltImage,
} from '@airlock/testkit';
import { main } from '../src/cli.ts';
import { repositoryRoot } from '../src/actions.ts';
import { Captured } from './helpers.ts';

async function cli(argv: string[], options: { root?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const stdout = new Captured();
  const stderr = new Captured();
  const code = await main(argv, {
    ...(options.root ? { root: options.root } : {}),
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? { PATH: process.env.PATH, HOME: process.env.HOME },
    stdout,
    stderr,
    width: 100,
  });
  return {
    code,
    stdout: stdout.text,
    stderr: stderr.text,
    explain: `exit ${code}\n${stdout.text}\n${stderr.text}`,
  };
}

// A stand-in action (a few lines of JavaScript, not a mock of ours): it reports what the runner
// contract gave it, so the test sees exactly what the CLI set up.
const standIn = `
import { appendFileSync, existsSync } from 'node:fs';
const env = process.env;
appendFileSync(env.GITHUB_OUTPUT, 'greeting=hello ' + env.INPUT_NAME + '\\n');
appendFileSync(env.GITHUB_OUTPUT, 'mode<<EOF\\n' + env['INPUT_MODE'] + '\\nEOF\\n');
appendFileSync(env.GITHUB_OUTPUT, 'workspace=' + env.GITHUB_WORKSPACE + '\\n');
appendFileSync(env.GITHUB_OUTPUT, 'runner-temp=' + String(existsSync(env.RUNNER_TEMP)) + '\\n');
appendFileSync(env.GITHUB_OUTPUT, 'leaked=' + (env.INPUT_STALE ?? 'none') + '\\n');
appendFileSync(env.GITHUB_STEP_SUMMARY, '### Greeter\\n\\n| who | said |\\n|---|---|\\n| \`' + env.INPUT_NAME + '\` | **hello** |\\n');
console.log('::add-mask::s3cret');
console.log('::group::Greeting');
console.log('the token is s3cret');
console.log('::endgroup::');
if (env.INPUT_NAME === 'nobody') { console.log('::error::input %27name%27: nobody is there'); process.exitCode = 1; }
`;

describe('airlock CLI', () => {
  let root: string;
  let work: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'airlock-cli-root-'));
    work = mkdtempSync(join(tmpdir(), 'airlock-cli-work-'));
    mkdirSync(join(root, 'actions/greet/dist'), { recursive: true });
    writeFileSync(
      join(root, 'actions/greet/action.yml'),
      [
        'name: airlock greet',
        'description: Greets someone. Used by the CLI tests.',
        'inputs:',
        '  name:',
        '    description: Who to greet.',
        '    required: true',
        '  mode:',
        '    description: How.',
        '    default: warmly',
        'outputs:',
        '  greeting:',
        '    description: What was said.',
        'runs:',
        '  using: node24',
        '  main: dist/index.js',
        '',
      ].join('\n'),
    );
    writeFileSync(join(root, 'actions/greet/dist/index.js'), standIn);
    writeFileSync(join(root, 'actions/greet/dist/package.json'), '{"type":"module"}');
    mkdirSync(join(root, 'actions/unbuilt'));
    writeFileSync(
      join(root, 'actions/unbuilt/action.yml'),
      'name: unbuilt\ndescription: Not built.\nruns:\n  using: node24\n  main: dist/index.js\n',
    );
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('runs a bundle as the runner does and prints its outputs and its summary for a terminal', async () => {
    const run = await cli(['greet', '--name', 'Ada'], {
      root,
      cwd: work,
      env: { PATH: process.env.PATH, HOME: work, INPUT_STALE: 'from the shell' },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('▸ Greeting\nthe token is ***\n');
    expect(run.stdout).not.toContain('s3cret');
    expect(run.stdout).toContain('\nOutputs\n═══════\n');
    expect(run.stdout).toContain('greeting     hello Ada\n');
    expect(run.stdout).toContain('mode         warmly\n'); // the default from action.yml, as the runner passes it
    expect(run.stdout).toContain(`workspace    ${work}\n`);
    expect(run.stdout).toContain('runner-temp  true\n');
    expect(run.stdout).toContain('leaked       none\n'); // INPUT_* of the calling shell do not leak in
    expect(run.stdout).toContain('Greeter\n───────\n\nwho  said\n───  ─────\nAda  hello');
  });

  it('passes the action’s failure on: its error line and its exit code; --json prints only the outputs', async () => {
    const failed = await cli(['greet', '--name', 'nobody'], { root, cwd: work });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe('error: input %27name%27: nobody is there\n');
    const json = await cli(['greet', '--name=Grace', '--json'], { root, cwd: work });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ greeting: 'hello Grace', mode: 'warmly' });
    expect(json.stderr).toContain('▸ Greeting');
  });

  it('prints help from action.yml: every action, then one action’s inputs and outputs', async () => {
    const overall = await cli(['--help'], { root });
    expect(overall.code).toBe(0);
    expect(overall.stdout).toMatch(/^ {2}greet {4}Greets someone\.$/m);
    expect(overall.stdout).toMatch(/^ {2}unbuilt {2}Not built\.$/m);
    const greet = await cli(['greet', '--help'], { root });
    expect(greet.stdout).toContain('Usage: airlock greet --<input> <value> …');
    expect(greet.stdout).toContain('  --name  (required)\n      Who to greet.\n');
    expect(greet.stdout).toContain('  --mode  (default: warmly)\n');
    expect(greet.stdout).toContain('Outputs:\n  greeting\n      What was said.');
    const real = await cli(['mirror', '--help']);
    expect(real.stdout).toContain('  --copy-referrers  (default: true)');
    expect((await cli([])).code).toBe(2);
  });

  it('refuses mistakes before running anything, naming what was meant', async () => {
    const misspelt = await cli(['greet', '--nmae', 'Ada'], { root });
    expect(misspelt).toMatchObject({
      code: 2,
      stdout: '',
      stderr: "airlock: greet has no input 'nmae'; did you mean --name?\n",
    });
    const action = await cli(['gret'], { root });
    expect(action.stderr).toBe("airlock: no action 'gret'; did you mean greet?\n");
    const unbuilt = await cli(['unbuilt'], { root, cwd: root });
    expect(unbuilt).toMatchObject({ code: 2 });
    expect(unbuilt.stderr).toBe(
      'airlock: actions/unbuilt/dist/index.js is not built: run npm run bundle -- unbuilt\n',
    );
  });

  it('the airlock command runs on Node 24 and says what it needs on an older Node', () => {
    const bin = join(repositoryRoot, 'packages/cli/bin/airlock.js');
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: airlock <action>');
    const old = oldNode();
    if (!old) return;
    const refused = spawnSync(old, [bin, '--help'], { encoding: 'utf8' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^airlock: needs Node 24 or later \(this is Node 2[0-3]\./);
  });
});

/** The machine's own Node when it is older than 24 (Debian's Node 20 here), to test the version guard. */
function oldNode(): string | undefined {
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node']) {
    if (!existsSync(candidate)) continue;
    const version = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim();
    if (Number(version.replace(/^v/, '').split('.')[0]) < 24) return candidate;
  }
  return undefined;
}

describe('the action bundles on an old Node', () => {
  it('print one ::error:: line saying they need the node24 runner (Node 20 from the machine)', () => {
    const old = oldNode();
    if (!old) return;
    for (const action of ['mirror', 'promote', 'quarantine-scan']) {
      const bundle = join(repositoryRoot, 'actions', action, 'dist/index.js');
      if (!existsSync(bundle)) continue;
      const run = spawnSync(old, [bundle], { encoding: 'utf8', env: { PATH: process.env.PATH } });
      expect({ action, status: run.status, stderr: run.stderr }).toEqual({ action, status: 1, stderr: '' });
      const lines = run.stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(
          `^::error::airlock ${action} needs Node 24 \\(the \`node24\` runner\\), but runs on Node 2\\d\\.`,
        ),
      );
    }
  });
});

describe('airlock mirror through the CLI, against a real registry', () => {
  let registry: TestRegistry;
  let work: string;
  let image: BuiltImage;

  beforeAll(async () => {
    registry = await TestRegistry.start();
    work = mkdtempSync(join(tmpdir(), 'airlock-cli-mirror-'));
    image = await writeImageLayout(join(work, 'app'), '1.0', randomPlatforms(['amd64', 'arm64'], 2, 20_000));
    pushLayout(join(work, 'app'), '1.0', `${registry.host}/upstream/app:1.0`);
  });

  afterAll(async () => {
    await registry.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('copies between repositories, prints the digest-pinned outputs and the summary table', async () => {
    const run = await cli(
      [
        'mirror',
        '--source',
        `${registry.host}/upstream/app:1.0`,
        '--destination',
        `${registry.host}/quarantine/app`,
        '--insecure-registries',
        registry.host,
      ],
      { cwd: work, env: { PATH: process.env.PATH, HOME: work } },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^digest +${image.digest}$`, 'm'));
    expect(run.stdout).toMatch(new RegExp(`^image +${registry.host}/quarantine/app@${image.digest}$`, 'm'));
    expect(run.stdout).toMatch(/^copied +true$/m);
    expect(run.stdout).toMatch(/^platforms +linux\/amd64,linux\/arm64$/m);
    // A JSON output is indented for reading.
    expect(run.stdout).toMatch(/^results +\[\n +\{\n +"source": /m);
    expect(run.stdout).toContain('Mirror\n──────');
    expect(run.stdout).toMatch(/^source +digest +destination +result +platforms +bytes +seconds$/m);
    expect(run.stdout).toMatch(/ copied +linux\/amd64, linux\/arm64 /);
    expect(run.stdout).not.toContain('::');
    // The independent oracle: skopeo reads the same bytes back.
    expect(digestOf(skopeoInspectRaw(`${registry.host}/quarantine/app:1.0`))).toBe(image.digest);
  });

  it('writes to an oci:DIR:TAG layout given relative to the working directory, as in Actions', async () => {
    const run = await cli(
      [
        'mirror',
        '--source',
        `${registry.host}/upstream/app:1.0`,
        '--destination',
        'oci:exported:v1',
        '--insecure-registries',
        registry.host,
        '--json',
      ],
      { cwd: work, env: { PATH: process.env.PATH, HOME: work } },
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ digest: image.digest, copied: 'true' });
    const index = JSON.parse(readFileSync(join(work, 'exported/index.json'), 'utf8')) as {
      manifests: { digest: string; annotations?: Record<string, string> }[];
    };
    expect(index.manifests).toContainEqual(
      expect.objectContaining({
        digest: image.digest,
        annotations: expect.objectContaining({ 'org.opencontainers.image.ref.name': 'v1' }),
      }),
    );
  });
});
