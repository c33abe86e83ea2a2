// Benchmarks the mirror action against its peers in the same run, on real loopback registries:
// `skopeo copy --all` (Debian's skopeo) and a Go copier built on oras-go v1 and containerd's registry
// client (bench/oras-copy, built here from Debian's golang-oras-oras-go-dev into a temporary directory;
// crane's go-containerregistry is not packaged in Debian). Each case runs in rounds; every round runs
// each tool once, in an order that rotates from round to round, so that the load of a busy machine falls
// on all of them alike. Each airlock run is the bundle started the way the runner starts it (so Node's
// start-up counts); each skopeo run starts without its blob-info cache. Every run copies into a new
// repository. Prints a markdown table and writes it to bench/results.md.
//
//   node bench/run.js [--runs N] [--only cross,mount,unchanged,large,startup,requests] [--concurrency N]
//                     [--bundle path/to/index.js --title "what it is" --append] [--profile DIR]
//                     [--baseline path/to/other/index.js --baseline-title "what it is"]
//
// --baseline runs a second bundle in the same rounds (a before/after comparison under the same load).
// --profile writes a V8 CPU profile of every airlock run into DIR (read it with bench/profile.js).

import { Buffer } from 'node:buffer';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    only: { type: 'string', default: 'startup,cross,mount,unchanged,requests,large' },
    concurrency: { type: 'string', default: '' },
    bundle: { type: 'string', default: '' },
    title: { type: 'string', default: 'the committed bundle' },
    append: { type: 'boolean', default: false },
    profile: { type: 'string', default: '' },
    baseline: { type: 'string', default: '' },
    'baseline-title': { type: 'string', default: 'the earlier bundle' },
  },
});
const runs = Number(args.runs);
const only = new Set(args.only.split(','));
const MiB = 1024 * 1024;

/** What the benchmark needs from Debian, and the package that provides each. */
function missingPackages() {
  const missing = [];
  const onPath = (command) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
  if (!onPath('docker-registry')) missing.push('docker-registry');
  if (!onPath('skopeo')) missing.push('skopeo');
  if (!existsSync('/usr/bin/time')) missing.push('time');
  return missing;
}
const missing = missingPackages();
if (missing.length > 0) {
  console.error(
    `::error::the benchmark needs Debian's ${missing.join(', ')}: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
  );
  process.exit(1);
}

// Imported only now: the test kit starts registries and calls skopeo, checked above.
const {
  FaultProxy,
  TestRegistry,
  digestOf,
  parseOutputFile,
  pushLayout,
  randomPlatforms,
  repoRoot,
  writeImageLayout,
} = await import('@airlock/testkit');

const bundle = args.bundle || join(repoRoot, 'actions/mirror/dist/index.js');
const baseline = args.baseline || undefined;
const skopeoCache = '/var/lib/containers/cache';
const loadAtStart = loadavg();
const work = mkdtempSync(join(tmpdir(), 'airlock-bench-'));

/**
 * Builds the Go peer into the scratch directory. Without Go or the oras-go sources the benchmark goes
 * on with skopeo alone, and says which Debian packages would add the Go peer.
 */
function buildOrasCopy() {
  const needs = [];
  if (spawnSync('sh', ['-c', 'command -v go']).status !== 0) needs.push('golang-go');
  if (!existsSync('/usr/share/gocode/src/oras.land/oras-go/pkg/oras')) needs.push('golang-oras-oras-go-dev');
  if (needs.length > 0) {
    console.warn(
      `the Go peer (oras-go) is left out: it needs Debian's ${needs.join(', ')} (sudo apt-get install -y ${needs.join(' ')})`,
    );
    return undefined;
  }
  const binary = join(work, 'oras-copy');
  execFileSync('go', ['build', '-o', binary, '.'], {
    cwd: join(repoRoot, 'bench/oras-copy'),
    env: {
      ...process.env,
      GOPATH: '/usr/share/gocode',
      GO111MODULE: 'off',
      GOCACHE: process.env.GOCACHE ?? join(tmpdir(), 'airlock-bench-gocache'),
      GOFLAGS: '',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return binary;
}
const orasCopy = buildOrasCopy();

/** The processes of the registries (filled in once they run), whose CPU time each run adds up. */
const registryPids = [];

function findRegistryPid(registry) {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const cmdline = (() => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        return '';
      }
    })();
    if (cmdline.startsWith('docker-registry') && cmdline.includes(registry.root)) return Number(pid);
  }
  throw new Error(`no docker-registry process for ${registry.root}`);
}

