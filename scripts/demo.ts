// The whole pipeline, offline, with nothing beyond `npm ci`: two registries on loopback stand in for a
// public registry and the organisation's, a Sigstore instance on loopback stands in for a public one, and
// the action bundles run exactly as GitHub runs them:
//
//   upstream ─mirror─▶ quarantine ─quarantine-scan (real Trivy)─▶ promote ─▶ trusted
//            ─▶ sign-keyless ─▶ attest-sbom ─▶ verify
//
// One image is clean and goes all the way; one has fixable CRITICAL and HIGH findings and stays in
// quarantine, and its summary says what to do. The registries are Debian's docker-registry when it is
// installed, else the project's embedded OCI registry; the final check is skopeo when installed, else a
// plain HTTP read. Everything the demo starts is stopped on exit, Ctrl-C, SIGTERM, or a closed pipe.
// Usage: npm run demo [-- --keep]   (--keep leaves everything running until Enter is pressed)

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Every temporary file (registry storage, runner dirs, Trivy caches) goes under one directory of the
// demo's own, removed at exit. Set before anything computes a temp path.
const work = mkdtempSync(join(tmpdir(), 'airlock-demo-'));
process.env.TMPDIR = work;

const testkit = await import('@airlock/testkit');
const {
  OciServer,
  SigstoreStack,
  TestRegistry,
  digestOf,
  fixtureTrivyPath,
  githubIssuer,
  hasTool,
  httpInspectRaw,
  publishTrivyDb,
  pushScanImage,
  repoRoot,
  runActionBundle,
  scanFixtureDatabase,
  skopeoInspectRawAsync,
  stopTrackedProcesses,
  useProcessGroups,
} = testkit;
type ActionRun = Awaited<ReturnType<typeof runActionBundle>>;
type ScanImageName = Parameters<typeof pushScanImage>[1];

useProcessGroups();

// ---- output, and stopping everything on the way out ---------------------------------------------------

