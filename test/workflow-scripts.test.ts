// The `run:` scripts of the reusable workflows, run with bash as the runner runs them (GITHUB_OUTPUT,
// GITHUB_STEP_SUMMARY, RUNNER_TEMP, the step's env), against fixtures: the OIDC look-up of the workflow's
// own commit (a loopback token endpoint), the registry credentials, the image list, the tag list, the
// gathering summary, and what a pull request changes (a real git merge commit).

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  errors,
  reusable,
  root,
  runStep,
  scratch,
  step,
  workflows,
  type Step,
  type Workflow,
} from './workflow-steps.ts';

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('one implementation of the shared steps', () => {
  const every = (which: string) =>
    [...workflows.entries()].flatMap(([file, workflow]) =>
      Object.entries(workflow.jobs).flatMap(([job, spec]) =>
        (spec.steps ?? [])
          .filter((entry) => entry.id === which || entry.name === which)
          .map((entry) => ({ file, job, entry })),
      ),
    );

  test('every job that runs airlock actions finds its own commit with the same script, and checks out exactly that', () => {
    const locate = every('airlock');
    expect(locate.map(({ file, job }) => `${file}:${job}`).sort()).toEqual([
      'mirror.yml:mirror',
      'pr-scan.yml:scan',
      'promote-from-quarantine.yml:list',
      'promote-from-quarantine.yml:promote',
    ]);
    expect(new Set(locate.map(({ entry }) => entry.run)).size).toBe(1);
    for (const [file, workflow] of workflows) {
      for (const [job, spec] of Object.entries(workflow.jobs)) {
        const steps = spec.steps ?? [];
        const local = steps.findIndex((entry) => entry.uses?.startsWith('./.airlock/'));
        if (local < 0) continue;
        const checkout = steps.findIndex(
          (entry) =>
            entry.uses?.startsWith('actions/checkout@') && JSON.stringify(entry).includes('.airlock'),
        );
        expect([file, job, checkout >= 0 && checkout < local]).toEqual([file, job, true]);
        expect(JSON.stringify(steps[checkout])).toContain('steps.airlock.outputs.sha');
      }
    }
  });

  test('the SARIF category step is the same script in both workflows that upload', () => {
    const category = every('category');
    expect(category.map(({ file }) => file).sort()).toEqual(['pr-scan.yml', 'promote-from-quarantine.yml']);
    expect(new Set(category.map(({ entry }) => entry.run)).size).toBe(1);
  });

  test('the registry credentials step is the same script everywhere', () => {
    const credentials = every('Registry credentials');
    expect(credentials.length).toBe(4);
    expect(new Set(credentials.map(({ entry }) => entry.run)).size).toBe(1);
  });
});

describe("the workflow's own commit, from the job's OIDC token", () => {
  const locate = step('mirror.yml', 'mirror', 'airlock');
  let server: Server;
  let url = '';
  let claims: Record<string, string> = {};
  const seen: { audience: string | null; authorization: string | undefined }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const address = new URL(request.url ?? '/', 'http://127.0.0.1');
      seen.push({
        audience: address.searchParams.get('audience'),
        authorization: request.headers.authorization,
      });
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const token = `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ value: token }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/token?api-version=2.0`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const sha = '0123456789abcdef0123456789abcdef01234567';

  test('names the repository and commit of the reusable workflow, not the caller', async () => {
    // A claim that base64url-encodes with '-' and '_', and a length that needs padding.
    claims = {
      repository: 'acme/app',
      workflow_ref: 'acme/app/.github/workflows/nightly.yml@refs/heads/main',
      job_workflow_ref: 'security/airlock/.github/workflows/promote-from-quarantine.yml@refs/tags/v1',
      job_workflow_sha: sha,
      odd: '???>>>~~',
    };
    const run = await runStep(locate, {
      ACTIONS_ID_TOKEN_REQUEST_URL: url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
    });
    expect(errors(run)).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.outputs).toEqual({ repository: 'security/airlock', sha });
    expect(seen.at(-1)).toEqual({ audience: 'airlock-checkout', authorization: 'bearer request-token' });
    expect(run.stdout + run.stderr).not.toContain('c2lnbmF0dXJl');
  });

  test('refuses a job without an OIDC identity, saying which permission to add', async () => {
    const run = await runStep(locate, {});
    expect(run.status).not.toBe(0);
    expect(errors(run)).toEqual([
      "::error::this job has no OIDC identity: give the calling job 'permissions: id-token: write' (a pull request from a fork never has one)",
    ]);
  });

  test.each([
    ['no job_workflow_sha', { job_workflow_ref: 'a/airlock/.github/workflows/x.yml@v1' }],
    ['a short sha', { job_workflow_ref: 'a/airlock/.github/workflows/x.yml@v1', job_workflow_sha: 'abc123' }],
    [
      'a repository that is not owner/name',
      { job_workflow_ref: 'a/b/c/.github/workflows/x.yml@v1', job_workflow_sha: sha },
    ],
  ])('refuses a token with %s', async (_name, given) => {
    claims = given;
    const run = await runStep(locate, {
      ACTIONS_ID_TOKEN_REQUEST_URL: url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't',
    });
    expect(run.status).not.toBe(0);
    expect(errors(run)[0]).toMatch(/^::error::the OIDC token names no workflow commit/);
    expect(run.outputs).toEqual({});
  });
});