/** CPU seconds (user + system) the registries have used so far. */
function registriesCpu() {
  let ticks = 0;
  for (const pid of registryPids) {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / 100;
}

/**
 * Runs a command under /usr/bin/time: wall seconds (measured here), peak RSS in MB and CPU seconds
 * (from time), and the CPU seconds the registries spent meanwhile.
 */
function measure(command, commandArgs, env = process.env, { allowFailure = false } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const registriesBefore = registriesCpu();
    const child = spawn('/usr/bin/time', ['-f', 'peak-rss-kb=%M cpu=%U+%S', command, ...commandArgs], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const rss = /peak-rss-kb=(\d+)/.exec(stderr);
      const cpu = /cpu=([\d.]+)\+([\d.]+)/.exec(stderr);
      if (code !== 0 && !allowFailure) reject(new Error(`${command} exited ${code}\n${stdout}\n${stderr}`));
      else {
        resolve({
          seconds,
          rssMb: rss ? Number(rss[1]) / 1024 : NaN,
          cpu: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN,
          registriesCpu: registriesCpu() - registriesBefore,
          stdout,
        });
      }
    });
  });
}

let profileCount = 0;

async function airlock(source, destination, insecure, extraEnv = {}, which = bundle) {
  const run = mkdtempSync(join(tmpdir(), 'airlock-bench-run-'));
  writeFileSync(join(run, 'output'), '');
  writeFileSync(join(run, 'summary'), '');
  const env = {
    PATH: process.env.PATH,
    HOME: run,
    GITHUB_OUTPUT: join(run, 'output'),
    GITHUB_STEP_SUMMARY: join(run, 'summary'),
    RUNNER_TEMP: join(run, 'tmp'),
    GITHUB_WORKSPACE: run,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'example/bench',
    GITHUB_RUN_ID: '1',
    INPUT_SOURCE: source,
    INPUT_DESTINATION: destination,
    'INPUT_INSECURE-REGISTRIES': insecure,
    ...(args.concurrency ? { INPUT_CONCURRENCY: args.concurrency } : {}),
    ...extraEnv,
  };
  const nodeArgs = args.profile
    ? [
        '--cpu-prof',
        '--cpu-prof-dir',
        args.profile,
        '--cpu-prof-name',
        `airlock-${++profileCount}.cpuprofile`,
      ]
    : [];
  const result = await measure(process.execPath, [...nodeArgs, which], env);
  const outputs = parseOutputFile(readFileSync(join(run, 'output'), 'utf8'));
  rmSync(run, { recursive: true, force: true });
  return { ...result, digest: outputs.digest, copied: outputs.copied };
}

async function skopeo(source, destination) {
  rmSync(skopeoCache, { recursive: true, force: true });
  return measure('skopeo', [
    'copy',
    '--all',
    '--quiet',
    '--src-tls-verify=false',
    '--dest-tls-verify=false',
    `docker://${source}`,
    `docker://${destination}`,
  ]);
}

