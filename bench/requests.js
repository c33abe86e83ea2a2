// Lists the requests one mirror run makes when nothing changed (a pass-through proxy in front of each
// registry), to see what an up-to-date run asks.
//
//   node bench/requests.js [--bundle path/to/index.js] [--copy-referrers true|false]

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  FaultProxy,
  TestRegistry,
  parseOutputFile,
  pushLayout,
  randomPlatforms,
  repoRoot,
  writeImageLayout,
} from '@airlock/testkit';

const { values: args } = parseArgs({
  options: {
    bundle: { type: 'string', default: join(repoRoot, 'actions/mirror/dist/index.js') },
    'copy-referrers': { type: 'string', default: 'true' },
  },
});
const work = mkdtempSync(join(tmpdir(), 'airlock-requests-'));
const registries = await Promise.all([TestRegistry.start(), TestRegistry.start()]);
const proxies = await Promise.all(registries.map((registry) => FaultProxy.start({ target: registry.host })));
const [from, to] = proxies;

async function mirror() {
  writeFileSync(join(work, 'output'), '');
  writeFileSync(join(work, 'summary'), '');
  // Asynchronous: the proxies answer from this process.
  await promisify(execFile)(process.execPath, [args.bundle], {
    env: {
      PATH: process.env.PATH,
      HOME: work,
      GITHUB_OUTPUT: join(work, 'output'),
      GITHUB_STEP_SUMMARY: join(work, 'summary'),
      RUNNER_TEMP: join(work, 'tmp'),
      GITHUB_WORKSPACE: work,
      INPUT_SOURCE: `${from.host}/multi:v1`,
      INPUT_DESTINATION: `${to.host}/copy/multi:v1`,
      'INPUT_INSECURE-REGISTRIES': `${from.host},${to.host}`,
      'INPUT_COPY-REFERRERS': args['copy-referrers'],
    },
  });
  return parseOutputFile(readFileSync(join(work, 'output'), 'utf8'));
}

try {
  await writeImageLayout(
    join(work, 'image'),
    'v1',
    randomPlatforms(['amd64', 'arm64', 'ppc64le', 's390x'], 2, 1024),
  );
  pushLayout(join(work, 'image'), 'v1', `${registries[0].host}/multi:v1`);
  await mirror();
  for (const proxy of proxies) proxy.requests.length = 0;
  const outputs = await mirror();
  console.log(`copied=${outputs.copied}`);
  for (const [name, proxy] of [
    ['source', from],
    ['destination', to],
  ]) {
    for (const request of proxy.requests)
      console.log(`${name.padEnd(12)} ${request.method.padEnd(5)} ${request.path}`);
  }
  console.log(`${proxies.reduce((sum, proxy) => sum + proxy.requests.length, 0)} requests`);
} finally {
  await Promise.all(proxies.map((proxy) => proxy.stop()));
  await Promise.all(registries.map((registry) => registry.stop()));
  rmSync(work, { recursive: true, force: true });
}