describe('registry credentials', () => {
  const credentials = step('promote-from-quarantine.yml', 'promote', 'Registry credentials');
  const auth = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');

  test('one docker config entry per registry given credentials, keyed as docker login keys them, and masked', async () => {
    const run = await runStep(credentials, {
      QUARANTINE_REF: 'ghcr.io/acme/quarantine/python',
      TRUSTED_REF: 'registry.example.com:5000/trusted/python',
      DOCKERHUB_USERNAME: 'hub-user',
      DOCKERHUB_TOKEN: 'hub-token',
      QUARANTINE_USERNAME: 'q-user',
      QUARANTINE_PASSWORD: 'q-pass',
      TRUSTED_USERNAME: 't-user',
      TRUSTED_PASSWORD: 't-pass',
    });
    expect(run.status).toBe(0);
    const config = JSON.parse(readFileSync(join(run.home, '.docker', 'config.json'), 'utf8')) as unknown;
    expect(config).toEqual({
      auths: {
        'https://index.docker.io/v1/': { auth: auth('hub-user', 'hub-token') },
        'ghcr.io': { auth: auth('q-user', 'q-pass') },
        'registry.example.com:5000': { auth: auth('t-user', 't-pass') },
      },
    });
    for (const value of [auth('hub-user', 'hub-token'), auth('q-user', 'q-pass'), auth('t-user', 't-pass')]) {
      expect(run.stdout).toContain(`::add-mask::${value}`);
    }
    expect(run.stdout).not.toMatch(/q-pass|t-pass|hub-token/);
  });

  test('a repository on Docker Hub or localhost is keyed by its registry; no secret, no entry', async () => {
    const run = await runStep(credentials, {
      QUARANTINE_REF: 'acme/quarantine-python',
      TRUSTED_REF: 'localhost:5000/trusted/python',
      DOCKERHUB_USERNAME: '',
      DOCKERHUB_TOKEN: '',
      QUARANTINE_USERNAME: 'q',
      QUARANTINE_PASSWORD: 'p',
      TRUSTED_USERNAME: '',
      TRUSTED_PASSWORD: '',
    });
    expect(run.status).toBe(0);
    const config = JSON.parse(readFileSync(join(run.home, '.docker', 'config.json'), 'utf8')) as {
      auths: object;
    };
    expect(Object.keys(config.auths)).toEqual(['https://index.docker.io/v1/']);
  });
});

describe("mirror.yml's image list", () => {
  const list = step('mirror.yml', 'plan', 'list');

  test('inline lines and a file, comments, and lines without a destination going to the quarantine prefix', async () => {
    const dir = join(scratch, 'caller');
    mkdirSync(join(dir, '.github'), { recursive: true });
    writeFileSync(
      join(dir, '.github', 'images.txt'),
      '# upstream images\ndocker.io/library/python:3.13-slim\n\n  quay.io/prometheus/prometheus:v3.1.0   ghcr.io/acme/q/prom:v3  # pinned\n',
    );
    const run = await runStep(
      list,
      {
        IMAGES: 'node:22-alpine\nghcr.io/x/y@sha256:abc',
        IMAGES_FILE: '.github/images.txt',
        QUARANTINE: 'ghcr.io/acme/quarantine/',
      },
      dir,
    );
    expect(errors(run)).toEqual([]);
    expect(JSON.parse(run.outputs.images ?? '')).toEqual([
      { source: 'docker.io/library/python:3.13-slim', destination: 'ghcr.io/acme/quarantine/python' },
      { source: 'quay.io/prometheus/prometheus:v3.1.0', destination: 'ghcr.io/acme/q/prom:v3' },
      { source: 'node:22-alpine', destination: 'ghcr.io/acme/quarantine/node' },
      { source: 'ghcr.io/x/y@sha256:abc', destination: 'ghcr.io/acme/quarantine/y' },
    ]);
  });

  test.each([
    [
      'a line without destination and no quarantine prefix',
      { IMAGES: 'python:3.13', QUARANTINE: '' },
      'python:3.13 needs one DESTINATION',
    ],
    [
      'a line with three fields',
      { IMAGES: 'python:3.13 a b', QUARANTINE: '' },
      'python:3.13 needs one DESTINATION',
    ],
    ['no image at all', { IMAGES: '# nothing\n', QUARANTINE: 'q' }, 'name no image'],
    [
      'more images than a matrix holds',
      { IMAGES: Array.from({ length: 257 }, (_, index) => `app${index}:1`).join('\n'), QUARANTINE: 'q' },
      'a matrix holds at most 256',
    ],
    [
      'a file that does not exist',
      { IMAGES: '', IMAGES_FILE: 'missing.txt', QUARANTINE: 'q' },
      "input 'images-file'",
    ],
  ])('refuses %s with one error', async (_name, env, message) => {
    const run = await runStep(list, { IMAGES_FILE: '', ...env });
    expect(run.status).not.toBe(0);
    expect(errors(run).length).toBe(1);
    expect(errors(run)[0]).toContain(message);
  });
});

