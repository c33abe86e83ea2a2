// Benchmarks SBOM generation: the attest-sbom bundle (started as the runner starts it, so Node's start-up
// counts; it also attaches the unsigned statement) against the real Trivy 0.44.1 (`trivy image --format
// cyclonedx`, a fresh cache each run so no layer analysis is reused), on the same images in the same
// loopback registry, alternating, median of N. Peak RSS comes from /usr/bin/time. Prints a markdown table
// and writes it to bench/sbom-results.md.
//
//   node bench/sbom.js [--runs N] [--only alpine,debian,languages,rocky,large]

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  TestRegistry,
  applicationLayer,
  buildGoBinary,
  debianBaseLayer,
  fixtureTrivyPath,
  parseOutputFile,
  pushLayout,
  pushSbomImage,
  repoRoot,
  writeImageLayout,
} from '@airlock/testkit';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    only: { type: 'string', default: 'alpine,debian,languages,rocky,large' },
  },
});
const runs = Number(args.runs);
const only = args.only.split(',');
const bundle = join(repoRoot, 'actions/attest-sbom/dist/index.js');
const trivy = fixtureTrivyPath();
const loadAtStart = loadavg()[0];

function measure(command, commandArgs, env = process.env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
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
      if (code !== 0)
        reject(new Error(`${command} exited ${code}\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`));
      else resolve({ seconds, rssMb: rss ? Number(rss[1]) / 1024 : NaN, stdout });
    });
  });
}

async function airlock(reference, host) {
  const work = mkdtempSync(join(tmpdir(), 'airlock-bench-sbom-'));
  try {
    writeFileSync(join(work, 'output'), '');
    writeFileSync(join(work, 'summary'), '');
    const result = await measure(process.execPath, [bundle], {
      PATH: process.env.PATH,
      HOME: work,
      GITHUB_OUTPUT: join(work, 'output'),
      GITHUB_STEP_SUMMARY: join(work, 'summary'),
      RUNNER_TEMP: join(work, 'tmp'),
      GITHUB_WORKSPACE: work,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'example/bench',
      GITHUB_RUN_ID: '1',
      INPUT_IMAGE: reference,
      'INPUT_INSECURE-REGISTRIES': host,
      'INPUT_GITHUB-TOKEN': '',
    });
    const outputs = parseOutputFile(readFileSync(join(work, 'output'), 'utf8'));
    return { ...result, packages: Number(outputs.components) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function trivyRun(pinned) {
  const cache = mkdtempSync(join(tmpdir(), 'airlock-bench-trivy-'));
  try {
    const result = await measure(trivy, [
      'image',
      '--cache-dir',
      cache,
      '--skip-db-update',
      '--offline-scan',
      '--insecure',
      '--quiet',
      '--format',
      'cyclonedx',
      pinned,
    ]);
    const bom = JSON.parse(result.stdout);
    return { ...result, packages: (bom.components ?? []).filter((c) => c.purl).length };
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

/** 400 npm packages of 40 files each, 20 executables of 8 MiB (ELF header, no Go build info), one Go program. */
async function pushLargeImage(host) {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-bench-large-'));
  try {
    const files = {};
    for (let p = 0; p < 400; p++) {
      const base = `app/node_modules/package-${p}`;
      files[`${base}/package.json`] = JSON.stringify({
        name: `package-${p}`,
        version: `1.${p}.0`,
        license: 'MIT',
      });
      for (let f = 0; f < 39; f++) files[`${base}/lib/file-${f}.js`] = `module.exports = ${p * 100 + f};\n`;
    }
    const binaries = {};
    const modes = {};
    for (let b = 0; b < 20; b++) {
      const bytes = randomBytes(8 * 1024 * 1024);
      bytes.writeUInt32BE(0x7f454c46, 0);
      binaries[`usr/local/bin/tool-${b}`] = bytes;
      modes[`usr/local/bin/tool-${b}`] = 0o755;
    }
    binaries['usr/local/bin/hello'] = buildGoBinary(join(dir, 'go'));
    modes['usr/local/bin/hello'] = 0o755;
    const built = await writeImageLayout(join(dir, 'layout'), 'latest', [
      {
        architecture: 'amd64',
        layers: [debianBaseLayer(), applicationLayer(), { files }, { files: binaries, modes }],
      },
    ]);
    const reference = `${host}/sbom/large:latest`;
    pushLayout(join(dir, 'layout'), 'latest', reference);
    return { reference, pinned: `${host}/sbom/large@${built.digest}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const titles = {
  alpine: 'Alpine 3.19',
  debian: 'Debian 12',
  languages: 'Debian 12 + npm + Python (zstd layer, whiteouts)',
  rocky: 'Rocky 9 (rpm sqlite)',
  large: '16,000 npm files, 160 MiB of executables, a Go program',
};

const registry = await TestRegistry.start();
const rows = [];
try {
  for (const name of only) {
    const image =
      name === 'large' ? await pushLargeImage(registry.host) : await pushSbomImage(registry.host, name);
    const ours = [];
    const theirs = [];
    for (let run = 0; run < runs; run++) {
      ours.push(await airlock(image.reference, registry.host));
      theirs.push(await trivyRun(image.pinned));
    }
    const row = {
      name,
      packages: `${ours[0].packages} / ${theirs[0].packages}`,
      airlock: median(ours.map((r) => r.seconds)),
      trivy: median(theirs.map((r) => r.seconds)),
      airlockRss: median(ours.map((r) => r.rssMb)),
      trivyRss: median(theirs.map((r) => r.rssMb)),
    };
    rows.push(row);
    console.log(
      `${name}: airlock ${row.airlock.toFixed(2)} s, ${row.airlockRss.toFixed(0)} MB; Trivy ${row.trivy.toFixed(2)} s, ${row.trivyRss.toFixed(0)} MB`,
    );
  }
} finally {
  await registry.stop();
}

const lines = [
  '# SBOM generation: attest-sbom against Trivy',
  '',
  `Median of ${runs} runs each, alternating, on ${availableParallelism()} cores (load ${loadAtStart.toFixed(1)} at the start). ` +
    'airlock: the attest-sbom bundle, Node start-up, resolving the tag and attaching the statement included. ' +
    'Trivy 0.44.1: `trivy image --format cyclonedx` from the same loopback registry, a fresh cache each run. ' +
    'Packages: components with a purl, airlock / Trivy. Peak RSS from /usr/bin/time (median).',
  '',
  '| image | packages | airlock s | Trivy s | ratio | airlock peak RSS MB | Trivy peak RSS MB |',
  '|---|---|---|---|---|---|---|',
  ...rows.map(
    (row) =>
      `| ${titles[row.name] ?? row.name} | ${row.packages} | ${row.airlock.toFixed(2)} | ${row.trivy.toFixed(2)} | ${(row.airlock / row.trivy).toFixed(2)} | ${row.airlockRss.toFixed(0)} | ${row.trivyRss.toFixed(0)} |`,
  ),
  '',
];
console.log(lines.join('\n'));
writeFileSync(join(repoRoot, 'bench/sbom-results.md'), lines.join('\n'));