async function oras(source, destination) {
  const run = await measure(orasCopy, ['-plain-http', source, destination]);
  return { ...run, digest: run.stdout.trim() };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * A layout with one image of one gzip layer of `size` random bytes, written in chunks, never whole in
 * memory. (A layer that is not gzip would be compressed by skopeo on the way, changing its digest.)
 */
async function writeLargeLayout(dir, tag, size) {
  mkdirSync(join(dir, 'blobs/sha256'), { recursive: true });
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  const temporary = join(dir, 'layer.tmp');
  const hash = createHash('sha256');
  const rawHash = createHash('sha256');
  let layerSize = 0;
  const gzip = createGzip({ level: 1 });
  gzip.on('data', (chunk) => {
    hash.update(chunk);
    layerSize += chunk.length;
  });
  const written = pipeline(gzip, createWriteStream(temporary));
  for (let done = 0; done < size;) {
    const chunk = randomBytes(Math.min(8 * MiB, size - done));
    rawHash.update(chunk);
    done += chunk.length;
    if (!gzip.write(chunk)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await written;
  const layerDigest = `sha256:${hash.digest('hex')}`;
  const diffId = `sha256:${rawHash.digest('hex')}`;
  renameSync(temporary, join(dir, 'blobs/sha256', layerDigest.slice(7)));
  const put = (data, mediaType) => {
    const digest = digestOf(data);
    writeFileSync(join(dir, 'blobs/sha256', digest.slice(7)), data);
    return { mediaType, digest, size: data.length };
  };
  const config = put(
    Buffer.from(
      JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [diffId] } }),
    ),
    'application/vnd.oci.image.config.v1+json',
  );
  const manifest = put(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config,
        layers: [
          { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layerDigest, size: layerSize },
        ],
      }),
    ),
    'application/vnd.oci.image.manifest.v1+json',
  );
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ ...manifest, annotations: { 'org.opencontainers.image.ref.name': tag } }],
    }),
  );
  return manifest.digest;
}

const rows = [];
const readings = [];
const fixed = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

/**
 * One row: medians of wall time and client CPU, the largest peak RSS, and airlock's ratios to each peer.
 * `bytes` (what one copy moves) adds client CPU milliseconds per MiB.
 */
function report(name, goal, results, bytes) {
  const stats = {};
  for (const [tool, list] of Object.entries(results)) {
    if (!list || list.length === 0) continue;
    stats[tool] = {
      seconds: median(list.map((run) => run.seconds)),
      cpu: median(list.map((run) => run.cpu)),
      registries: median(list.map((run) => run.registriesCpu)),
      rss: Math.max(...list.map((run) => run.rssMb)),
    };
  }
  const a = stats.airlock;
  const ratio = (peer) => (stats[peer] ? fixed(a.seconds / stats[peer].seconds) : '—');
  const cell = (tool, pick) => (stats[tool] ? pick(stats[tool]) : '—');
  const perMiB = (tool) =>
    bytes && stats[tool] ? ` (${fixed((stats[tool].cpu * 1000) / (bytes / MiB), 1)} ms/MiB)` : '';
  const row = {
    name,
    seconds: ['airlock', 'skopeo', 'oras'].map((tool) => cell(tool, (s) => fixed(s.seconds))),
    ratios: [ratio('skopeo'), ratio('oras')],
    goal,
    cpu: ['airlock', 'skopeo', 'oras'].map((tool) =>
      cell(tool, (s) => `${fixed(s.cpu)}${perMiB(tool)} + ${fixed(s.registries)}`),
    ),
    rss: ['airlock', 'skopeo', 'oras'].map((tool) => cell(tool, (s) => fixed(s.rss, 0))),
  };
  rows.push(row);
  console.log(JSON.stringify(row));
  const b = stats.before;
  if (b) {
    readings.push(
      `${name}, ${args['baseline-title']}: ${fixed(b.seconds)} s (÷ skopeo ${stats.skopeo ? fixed(b.seconds / stats.skopeo.seconds) : '—'}, ` +
        `÷ Go ${stats.oras ? fixed(b.seconds / stats.oras.seconds) : '—'}), CPU ${fixed(b.cpu)}${perMiB('before')} + ${fixed(b.registries)}, peak RSS ${fixed(b.rss, 0)} MB.`,
    );
  }
  return stats;
}

/**
 * `count` rounds; each round runs every tool once, the order rotating from round to round. Each tool
 * function takes the round number.
 */
async function rounds(count, tools) {
  const entries = Object.entries(tools).filter(([, run]) => run);
  const results = Object.fromEntries(entries.map(([tool]) => [tool, []]));
  for (let round = 0; round < count; round++) {
    for (let k = 0; k < entries.length; k++) {
      const [tool, run] = entries[(round + k) % entries.length];
      results[tool].push(await run(round));
    }
  }
  return results;
}