describe("promote-from-quarantine.yml's tag list and summary", () => {
  const tags = step('promote-from-quarantine.yml', 'list', 'tags');
  const gather = step('promote-from-quarantine.yml', 'summary', 'gather');

  test('tags as given, or every tag the dry-run plan found; a key for the artifacts', async () => {
    const given = await runStep(tags, {
      TAGS: ' 3.13, 3.12\n3.13\n',
      PLAN: '',
      QUARANTINE: 'ghcr.io/acme/q/python',
    });
    expect(given.outputs).toEqual({ tags: '["3.12","3.13"]', key: 'ghcr-io-acme-q-python' });
    const plan = JSON.stringify([
      { source: 'ghcr.io/acme/q/python:3.13', 'source-tag': '3.13', promoted: false, reason: 'dry-run' },
      {
        source: 'ghcr.io/acme/q/python:latest',
        'source-tag': 'latest',
        promoted: false,
        reason: 'no-verdict',
      },
    ]);
    const all = await runStep(tags, { TAGS: '', PLAN: plan, QUARANTINE: 'ghcr.io/acme/q/python' });
    expect(all.outputs.tags).toBe('["3.13","latest"]');
    const none = await runStep(tags, { TAGS: '', PLAN: '[]', QUARANTINE: 'q' });
    expect(none.outputs.tags).toBe('[]');
  });

  test('refuses more tags than a matrix holds', async () => {
    const many = Array.from({ length: 300 }, (_, index) => `t${index}`).join(',');
    const run = await runStep(tags, { TAGS: many, PLAN: '', QUARANTINE: 'q/app' });
    expect(run.status).not.toBe(0);
    expect(errors(run)[0]).toContain('q/app has 300 tags; a matrix holds at most 256');
  });

  test('refuses a tag that is not one', async () => {
    const run = await runStep(tags, { TAGS: 'ok, $(touch pwned)', PLAN: '', QUARANTINE: 'q' });
    expect(run.status).not.toBe(0);
    expect(errors(run)[0]).toContain("input 'tags': '$(touch pwned)' is not a tag");
  });

  test('one row per tag, a tag whose job recorded nothing included, counts as outputs', async () => {
    const dir = join(scratch, 'gather');
    const results = join(dir, 'airlock-results');
    mkdirSync(results, { recursive: true });
    const row = (tag: string, fields: object) =>
      writeFileSync(
        join(results, `k--${tag}.json`),
        JSON.stringify({ tag, digest: 'sha256:1', blocking: '0', ...fields }),
      );
    row('3.13', {
      verdict: 'pass',
      promoted: true,
      reason: '',
      image: 'ghcr.io/t/python@sha256:aaa',
      signed: true,
      sbom: true,
    });
    row('3.12', {
      verdict: 'fail',
      blocking: '2',
      promoted: false,
      reason: 'verdict-fail',
      image: '',
      signed: false,
      sbom: false,
    });
    const run = await runStep(gather, {
      TAGS: '["3.12","3.13","latest"]',
      QUARANTINE: 'q/python',
      TRUSTED: 't/python',
      RUNNER_TEMP: dir,
    });
    expect(errors(run)).toEqual([]);
    expect(run.outputs.promoted).toBe('1');
    expect(run.outputs.refused).toBe('2');
    expect(
      (JSON.parse(run.outputs.results ?? '[]') as { tag: string; reason: string }[]).map((r) => [
        r.tag,
        r.reason,
      ]),
    ).toEqual([
      ['3.12', 'verdict-fail'],
      ['3.13', ''],
      ['latest', 'no-result'],
    ]);
    expect(run.summary).toContain('1 of 3 tags promoted.');
    expect(run.summary).toContain('| `3.13` | pass | 0 | yes | yes | yes | `sha256:aaa` |');
    expect(run.summary).toContain('| `3.12` | fail | 2 | — | — | — | verdict-fail |');
    expect(run.summary).toContain('| `latest` | — | — | — | — | — | no-result |');
  });
});