let outputClosed = false;
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s`;
const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
function say(text = ''): void {
  if (outputClosed) return;
  process.stdout.write(`${text}\n`);
}
/** A stamped line; `who` names the image when both images' pipelines run side by side. */
const step = (text: string, who = '') => say(`[${elapsed()}] ${who ? `${who.padEnd(6)} │ ` : ''}${text}`);

const stoppers: (() => Promise<void>)[] = [];
let exiting = false;

/** Stops every process and server the demo started, removes its files, and exits with `code`. */
async function shutdown(code: number, why?: string): Promise<never> {
  if (!exiting) {
    exiting = true;
    if (why) process.stderr.write(`airlock demo: ${why}; stopping what it started\n`);
    stopTrackedProcesses('SIGTERM');
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, 3000).unref());
    await Promise.race([Promise.allSettled(stoppers.map((stop) => stop())), deadline]);
    stopTrackedProcesses('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  }
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(130, 'interrupted'));
process.on('SIGTERM', () => void shutdown(143, 'terminated'));
process.on('SIGHUP', () => void shutdown(129, 'hung up'));
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // The reader went away (`npm run demo | head`): nothing more can be shown, so stop.
  outputClosed = true;
  void shutdown(error.code === 'EPIPE' ? 0 : 1);
});
// Whatever else ends the process: no child outlives it, no file is left.
process.on('exit', () => {
  stopTrackedProcesses('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

/** Runs an action bundle, printing a line when it starts and one every 4 s while it runs. */
async function action(
  who: string,
  name: string,
  what: string,
  inputs: Record<string, string>,
  env: Record<string, string>,
): Promise<ActionRun> {
  step(`${name} ${what} …`, who);
  const begun = Date.now();
  const ticker = setInterval(
    () => step(`  … ${name} still running (${Math.round((Date.now() - begun) / 1000)} s)`, who),
    4000,
  );
  try {
    return await runActionBundle(name, inputs, env);
  } finally {
    clearInterval(ticker);
  }
}

const bundleExists = (name: string) => existsSync(join(repoRoot, 'actions', name, 'dist/index.js'));

function skipLine(who: string, name: string): void {
  step(
    `skip ${name}: actions/${name}/dist/index.js is not built yet (build it with: npm run bundle -- ${name})`,
    who,
  );
}

/** The outcome of a step, in one line, with its errors. */
function outcome(who: string, name: string, run: ActionRun, fields: string[]): void {
  const shown = fields
    .filter((field) => run.outputs[field] !== undefined && run.outputs[field] !== '')
    .map(
      (field) =>
        `${field}=${run.outputs[field]!.length > 90 ? `${run.outputs[field]!.slice(0, 87)}…` : run.outputs[field]}`,
    );
  step(`  ${name} exit ${run.exitCode}${shown.length ? `: ${shown.join(' ')}` : ''}`, who);
  for (const error of run.errors) say(`           ${who.padEnd(6)} │     ::error:: ${error}`);
}

/** The scan summary, indented, without the folded details. */
function showSummary(who: string, markdown: string): void {
  const text = markdown.replace(/<details>[\s\S]*?<\/details>/g, '').replace(/<\/?sub>/g, '');
  const lines = text
    .trim()
    .split('\n')
    .filter((line, i, all) => line.trim() !== '' || (all[i - 1] ?? '').trim() !== '');
  // One write, so the other image's lines do not cut into it.
  say(lines.map((line) => `           ${who.padEnd(6)} │     ${line}`).join('\n'));
}

// ---- the pipeline --------------------------------------------------------------------------------------

interface DemoRegistry {
  host: string;
  stop(): Promise<void>;
}

async function startRegistry(): Promise<DemoRegistry> {
  const registry = hasTool('docker-registry') ? await TestRegistry.start() : await OciServer.start();
  stoppers.push(() => registry.stop());
  return registry;
}

const images: { name: ScanImageName; app: string; expect: 'pass' | 'fail' }[] = [
  { name: 'alpineClean', app: 'tiny', expect: 'pass' },
  { name: 'alpineMulti', app: 'webapp', expect: 'fail' },
];
const workflowRef = 'example/airlock-demo/.github/workflows/pipeline.yml@refs/heads/main';

async function main(): Promise<number> {
  say(bold('airlock demo: the whole quarantine pipeline, offline, on this machine'));
  const registryKind = hasTool('docker-registry')
    ? "Debian's docker-registry (distribution 2.8)"
    : 'the embedded OCI registry (packages/testkit/src/oci-server.ts; docker-registry is not installed)';
  step(`starting two registries: ${registryKind}`);
  const upstream = await startRegistry();
  const org = await startRegistry();
  say(`           upstream (stands in for docker.io): ${upstream.host}`);
  say(`           organisation (quarantine/, trusted/, trivy-db): ${org.host}`);

  step('starting a local Sigstore (Fulcio, Rekor, timestamp authority, OIDC token issuer) on loopback');
  const sigstore = await SigstoreStack.start({ workflowRef });
  stoppers.push(() => sigstore.stop());
  say(`           ${sigstore.url} — a test instance with throwaway keys: its signatures are trusted only`);
  say('           inside this demo (its trusted_root.json lives in a temp dir and is deleted at exit).');
  const identity = sigstore.identityOf(workflowRef);

  step(
    'publishing the demo vulnerability DB (packages/testkit/fixtures/trivy-db.tar.gz) to the organisation registry',
  );
  const dbRepository = await publishTrivyDb(org.host, scanFixtureDatabase);
  const insecure = `${upstream.host},${org.host}`;
  const oidc = { ...sigstore.oidcEnv(workflowRef), GITHUB_REPOSITORY: 'example/airlock-demo' };
  const signing = {
    sigstore: 'custom',
    'fulcio-url': sigstore.url,
    'rekor-url': sigstore.url,
    'tsa-url': sigstore.url,
    'insecure-registries': insecure,
  };
  const checker = hasTool('skopeo') ? 'skopeo inspect --raw' : 'a plain HTTP GET (skopeo is not installed)';
  let unexpected = 0;
  let advice = '';

  // The two images go through the line side by side (each line names its image): Trivy, the slow part,
  // then runs for both at once.
  say(
    `\n${bold('── two images, side by side')}: tiny:1.0 (clean) and webapp:1.0 (fixable CRITICAL and HIGH findings)`,
  );
  const pipeline = async (image: (typeof images)[number]): Promise<string> => {
    const who = image.app;
    step(`pushing ${image.app}:1.0 to the upstream registry`, who);
    const pushed = await pushScanImage(upstream.host, image.name, `library/${image.app}`, '1.0');

    const mirror = await action(
      who,
      'mirror',
      pushed.reference,
      {
        source: pushed.reference,
        destination: `${org.host}/quarantine/${image.app}`,
        ...signing,
      },
      oidc,
    );
    outcome(who, 'mirror', mirror, ['image', 'platforms', 'copied']);
    if (mirror.exitCode !== 0 || !mirror.outputs.image) throw new Error('mirror failed');
    const quarantined = mirror.outputs.image;

    const scan = await action(
      who,
      'quarantine-scan',
      quarantined,
      {
        image: quarantined,
        'trivy-path': fixtureTrivyPath(),
        'trivy-db-repository': dbRepository,
        'fail-on-violation': 'false',
        ...signing,
      },
      oidc,
    );
    outcome(who, 'quarantine-scan', scan, ['verdict', 'blocking', 'critical', 'high', 'record-digest']);
    showSummary(who, scan.summary);
    const whatToDo = /\*\*What to do:\*\*[^\n]*/.exec(scan.summary)?.[0];
    if (image.expect === 'fail' && whatToDo) advice = `${image.app}: ${whatToDo.replace(/\*\*/g, '')}`;
    if (image.expect === 'fail' && !whatToDo) {
      step(
        "  the summary says no 'What to do': this quarantine-scan bundle predates it (npm run bundle -- quarantine-scan)",
        who,
      );
    }

    const promote = await action(
      who,
      'promote',
      `${quarantined} → ${org.host}/trusted/${image.app}:1.0`,
      {
        image: quarantined,
        destination: `${org.host}/trusted/${image.app}`,
        tags: '1.0',
        'trusted-root': sigstore.trustedRootPath,
        'verdict-identity': identity,
        'require-signed-verdict': 'true',
        // Exactly the record this scan wrote decides, as the reusable workflows do.
        ...(scan.outputs['record-digest'] ? { 'verdict-record': scan.outputs['record-digest'] } : {}),
        ...signing,
      },
      oidc,
    );
    outcome(who, 'promote', promote, ['promoted', 'image', 'reason']);
    const promoted = promote.outputs.promoted === 'true' ? promote.outputs.image : undefined;

    const later: string[] = [];
    if (promoted) {
      for (const [name, inputs, fields] of [
        [
          'sign-keyless',
          { image: promoted, 'trusted-root': sigstore.trustedRootPath },
          ['signature-digest', 'certificate-identity'],
        ],
        ['attest-sbom', { image: promoted, format: 'cyclonedx' }, ['components', 'attestation-digest']],
      ] as const) {
        if (!bundleExists(name)) {
          skipLine(who, name);
          later.push(`${name} skipped`);
          continue;
        }
        const run = await action(who, name, promoted, { ...inputs, ...signing }, oidc);
        outcome(who, name, run, [...fields]);
        later.push(`${name} ${run.exitCode === 0 ? 'ok' : 'FAILED'}`);
        if (run.exitCode !== 0) unexpected++;
      }
    }
    if (bundleExists('verify')) {
      const target = promoted ?? quarantined;
      const run = await action(
        who,
        'verify',
        target,
        {
          image: target,
          'trusted-root': sigstore.trustedRootPath,
          'certificate-identity': identity,
          'certificate-oidc-issuer': githubIssuer,
          // What the steps before it did: an SBOM is required only when attest-sbom ran.
          require: promoted
            ? [
                'signature',
                ...(later.includes('attest-sbom ok') ? ['sbom'] : []),
                'verdict',
                'promotion',
              ].join(',')
            : 'verdict',
          'insecure-registries': insecure,
        },
        {},
      );
      outcome(who, 'verify', run, ['verified', 'digest']);
      const verified = run.outputs.verified === 'true';
      later.push(`verify ${verified ? 'verified' : 'refused'}`);
      if (verified !== Boolean(promoted)) unexpected++;
    } else {
      skipLine(who, 'verify');
      later.push('verify skipped');
    }

    // The independent check: what the trusted repository holds is the scanned digest, or nothing.
    step(`checking ${org.host}/trusted/${image.app}:1.0 with ${checker}`, who);
    let trusted: string = 'absent';
    const reference = `${org.host}/trusted/${image.app}:1.0`;
    if (hasTool('skopeo')) {
      try {
        trusted = digestOf(await skopeoInspectRawAsync(reference));
      } catch {
        // not there
      }
    } else {
      const raw = await httpInspectRaw(reference);
      if (raw) trusted = digestOf(raw);
    }
    const verdict = scan.outputs.verdict ?? '?';
    const ok =
      verdict === image.expect &&
      (image.expect === 'pass' ? trusted === mirror.outputs.digest : trusted === 'absent') &&
      (image.expect === 'pass' || whatToDo !== undefined);
    if (!ok) unexpected++;
    step(
      `  trusted/${image.app}:1.0 is ${trusted === 'absent' ? 'absent' : trusted === mirror.outputs.digest ? 'the scanned digest' : `a DIFFERENT digest ${trusted}`}: ${ok ? 'as expected' : 'UNEXPECTED'}`,
      who,
    );
    return `| ${image.app}:1.0 | ${mirror.outputs.digest?.slice(0, 19)}… | ${verdict} (${scan.outputs.blocking ?? '?'} blocking) | ${promote.outputs.promoted ?? 'false'} | ${later.join(', ') || '—'} | ${trusted === 'absent' ? 'absent' : trusted === mirror.outputs.digest ? 'same digest' : 'DIFFERENT'} |`;
  };
  const rows = await Promise.all(images.map(pipeline));

  say();
  say(bold('── result'));
  say(
    `| image | digest | verdict | promoted | sign, attest, verify | trusted (${hasTool('skopeo') ? 'skopeo' : 'HTTP'}) |`,
  );
  say('|---|---|---|---|---|---|');
  for (const row of rows) say(row);
  if (advice) say(`\n${advice}`);
  say(`\nSigstore here was a local test instance: these signatures mean something only inside this demo.`);

  if (process.argv.includes('--keep')) {
    say(
      `\nstill running: registries ${upstream.host}, ${org.host}; Sigstore ${sigstore.url}. Press Enter to stop.`,
    );
    await new Promise((resolve) => process.stdin.once('data', resolve));
  }
  step(
    unexpected === 0
      ? 'done: everything behaved as expected'
      : `done: ${unexpected} thing(s) did not behave as expected`,
  );
  return unexpected === 0 ? 0 : 1;
}

try {
  const code = await main();
  await shutdown(code);
} catch (error) {
  if (!outputClosed) process.stderr.write(`airlock demo failed: ${(error as Error).message}\n`);
  await shutdown(1);
}