function check(run, digest, what) {
  if (run.digest !== digest) throw new Error(`${what}: wrote ${run.digest}, expected ${digest}`);
}

const [upstream, mirror] = await Promise.all([TestRegistry.start(), TestRegistry.start()]);
const insecure = `${upstream.host},${mirror.host}`;
registryPids.push(findRegistryPid(upstream), findRegistryPid(mirror));
try {
  if (only.has('startup')) {
    // Start-up: the bundle up to its first answer (a missing input is refused once the action is loaded),
    // beside Node itself.
    const results = await rounds(Math.max(runs, 5), {
      node: () => measure(process.execPath, ['-e', '0']),
      airlock: () => measure(process.execPath, [bundle], { PATH: process.env.PATH }, { allowFailure: true }),
      before:
        baseline &&
        (() => measure(process.execPath, [baseline], { PATH: process.env.PATH }, { allowFailure: true })),
    });
    const node = median(results.node.map((run) => run.seconds));
    const entry = median(results.airlock.map((run) => run.seconds));
    const cpu = median(results.airlock.map((run) => run.cpu));
    readings.push(
      `Start-up: the bundle refusing a missing input takes ${fixed(entry)} s wall, ${fixed(cpu)} s CPU ` +
        `(\`node -e 0\`: ${fixed(node)} s); peak RSS ${fixed(Math.max(...results.airlock.map((run) => run.rssMb)), 0)} MB.`,
    );
    if (results.before) {
      readings.push(
        `Start-up of ${args['baseline-title']}: ${fixed(median(results.before.map((run) => run.seconds)))} s wall, ` +
          `${fixed(median(results.before.map((run) => run.cpu)))} s CPU; peak RSS ${fixed(Math.max(...results.before.map((run) => run.rssMb)), 0)} MB.`,
      );
    }
    console.log(readings.at(-1));
  }
  if (['cross', 'mount', 'unchanged', 'requests'].some((name) => only.has(name))) {
    console.log('building a 4-platform image with 6 layers of 8 MiB random data on each platform…');
    const image = await writeImageLayout(
      join(work, 'multi'),
      'v1',
      randomPlatforms(['amd64', 'arm64', 'ppc64le', 's390x'], 6, 8 * MiB),
    );
    pushLayout(join(work, 'multi'), 'v1', `${upstream.host}/multi:v1`);
    pushLayout(join(work, 'multi'), 'v1', `${mirror.host}/library/multi:v1`);
    readings.push(
      `The image: 4 platforms × 6 layers × 8 MiB of random data, ${fixed(image.size / MiB, 0)} MiB in all.`,
    );

    if (only.has('cross')) {
      const results = await rounds(runs, {
        airlock: async (i) => {
          const run = await airlock(
            `${upstream.host}/multi:v1`,
            `${mirror.host}/cross/airlock-${i}:v1`,
            insecure,
          );
          check(run, image.digest, 'cross: airlock');
          return run;
        },
        before:
          baseline &&
          (async (i) => {
            const run = await airlock(
              `${upstream.host}/multi:v1`,
              `${mirror.host}/cross/airlock-before-${i}:v1`,
              insecure,
              {},
              baseline,
            );
            check(run, image.digest, `cross: ${args['baseline-title']}`);
            return run;
          }),
        skopeo: (i) => skopeo(`${upstream.host}/multi:v1`, `${mirror.host}/cross/skopeo-${i}:v1`),
        oras:
          orasCopy &&
          (async (i) => {
            const run = await oras(`${upstream.host}/multi:v1`, `${mirror.host}/cross/oras-${i}:v1`);
            check(run, image.digest, 'cross: oras');
            return run;
          }),
      });
      report('cross-registry copy', '≤ 0.8 × skopeo, ≤ 1.0 × Go', results, image.size);
    }
    if (only.has('mount')) {
      const results = await rounds(runs, {
        airlock: async (i) => {
          const run = await airlock(
            `${mirror.host}/library/multi:v1`,
            `${mirror.host}/mount/airlock-${i}:v1`,
            insecure,
          );
          check(run, image.digest, 'mount: airlock');
          return run;
        },
        before:
          baseline &&
          (async (i) => {
            const run = await airlock(
              `${mirror.host}/library/multi:v1`,
              `${mirror.host}/mount/airlock-before-${i}:v1`,
              insecure,
              {},
              baseline,
            );
            check(run, image.digest, `mount: ${args['baseline-title']}`);
            return run;
          }),
        skopeo: (i) => skopeo(`${mirror.host}/library/multi:v1`, `${mirror.host}/mount/skopeo-${i}:v1`),
        oras:
          orasCopy &&
          (async (i) => {
            const run = await oras(`${mirror.host}/library/multi:v1`, `${mirror.host}/mount/oras-${i}:v1`);
            check(run, image.digest, 'mount: oras');
            return run;
          }),
      });
      report('same registry, another repository (mounts)', '≤ 1.5 × Go', results);
    }
    if (only.has('unchanged')) {
      await airlock(`${upstream.host}/multi:v1`, `${mirror.host}/unchanged/airlock:v1`, insecure);
      await skopeo(`${upstream.host}/multi:v1`, `${mirror.host}/unchanged/skopeo:v1`);
      if (orasCopy) await oras(`${upstream.host}/multi:v1`, `${mirror.host}/unchanged/oras:v1`);
      if (baseline)
        await airlock(
          `${upstream.host}/multi:v1`,
          `${mirror.host}/unchanged/before:v1`,
          insecure,
          {},
          baseline,
        );
      const results = await rounds(runs, {
        airlock: async () => {
          const run = await airlock(
            `${upstream.host}/multi:v1`,
            `${mirror.host}/unchanged/airlock:v1`,
            insecure,
          );
          if (run.copied !== 'false') throw new Error(`unchanged: airlock copied again (${run.copied})`);
          return run;
        },
        before:
          baseline &&
          (async () => {
            const run = await airlock(
              `${upstream.host}/multi:v1`,
              `${mirror.host}/unchanged/before:v1`,
              insecure,
              {},
              baseline,
            );
            if (run.copied !== 'false')
              throw new Error(`unchanged: ${args['baseline-title']} copied again (${run.copied})`);
            return run;
          }),
        skopeo: () => skopeo(`${upstream.host}/multi:v1`, `${mirror.host}/unchanged/skopeo:v1`),
        oras: orasCopy && (() => oras(`${upstream.host}/multi:v1`, `${mirror.host}/unchanged/oras:v1`)),
      });
      report('the same mirror again, nothing changed', '≤ 0.6 s, ≤ 1.0 × skopeo', results);
    }
    if (only.has('requests')) {
      // Requests of an unchanged re-run, counted by a pass-through proxy in front of each registry
      // (one run each, not timed).
      const proxies = await Promise.all(
        [upstream, mirror].map((registry) => FaultProxy.start({ target: registry.host })),
      );
      const [from, to] = proxies;
      const viaProxies = `${from.host},${to.host}`;
      const counts = {};
      const count = async (tool, run) => {
        await run();
        for (const proxy of proxies) proxy.requests.length = 0;
        await run();
        const requests = proxies.flatMap((proxy) => proxy.requests);
        const byMethod = {};
        for (const request of requests) byMethod[request.method] = (byMethod[request.method] ?? 0) + 1;
        counts[tool] = `${requests.length} (${Object.entries(byMethod)
          .map(([method, n]) => `${n} ${method}`)
          .join(', ')})`;
      };
      try {
        await count('airlock', () =>
          airlock(`${from.host}/multi:v1`, `${to.host}/requests/airlock:v1`, viaProxies),
        );
        await count('skopeo', () => skopeo(`${from.host}/multi:v1`, `${to.host}/requests/skopeo:v1`));
        if (orasCopy) await count('oras', () => oras(`${from.host}/multi:v1`, `${to.host}/requests/oras:v1`));
      } finally {
        await Promise.all(proxies.map((proxy) => proxy.stop()));
      }
      readings.push(
        `Requests of an unchanged re-run: ${Object.entries(counts)
          .map(([tool, text]) => `${tool} ${text}`)
          .join('; ')}.`,
      );
      console.log(readings.at(-1));
    }
  }
  if (only.has('large')) {
    console.log('building an image with one 1 GiB layer of random data…');
    const digest = await writeLargeLayout(join(work, 'large'), 'v1', 1024 * MiB);
    pushLayout(join(work, 'large'), 'v1', `${upstream.host}/large:v1`);
    rmSync(join(work, 'large'), { recursive: true, force: true });
    const results = await rounds(Math.min(runs, 3), {
      airlock: async (i) => {
        const run = await airlock(
          `${upstream.host}/large:v1`,
          `${mirror.host}/large/airlock-${i}:v1`,
          insecure,
        );
        check(run, digest, 'large: airlock');
        return run;
      },
      before:
        baseline &&
        (async (i) => {
          const run = await airlock(
            `${upstream.host}/large:v1`,
            `${mirror.host}/large/airlock-before-${i}:v1`,
            insecure,
            {},
            baseline,
          );
          check(run, digest, `large: ${args['baseline-title']}`);
          return run;
        }),
      skopeo: (i) => skopeo(`${upstream.host}/large:v1`, `${mirror.host}/large/skopeo-${i}:v1`),
      oras: orasCopy && ((i) => oras(`${upstream.host}/large:v1`, `${mirror.host}/large/oras-${i}:v1`)),
    });
    report('one 1 GiB layer', 'peak RSS ≤ 150 MB', results, 1024 * MiB);
  }
  if (only.has('large') || only.has('cross')) {
    // The floor of a verifying copier's CPU per byte: SHA-256 alone, in this process (OpenSSL), over
    // the same 1 MiB pieces a copy hashes. airlock and skopeo pay it; the Go copier does not hash.
    const piece = randomBytes(MiB);
    const hash = createHash('sha256');
    const started = process.cpuUsage();
    for (let i = 0; i < 256; i++) hash.update(piece);
    hash.digest();
    const used = process.cpuUsage(started);
    readings.push(
      `SHA-256 alone costs ${fixed((used.user + used.system) / 1000 / 256)} ms of CPU per MiB here ` +
        "(Node's OpenSSL): the part of a verifying copier's CPU per byte that no transport can save.",
    );
  }
} finally {
  await Promise.all([upstream.stop(), mirror.stop()]);
  rmSync(work, { recursive: true, force: true });
}
const loadAtEnd = loadavg();