describe('pr-scan.yml: what a pull request adds or changes', () => {
  const diff = step('pr-scan.yml', 'changes', 'diff');
  const git = (cwd: string, ...args: string[]) => {
    const result = spawnSync('git', args, {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@t',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@t',
      },
    });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  };

  test('new and changed lines of the merge commit against its base, with the promoted baseline of a changed one', async () => {
    const repo = join(scratch, 'pr-repo');
    mkdirSync(join(repo, '.github'), { recursive: true });
    git(repo, 'init', '-q', '-b', 'main');
    const file = join(repo, '.github', 'images.txt');
    writeFileSync(
      file,
      'docker.io/library/python:3.12-slim\nnode:22-alpine\nredis:7.2 ghcr.io/acme/q/redis\n',
    );
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'base');
    git(repo, 'checkout', '-qb', 'feature');
    writeFileSync(
      file,
      'docker.io/library/python:3.13-slim\nnode:22-alpine\nredis:7.2 ghcr.io/acme/q/redis\nquay.io/prometheus/prometheus:v3.1.0\n',
    );
    git(repo, 'commit', '-qam', 'python 3.13, prometheus');
    git(repo, 'checkout', '-q', 'main');
    git(repo, 'merge', '-q', '--no-ff', '-m', 'merge', 'feature');
    expect(existsSync(join(repo, '.git'))).toBe(true);

    const run = await runStep(
      diff,
      {
        EVENT: 'pull_request',
        IMAGES_FILE: '.github/images.txt',
        QUARANTINE: 'ghcr.io/acme/q',
        TRUSTED: 'ghcr.io/acme/trusted/',
      },
      repo,
    );
    expect(errors(run)).toEqual([]);
    expect(JSON.parse(run.outputs.images ?? '')).toEqual([
      {
        source: 'docker.io/library/python:3.13-slim',
        change: 'changed',
        baseline: 'ghcr.io/acme/trusted/python:3.12-slim',
      },
      { source: 'quay.io/prometheus/prometheus:v3.1.0', change: 'new', baseline: '' },
    ]);
    expect(run.summary).toContain(
      '- `docker.io/library/python:3.13-slim` (changed, compared with `ghcr.io/acme/trusted/python:3.12-slim`)',
    );
  });

  test('refuses another event', async () => {
    const run = await runStep(diff, { EVENT: 'push', IMAGES_FILE: 'x', QUARANTINE: '', TRUSTED: '' });
    expect(run.status).not.toBe(0);
    expect(errors(run)).toEqual(["::error::pr-scan.yml runs for 'pull_request' events (this one is 'push')"]);
  });
});

describe('the shape of the reusable workflows', () => {
  interface Job {
    permissions?: Record<string, string>;
    strategy?: { 'fail-fast'?: boolean };
    needs?: string | string[];
    if?: string;
    steps?: (Step & { with?: Record<string, unknown> })[];
  }
  const jobsOf = (file: string) => (workflows.get(file) as unknown as { jobs: Record<string, Job> }).jobs;

  test('promote-from-quarantine: scan → promote on that scan record → sign → attest, per tag, then one summary', () => {
    const jobs = jobsOf('promote-from-quarantine.yml');
    const promote = jobs.promote!;
    expect(promote.strategy?.['fail-fast']).toBe(false);
    const order = (promote.steps ?? [])
      .map((entry) => /\.\/\.airlock\/actions\/([a-z-]+)/.exec(entry.uses ?? '')?.[1])
      .filter(Boolean);
    expect(order).toEqual(['quarantine-scan', 'promote', 'sign-keyless', 'attest-sbom']);
    const promoteStep = promote.steps?.find((entry) => entry.uses === './.airlock/actions/promote');
    expect(promoteStep?.with?.['verdict-record']).toBe('${{ steps.scan.outputs.record-digest }}');
    expect(promoteStep?.with?.image).toBe(
      '${{ inputs.quarantine }}:${{ matrix.tag }}@${{ steps.scan.outputs.digest }}',
    );
    expect(jobs.summary?.needs).toEqual(['list', 'promote']);
    expect(jobs.summary?.if).toContain('always()');
  });

  test('each job asks only for what it uses; id-token only where an airlock action runs', () => {
    for (const file of reusable) {
      const workflow = workflows.get(file) as unknown as { permissions?: unknown; jobs: Record<string, Job> };
      expect([file, workflow.permissions]).toEqual([file, {}]);
      for (const [name, job] of Object.entries(workflow.jobs)) {
        const runsAirlock = (job.steps ?? []).some((entry) => entry.uses?.startsWith('./.airlock/'));
        expect([file, name, job.permissions?.['id-token'] === 'write']).toEqual([file, name, runsAirlock]);
        const uploadsSarif = (job.steps ?? []).some((entry) =>
          entry.uses?.startsWith('github/codeql-action/upload-sarif@'),
        );
        expect([file, name, job.permissions?.['security-events'] === 'write']).toEqual([
          file,
          name,
          uploadsSarif,
        ]);
        for (const scope of Object.keys(job.permissions ?? {})) {
          expect([
            'contents',
            'packages',
            'id-token',
            'security-events',
            'pull-requests',
            'actions',
          ]).toContain(scope);
        }
      }
    }
  });
});

