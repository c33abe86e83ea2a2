// Benchmarks the mirror action against `skopeo copy --all`, in the same run, alternating, on real
// loopback registries. Each airlock run is the committed bundle started the way the runner starts it
// (so Node's start-up counts); each skopeo run starts without its blob-info cache. Every run copies into
// a new repository. Prints a markdown table and writes it to bench/results.md.
//
//   node bench/run.js [--runs N] [--only cross,mount,unchanged,large] [--concurrency N]
//                     [--bundle path/to/index.js --title "what it is" --append]

import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  createWriteStream,
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
import {
  TestRegistry,
  digestOf,
  parseOutputFile,
  pushLayout,
  randomPlatforms,
  repoRoot,
  writeImageLayout,
} from '@airlock/testkit';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    only: { type: 'string', default: 'cross,mount,unchanged,large' },
    concurrency: { type: 'string', default: '' },
    bundle: { type: 'string', default: '' },
    title: { type: 'string', default: 'the committed bundle' },
    append: { type: 'boolean', default: false },
  },
});
const runs = Number(args.runs);
const only = new Set(args.only.split(','));
const MiB = 1024 * 1024;
const bundle = args.bundle || join(repoRoot, 'actions/mirror/dist/index.js');
const skopeoCache = '/var/lib/containers/cache';
const loadAtStart = loadavg()[0];

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
function measure(command, args, env = process.env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const registriesBefore = registriesCpu();
    const child = spawn('/usr/bin/time', ['-f', 'peak-rss-kb=%M cpu=%U+%S', command, ...args], {
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
      if (code !== 0) reject(new Error(`${command} exited ${code}\n${stdout}\n${stderr}`));
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

async function airlock(source, destination, insecure) {
  const work = mkdtempSync(join(tmpdir(), 'airlock-bench-run-'));
  writeFileSync(join(work, 'output'), '');
  writeFileSync(join(work, 'summary'), '');
  const env = {
    PATH: process.env.PATH,
    HOME: work,
    GITHUB_OUTPUT: join(work, 'output'),
    GITHUB_STEP_SUMMARY: join(work, 'summary'),
    RUNNER_TEMP: join(work, 'tmp'),
    GITHUB_WORKSPACE: work,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'example/bench',
    GITHUB_RUN_ID: '1',
    INPUT_SOURCE: source,
    INPUT_DESTINATION: destination,
    'INPUT_INSECURE-REGISTRIES': insecure,
    ...(args.concurrency ? { INPUT_CONCURRENCY: args.concurrency } : {}),
  };
  const result = await measure(process.execPath, [bundle], env);
  const outputs = parseOutputFile(readFileSync(join(work, 'output'), 'utf8'));
  rmSync(work, { recursive: true, force: true });
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
function report(name, target, airlockRuns, skopeoRuns, note) {
  const a = median(airlockRuns.map((run) => run.seconds));
  const s = median(skopeoRuns.map((run) => run.seconds));
  const aRss = Math.max(...airlockRuns.map((run) => run.rssMb));
  const sRss = Math.max(...skopeoRuns.map((run) => run.rssMb));
  const row = {
    name,
    airlock: a.toFixed(2),
    skopeo: s.toFixed(2),
    ratio: (a / s).toFixed(2),
    target,
    airlockRss: aRss.toFixed(0),
    skopeoRss: sRss.toFixed(0),
    airlockCpu: `${median(airlockRuns.map((run) => run.cpu)).toFixed(2)} + ${median(airlockRuns.map((run) => run.registriesCpu)).toFixed(2)}`,
    skopeoCpu: `${median(skopeoRuns.map((run) => run.cpu)).toFixed(2)} + ${median(skopeoRuns.map((run) => run.registriesCpu)).toFixed(2)}`,
    note,
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}

async function alternate(count, airlockRun, skopeoRun) {
  const airlockRuns = [];
  const skopeoRuns = [];
  for (let i = 0; i < count; i++) {
    airlockRuns.push(await airlockRun(i));
    skopeoRuns.push(await skopeoRun(i));
  }
  return { airlockRuns, skopeoRuns };
}

function check(run, digest, what) {
  if (run.digest !== digest) throw new Error(`${what}: airlock wrote ${run.digest}, expected ${digest}`);
}

const work = mkdtempSync(join(tmpdir(), 'airlock-bench-'));
const [upstream, mirror] = await Promise.all([TestRegistry.start(), TestRegistry.start()]);
const insecure = `${upstream.host},${mirror.host}`;
registryPids.push(findRegistryPid(upstream), findRegistryPid(mirror));
try {
  if (only.has('cross') || only.has('mount') || only.has('unchanged')) {
    console.log('building a 4-platform image with 6 layers of 8 MiB random data on each platform…');
    const image = await writeImageLayout(
      join(work, 'multi'),
      'v1',
      randomPlatforms(['amd64', 'arm64', 'ppc64le', 's390x'], 6, 8 * MiB),
    );
    pushLayout(join(work, 'multi'), 'v1', `${upstream.host}/multi:v1`);
    pushLayout(join(work, 'multi'), 'v1', `${mirror.host}/library/multi:v1`);
    const size = `${(image.size / MiB).toFixed(0)} MiB`;

    if (only.has('cross')) {
      const { airlockRuns, skopeoRuns } = await alternate(
        runs,
        async (i) => {
          const run = await airlock(
            `${upstream.host}/multi:v1`,
            `${mirror.host}/cross/airlock-${i}:v1`,
            insecure,
          );
          check(run, image.digest, 'cross');
          return run;
        },
        (i) => skopeo(`${upstream.host}/multi:v1`, `${mirror.host}/cross/skopeo-${i}:v1`),
      );
      report('cross-registry copy, 4 platforms × 6 layers × 8 MiB', '≤ 0.8', airlockRuns, skopeoRuns, size);
    }
    if (only.has('mount')) {
      const { airlockRuns, skopeoRuns } = await alternate(
        runs,
        async (i) => {
          const run = await airlock(
            `${mirror.host}/library/multi:v1`,
            `${mirror.host}/mount/airlock-${i}:v1`,
            insecure,
          );
          check(run, image.digest, 'mount');
          return run;
        },
        (i) => skopeo(`${mirror.host}/library/multi:v1`, `${mirror.host}/mount/skopeo-${i}:v1`),
      );
      report('same registry, another repository (mount)', '≤ 0.25', airlockRuns, skopeoRuns, size);
    }
    if (only.has('unchanged')) {
      await airlock(`${upstream.host}/multi:v1`, `${mirror.host}/unchanged/airlock:v1`, insecure);
      await skopeo(`${upstream.host}/multi:v1`, `${mirror.host}/unchanged/skopeo:v1`);
      const { airlockRuns, skopeoRuns } = await alternate(
        runs,
        async () => {
          const run = await airlock(
            `${upstream.host}/multi:v1`,
            `${mirror.host}/unchanged/airlock:v1`,
            insecure,
          );
          if (run.copied !== 'false') throw new Error(`unchanged: airlock copied again (${run.copied})`);
          return run;
        },
        () => skopeo(`${upstream.host}/multi:v1`, `${mirror.host}/unchanged/skopeo:v1`),
      );
      report('the same mirror again, nothing changed', '≤ 1.0', airlockRuns, skopeoRuns, size);
    }
  }
  if (only.has('large')) {
    console.log('building an image with one 1 GiB layer of random data…');
    const digest = await writeLargeLayout(join(work, 'large'), 'v1', 1024 * MiB);
    pushLayout(join(work, 'large'), 'v1', `${upstream.host}/large:v1`);
    rmSync(join(work, 'large'), { recursive: true, force: true });
    const count = Math.min(runs, 3);
    const { airlockRuns, skopeoRuns } = await alternate(
      count,
      async (i) => {
        const run = await airlock(
          `${upstream.host}/large:v1`,
          `${mirror.host}/large/airlock-${i}:v1`,
          insecure,
        );
        check(run, digest, 'large');
        return run;
      },
      (i) => skopeo(`${upstream.host}/large:v1`, `${mirror.host}/large/skopeo-${i}:v1`),
    );
    report(
      'one 1 GiB layer (peak RSS target ≤ 150 MB)',
      'RSS ≤ 150 MB',
      airlockRuns,
      skopeoRuns,
      `${count} runs`,
    );
  }
} finally {
  await Promise.all([upstream.stop(), mirror.stop()]);
  rmSync(work, { recursive: true, force: true });
}

const table = [
  `Median of ${runs} alternating runs (the 1 GiB case: ${Math.min(runs, 3)}), seconds of wall time including`,
  'process start-up; peak RSS is the largest seen over the runs. Ratio = airlock / skopeo. CPU is the',
  "median CPU seconds of the copying process + those of the two registries during its run (the machine's",
  `${availableParallelism()} cores are shared by all three, and by whatever else runs; load average at the start: ${loadAtStart.toFixed(1)}).`,
  '',
  '| case | airlock s | skopeo s | ratio | target | airlock peak RSS MB | skopeo peak RSS MB | airlock CPU s | skopeo CPU s | image |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (row) =>
      `| ${row.name} | ${row.airlock} | ${row.skopeo} | ${row.ratio} | ${row.target} | ${row.airlockRss} | ${row.skopeoRss} | ${row.airlockCpu} | ${row.skopeoCpu} | ${row.note} |`,
  ),
  '',
].join('\n');
console.log(`\n${table}`);
const results = join(repoRoot, 'bench/results.md');
const section = `## ${args.title} (${new Date().toISOString().slice(0, 16)}Z, ${runs} runs)\n\n${table}`;
if (args.append) writeFileSync(results, `${readFileSync(results, 'utf8')}\n${section}`);
else writeFileSync(results, `# airlock mirror vs skopeo copy --all\n\n${section}`);