const table = [
  `Medians of ${runs} rounds (start-up: ${Math.max(runs, 5)}; the 1 GiB case: ${Math.min(runs, 3)}); in each round every`,
  'tool runs once, in an order that rotates. Seconds of wall time including process start-up; "÷" is',
  "airlock's time over the peer's. CPU: the copying process's CPU seconds (and per MiB copied) + the",
  "two registries' CPU seconds during its run. Peak RSS: the largest over the runs. Go = the oras-go copier.",
  `The machine's ${availableParallelism()} cores are shared by all three and by other work: load average`,
  `${fixed(loadAtStart[0], 1)} at the start, ${fixed(loadAtEnd[0], 1)} at the end (5-minute: ${fixed(loadAtStart[1], 1)}, ${fixed(loadAtEnd[1], 1)}).`,
  '',
  ...readings.map((line) => `- ${line}`),
  '',
  '| case | airlock s | skopeo s | Go s | ÷ skopeo | ÷ Go | goal | airlock CPU s | skopeo CPU s | Go CPU s | peak RSS MB (airlock / skopeo / Go) |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (row) =>
      `| ${row.name} | ${row.seconds.join(' | ')} | ${row.ratios.join(' | ')} | ${row.goal} | ${row.cpu.join(' | ')} | ${row.rss.join(' / ')} |`,
  ),
  '',
].join('\n');
console.log(`\n${table}`);
const resultsFile = join(repoRoot, 'bench/results.md');
const section = `## ${args.title} (${new Date().toISOString().slice(0, 16)}Z)\n\n${table}`;
if (args.append) writeFileSync(resultsFile, `${readFileSync(resultsFile, 'utf8')}\n${section}`);
else writeFileSync(resultsFile, `# airlock mirror beside skopeo and an oras-go copier\n\n${section}`);