describe('release.yml: the major tag follows the newest release', () => {
  const release = parse(readFileSync(join(root, '.github', 'workflows', 'release.yml'), 'utf8')) as Workflow;
  const move = release.jobs['major-tag']?.steps?.find(
    (entry) => entry.name === 'Move the major tag to this release',
  );
  const git = (cwd: string, ...args: string[]) => {
    const result = spawnSync('git', args, {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@t',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@t',
      },
    });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
    return result.stdout.trim();
  };

  test('moves v1 to the newest v1 release only, never for an older one, a pre-release or a bad tag', async () => {
    const origin = join(scratch, 'release-origin.git');
    const work = join(scratch, 'release-work');
    git(scratch, 'init', '-q', '--bare', origin);
    git(scratch, 'clone', '-q', origin, work);
    const commit = (message: string) => {
      writeFileSync(join(work, 'file'), message);
      git(work, 'add', 'file');
      git(work, 'commit', '-qm', message);
      return git(work, 'rev-parse', 'HEAD');
    };
    const first = commit('one');
    git(work, 'tag', 'v1.0.0');
    const second = commit('two');
    git(work, 'tag', 'v1.1.0');
    git(work, 'push', '-q', 'origin', 'HEAD:refs/heads/main', '--tags');
    const v1 = () => git(origin, 'rev-parse', '--verify', '-q', 'refs/tags/v1^{commit}');

    const newest = await runStep(move!, { TAG: 'v1.1.0', PRERELEASE: 'false' }, work);
    expect(newest.status).toBe(0);
    expect(v1()).toBe(second);
    expect(newest.summary).toContain(`v1 now names v1.1.0 (${second})`);

    const older = await runStep(move!, { TAG: 'v1.0.0', PRERELEASE: 'false' }, work);
    expect(older.status).toBe(0);
    expect(older.stdout).toContain('v1.0.0 is not the newest v1 release (v1.1.0 is)');
    expect(v1()).toBe(second);
    expect(first).not.toBe(second);

    const pre = await runStep(move!, { TAG: 'v1.1.0', PRERELEASE: 'true' }, work);
    expect(pre.stdout).toContain('a pre-release');

    const bad = await runStep(move!, { TAG: 'v1.1', PRERELEASE: 'false' }, work);
    expect(bad.status).not.toBe(0);
    expect(errors(bad)).toEqual([
      "::error::release tag 'v1.1' is not vMAJOR.MINOR.PATCH: the major tag is left alone",
    ]);
  });
});

test("promote-from-quarantine.yml gives each tag's SARIF runs their own code-scanning category", async () => {
  const category = step('promote-from-quarantine.yml', 'promote', 'category');
  const sarif = join(scratch, 'scan.sarif');
  writeFileSync(
    sarif,
    JSON.stringify({
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'trivy' } },
          automationDetails: { id: 'quarantine-scan/ghcr.io/a/q/python/linux/amd64/' },
        },
        { tool: { driver: { name: 'trivy' } } },
      ],
    }),
  );
  const run = await runStep(category, { SARIF: sarif, SUFFIX: 'tag:3.13-slim' });
  expect(run.status).toBe(0);
  const written = JSON.parse(readFileSync(sarif, 'utf8')) as {
    runs: { automationDetails: { id: string } }[];
  };
  expect(written.runs.map((entry) => entry.automationDetails.id)).toEqual([
    'quarantine-scan/ghcr.io/a/q/python/linux/amd64/tag:3.13-slim/',
    'quarantine-scan/tag:3.13-slim/',
  ]);
});
