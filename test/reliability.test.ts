import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FaultProxy,
  TestRegistry,
  TokenServer,
  digestOf,
  everyFaultKind,
  pushLayoutAsync,
  runActionBundle,
  skopeoInspectRawAsync,
  writeImageLayout,
  type BuiltImage,
  type FaultKind,
} from '@airlock/testkit';
import {
  PredicateType,
  RecordingLogger,
  RegistryClient,
  acquisitionStatement,
  buildStatement,
  errorMessage,
  isIndex,
  parseReference,
  promoteImage,
  readRecords,
  silentLogger,
  subjectOf,
  transferImage,
  writeRecord,
  type CopyResult,
  type Logger,
  type Repository,
} from '@airlock/core';

// The reliability suite: seeded mirrors and promotions through the core engine, between two real
// distribution registries with Bearer token auth, each behind a fault proxy that breaks 15% of requests
// (500 and 503, bursts of 503, 429 with Retry-After, resets and truncation mid-body, a flipped byte,
// requests never answered, answers that stop halfway, tokens refused as expired). Every run must end
// either digest-exact (read back straight from the registry, skopeo for the top manifest) with exactly
// one record, or failed with no destination tag and no record. No threshold on how many succeed: each
// run is judged on its own. The images are the same on every run and faults are drawn per request from
// the run's seed, so a run replays.
//
// AIRLOCK_RELIABILITY_RUNS (default 100 of each), AIRLOCK_RELIABILITY_SEED (default 1) and
// AIRLOCK_RELIABILITY_REPORT (a file for the figures, as JSON) change the defaults.

const runsPerKind = Number(process.env['AIRLOCK_RELIABILITY_RUNS'] ?? 100);
const baseSeed = Number(process.env['AIRLOCK_RELIABILITY_SEED'] ?? 1);
const faultRate = 0.15;
const user = 'airlock';
const password = 'reliable-test';
const credentials = `${user}:${password}`;
const upstreamType = 'https://example.com/upstream-provenance/v1';
const images = 4;
/** Every time written into a record, fixed: records (and so the requests that write them) are the same on every run. */
const recordTime = new Date('2026-01-01T00:00:00Z');
const promotedAt = new Date('2026-01-01T01:00:00Z');
/**
 * The faults drawn, each once a run draws a fault: stalls cost a timeout each, so they are drawn half as
 * often as the others.
 */
const suiteKinds: FaultKind[] = [
  ...everyFaultKind
    .filter((kind) => kind !== 'stall' && kind !== 'stallBody')
    .flatMap((kind) => [kind, kind]),
  'stall',
  'stallBody',
];

interface Outcome {
  kind: 'mirror' | 'promotion' | 'mirror bundle';
  run: number;
  seed: number;
  result: 'exact' | 'failed cleanly';
  error?: string;
  ms: number;
  faults: Partial<Record<FaultKind, number>>;
  requests: number;
  /** The end of the run's log, for a run that failed (in the report file only). */
  log?: string[];
}

let tokens: TokenServer;
let registryA: TestRegistry;
let registryB: TestRegistry;
/** A fault proxy in front of each registry: one pair for the mirrors, one for the promotions. */
interface ProxyPair {
  a: FaultProxy;
  b: FaultProxy;
}
let mirrorProxies: ProxyPair;
let promotionProxies: ProxyPair;
let direct: RegistryClient;
let work: string;
const built: BuiltImage[] = [];
const outcomes: Outcome[] = [];
/** The waits the transport asked for (Retry-After honoured or backoff); the suite waits at most 20 ms. */
const requestedDelays: number[] = [];
const started = Date.now();

/** Bytes that look random and are the same on every run, so the images (and their digests) are too. */
function seededBytes(name: string, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let i = 0; blocks.length * 32 < length; i++) {
    blocks.push(createHash('sha256').update(`${name}/${i}`).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  tokens = await TokenServer.start({ users: { [user]: password } });
  [registryA, registryB] = await Promise.all([
    TestRegistry.start({ token: tokens.registryOptions }),
    TestRegistry.start({ token: tokens.registryOptions }),
  ]);
  work = mkdtempSync(join(tmpdir(), 'airlock-reliability-'));
  direct = new RegistryClient({
    credentials: { hosts: { [registryA.host]: { username: user, password } } },
    insecureRegistries: [registryA.host, registryB.host],
  });
  // The same user on both registries (one token service).
  const directB = new RegistryClient({
    credentials: { hosts: { [registryB.host]: { username: user, password } } },
    insecureRegistries: [registryB.host],
  });
  for (let k = 0; k < images; k++) {
    const dir = join(work, `app-${k}`);
    // Small on purpose: the suite is about what faults do, not about bytes.
    const platforms = ['amd64', 'arm64'].map((architecture) => ({
      architecture,
      layers: [{ files: { 'data/content.bin': seededBytes(`${k}/${architecture}`, 3000) } }],
    }));
    built.push(await writeImageLayout(dir, 'v1', platforms));
    for (const host of [registryA.host, registryB.host]) {
      await pushLayoutAsync(dir, 'v1', `${host}/upstream/app-${k}:v1`, credentials);
    }
    await pushLayoutAsync(dir, 'v1', `${registryB.host}/quarantine/app-${k}:v1`, credentials);
  }
  const now = recordTime.toISOString();
  for (const [k, image] of built.entries()) {
    // Upstream's own record on each image (a referrer mirror copies), and the scan verdict in quarantine.
    for (const [client, host] of [
      [direct, registryA.host],
      [directB, registryB.host],
    ] as const) {
      const upstream = client.repository(parseReference(`${host}/upstream/app-${k}`));
      await writeRecord({
        repository: upstream,
        subject: (await upstream.resolve(image.digest))!,
        statement: buildStatement(subjectOf(`${host}/upstream/app-${k}`, image.digest), upstreamType, {
          builder: 'upstream',
        }),
        logger: silentLogger,
        created: recordTime,
      });
    }
    const quarantine = directB.repository(parseReference(`${registryB.host}/quarantine/app-${k}`));
    await writeRecord({
      repository: quarantine,
      subject: (await quarantine.resolve(image.digest))!,
      statement: buildStatement(
        subjectOf(`${registryB.host}/quarantine/app-${k}`, image.digest),
        PredicateType.vulnerability,
        {
          scanner: {
            uri: 'pkg:github/aquasecurity/trivy@0.44.1',
            version: '0.44.1',
            // The gate wants every runnable manifest named as covered.
            result: { verdict: 'pass', covers: [image.digest, ...image.manifests] },
          },
          metadata: { scanStartedOn: now, scanFinishedOn: now },
        },
      ),
      logger: silentLogger,
      created: recordTime,
    });
  }
  await directB.close();
  // The direct client reads both registries with the same credentials.
  await direct.close();
  direct = new RegistryClient({
    credentials: {
      hosts: {
        [registryA.host]: { username: user, password },
        [registryB.host]: { username: user, password },
      },
    },
    insecureRegistries: [registryA.host, registryB.host],
  });
  const proxy = (target: string) =>
    FaultProxy.start({ target, keyed: true, kinds: suiteKinds, retryAfterSeconds: 1 });
  const [ma, mb, pa, pb] = await Promise.all([
    proxy(registryA.host),
    proxy(registryB.host),
    proxy(registryA.host),
    proxy(registryB.host),
  ]);
  mirrorProxies = { a: ma, b: mb };
  promotionProxies = { a: pa, b: pb };
}, 300_000);

afterAll(async () => {
  const figures = summarize();
  if (process.env['AIRLOCK_RELIABILITY_REPORT']) {
    writeFileSync(process.env['AIRLOCK_RELIABILITY_REPORT'], `${JSON.stringify(figures, null, 2)}\n`);
  }
  console.log(`reliability figures: ${JSON.stringify(figures.totals)}`);
  await direct?.close();
  await Promise.all(
    [mirrorProxies, promotionProxies].flatMap((pair) => (pair ? [pair.a.stop(), pair.b.stop()] : [])),
  );
  await Promise.all([registryA?.stop(), registryB?.stop()]);
  await tokens?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A client for one faulted run: fresh tokens, short timeouts (stalls), waits recorded and shortened. */
function faultedClient(proxies: ProxyPair, logger: Logger): RegistryClient {
  return new RegistryClient({
    credentials: {
      hosts: {
        [proxies.a.host]: { username: user, password },
        [proxies.b.host]: { username: user, password },
      },
    },
    insecureRegistries: [proxies.a.host, proxies.b.host],
    logger,
    retry: {
      baseDelayMs: 5,
      maxDelayMs: 40,
      sleep: (ms) => {
        requestedDelays.push(ms);
        return wait(Math.min(ms, 20));
      },
    },
    timeouts: { connectMs: 2000, headersMs: 300, bodyMs: 300 },
  });
}

/** Starts a run: both proxies draw from the run's seed. */
function faultFrom(proxies: ProxyPair, seed: number): void {
  proxies.a.reseed(seed * 2 + 1);
  proxies.b.reseed(seed * 2 + 2);
  proxies.a.rate = faultRate;
  proxies.b.rate = faultRate;
}

/** Ends a run: no more faults, and what the proxies injected. */
function endFaults(proxies: ProxyPair): { faults: Partial<Record<FaultKind, number>>; requests: number } {
  proxies.a.rate = 0;
  proxies.b.rate = 0;
  const faults: Partial<Record<FaultKind, number>> = {};
  for (const proxy of [proxies.a, proxies.b]) {
    for (const [kind, count] of Object.entries(proxy.injected) as [FaultKind, number][]) {
      if (count > 0) faults[kind] = (faults[kind] ?? 0) + count;
    }
  }
  return { faults, requests: proxies.a.requests.length + proxies.b.requests.length };
}

/**
 * What mirror does with the core engine: copy by digest, the referrers of the index and each child,
 * the acquisition record, and the tag last (`beforeTag`).
 */
async function mirrorThroughEngine(
  source: Repository,
  destination: Repository,
  destinationName: string,
  logger: Logger,
): Promise<CopyResult> {
  // What the mirror action does, through the one copy path: the image, its referrers, the acquisition
  // record, the tag last.
  return transferImage({
    source,
    sourceRef: 'v1',
    destination,
    destinationTag: 'v1',
    concurrency: 4,
    logger,
    copyReferrers: true,
    record: async (written) =>
      (
        await writeRecord({
          repository: destination,
          subject: { mediaType: written.mediaType, digest: written.digest, size: written.size },
          statement: acquisitionStatement(destinationName, written.digest, {
            source: `${source.display}:v1`,
            sourceDigest: written.sourceDigest,
            acquiredAt: recordTime.toISOString(),
          }),
          logger,
          created: recordTime,
        })
      ).descriptor.digest,
  });
}

/** Reads the image back from the registry itself (no proxy): every manifest and blob, by digest. */
async function expectExact(host: string, repository: string, image: BuiltImage): Promise<void> {
  const top = await skopeoInspectRawAsync(`${host}/${repository}:v1`, credentials);
  expect(digestOf(top)).toBe(image.digest);
  const target = direct.repository(parseReference(`${host}/${repository}`));
  const index = await target.getManifest(image.digest);
  expect(isIndex(index.manifest)).toBe(true);
  for (const child of image.manifests) {
    const { manifest } = await target.getManifest(child);
    if (isIndex(manifest)) throw new Error(`${child} is an index`);
    for (const blob of [manifest.config, ...manifest.layers]) {
      // getBlob verifies the digest and size as it streams.
      for await (const chunk of await target.getBlob(blob)) void chunk;
    }
  }
}

async function recordsOn(host: string, repository: string, digest: string, predicateType: string) {
  const target = direct.repository(parseReference(`${host}/${repository}`));
  return readRecords({ repository: target, digest, predicateType, logger: silentLogger });
}

/** A failed run left nothing that names the image: no tag, no record of ours. */
async function expectClean(host: string, repository: string, digest: string, predicateType: string) {
  const target = direct.repository(parseReference(`${host}/${repository}`));
  expect(await target.resolve('v1')).toBeUndefined();
  expect(await recordsOn(host, repository, digest, predicateType)).toEqual([]);
}

function describeFailure(outcome: Outcome, logger: RecordingLogger, problem: unknown): string {
  return (
    `${outcome.kind} run ${outcome.run} (seed ${outcome.seed}) ended neither exact nor clean: ${errorMessage(problem)}\n` +
    `its error: ${outcome.error ?? 'none'}\nfaults: ${JSON.stringify(outcome.faults)}\n` +
    logger.lines.slice(-40).join('\n')
  );
}

/** One seeded mirror: judged exact or clean, or the reason it is neither. */
async function mirrorRun(run: number): Promise<string | undefined> {
  const proxies = mirrorProxies;
  const seed = baseSeed * 100_000 + run;
  const k = run % images;
  const image = built[k]!;
  // Even runs copy A → B, odd runs B → A.
  const [from, to] = run % 2 === 0 ? [proxies.a, proxies.b] : [proxies.b, proxies.a];
  const toRegistry = run % 2 === 0 ? registryB : registryA;
  const repository = `mirror/run-${run}`;
  const logger = new RecordingLogger();
  faultFrom(proxies, seed);
  const client = faultedClient(proxies, logger);
  const begin = Date.now();
  const outcome: Outcome = { kind: 'mirror', run, seed, result: 'exact', ms: 0, faults: {}, requests: 0 };
  outcomes.push(outcome);
  try {
    const result = await mirrorThroughEngine(
      client.repository(parseReference(`${from.host}/upstream/app-${k}`)),
      client.repository(parseReference(`${to.host}/${repository}`)),
      `${to.host}/${repository}`,
      logger,
    );
    expect(result.digest).toBe(image.digest);
  } catch (error) {
    outcome.result = 'failed cleanly';
    outcome.error = errorMessage(error);
    outcome.log = logger.lines.slice(-30);
  } finally {
    await client.close();
    outcome.ms = Date.now() - begin;
    Object.assign(outcome, endFaults(proxies));
  }
  try {
    if (outcome.result === 'exact') {
      await expectExact(toRegistry.host, repository, image);
      const records = await recordsOn(toRegistry.host, repository, image.digest, PredicateType.acquisition);
      expect(records).toHaveLength(1);
      expect(await recordsOn(toRegistry.host, repository, image.digest, upstreamType)).toHaveLength(1);
    } else {
      await expectClean(toRegistry.host, repository, image.digest, PredicateType.acquisition);
    }
    return undefined;
  } catch (problem) {
    return describeFailure(outcome, logger, problem);
  }
}

/** One seeded promotion: judged exact or clean, or the reason it is neither. */
async function promotionRun(run: number): Promise<string | undefined> {
  const proxies = promotionProxies;
  const seed = baseSeed * 100_000 + 50_000 + run;
  const k = run % images;
  const image = built[k]!;
  // Even runs promote within registry B (blobs mounted), odd runs into registry A.
  const to = run % 2 === 0 ? proxies.b : proxies.a;
  const toRegistry = run % 2 === 0 ? registryB : registryA;
  const repository = `trusted/run-${run}`;
  const logger = new RecordingLogger();
  faultFrom(proxies, seed);
  const client = faultedClient(proxies, logger);
  const begin = Date.now();
  const outcome: Outcome = { kind: 'promotion', run, seed, result: 'exact', ms: 0, faults: {}, requests: 0 };
  outcomes.push(outcome);
  try {
    const result = await promoteImage({
      source: client.repository(parseReference(`${proxies.b.host}/quarantine/app-${k}`)),
      // The name the scan record's subject gives: the registry's own (requests go through its proxy).
      sourceName: `${registryB.host}/quarantine/app-${k}`,
      sourceTag: 'v1',
      sourceDigest: image.digest,
      destination: client.repository(parseReference(`${to.host}/${repository}`)),
      destinationName: `${to.host}/${repository}`,
      tags: ['v1'],
      gate: {
        policy: { identities: [], maxAgeMs: 24 * 3600_000, requireSigned: false, now: promotedAt },
      },
      now: () => promotedAt,
      overwriteTags: false,
      copyReferrers: true,
      dryRun: false,
      logger,
    });
    if (!result.promoted) throw new Error(`refused (${result.reason}): ${result.message}`);
    expect(result.digest).toBe(image.digest);
  } catch (error) {
    outcome.result = 'failed cleanly';
    outcome.error = errorMessage(error);
    outcome.log = logger.lines.slice(-30);
  } finally {
    await client.close();
    outcome.ms = Date.now() - begin;
    Object.assign(outcome, endFaults(proxies));
  }
  try {
    if (outcome.result === 'exact') {
      await expectExact(toRegistry.host, repository, image);
      const records = await recordsOn(toRegistry.host, repository, image.digest, PredicateType.promotion);
      expect(records).toHaveLength(1);
      // The verdict it rests on went along.
      expect(
        await recordsOn(toRegistry.host, repository, image.digest, PredicateType.vulnerability),
      ).toHaveLength(1);
    } else {
      await expectClean(toRegistry.host, repository, image.digest, PredicateType.promotion);
    }
    return undefined;
  } catch (problem) {
    return describeFailure(outcome, logger, problem);
  }
}

describe('reliability under injected faults', () => {
  it(`${runsPerKind} mirrors and ${runsPerKind} promotions through the engine end exact or fail cleanly`, async () => {
    // The mirrors and the promotions go side by side, each through its own pair of proxies, so that one
    // waits on a timeout while the other works; within each, runs follow one another.
    const sequence = async (runOne: (run: number) => Promise<string | undefined>) => {
      const problems: string[] = [];
      for (let run = 0; run < runsPerKind; run++) {
        const problem = await runOne(run);
        if (problem) problems.push(problem);
      }
      return problems;
    };
    const [mirrorProblems, promotionProblems] = await Promise.all([
      sequence(mirrorRun),
      sequence(promotionRun),
    ]);
    expect([...mirrorProblems, ...promotionProblems]).toEqual([]);
  }, 1_200_000);

  it('runs the mirror bundle through the faults: exact, or one ::error:: line and no tag', async () => {
    // The bundle keeps its production timeouts: faults that only a timeout ends are left out here.
    const proxies = mirrorProxies;
    const kinds = suiteKinds.filter((kind) => kind !== 'stall' && kind !== 'stallBody');
    proxies.a.kinds = kinds;
    proxies.b.kinds = kinds;
    const problems: string[] = [];
    for (let run = 0; run < 3; run++) {
      const seed = baseSeed * 100_000 + 90_000 + run;
      const k = run % images;
      const repository = `bundle/run-${run}`;
      faultFrom(proxies, seed);
      const begin = Date.now();
      const result = await runActionBundle('mirror', {
        source: `${proxies.a.host}/upstream/app-${k}:v1`,
        destination: `${proxies.b.host}/${repository}`,
        'source-username': user,
        'source-password': password,
        'destination-username': user,
        'destination-password': password,
        'insecure-registries': `${proxies.a.host},${proxies.b.host}`,
      });
      const faults = endFaults(proxies);
      const outcome: Outcome = {
        kind: 'mirror bundle',
        run,
        seed,
        result: result.exitCode === 0 ? 'exact' : 'failed cleanly',
        ...(result.errors[0] ? { error: result.errors[0] } : {}),
        ms: Date.now() - begin,
        ...faults,
      };
      try {
        if (result.exitCode === 0) {
          expect(result.outputs['digest']).toBe(built[k]!.digest);
          await expectExact(registryB.host, repository, built[k]!);
          expect(
            await recordsOn(registryB.host, repository, built[k]!.digest, PredicateType.acquisition),
          ).toHaveLength(1);
        } else {
          expect(result.errors).toHaveLength(1);
          expect(result.errors[0]).not.toMatch(/internal error/);
          await expectClean(registryB.host, repository, built[k]!.digest, PredicateType.acquisition);
        }
      } catch (problem) {
        const logger = new RecordingLogger();
        logger.info(result.stdout.split('\n').slice(-40).join('\n'));
        problems.push(describeFailure(outcome, logger, problem));
      }
      outcomes.push(outcome);
    }
    proxies.a.kinds = suiteKinds;
    proxies.b.kinds = suiteKinds;
    expect(problems).toEqual([]);
  }, 300_000);
});

function summarize() {
  const byKind = (kind: Outcome['kind']) => outcomes.filter((outcome) => outcome.kind === kind);
  const figures = (list: Outcome[]) => {
    const durations = list.map((outcome) => outcome.ms).sort((a, b) => a - b);
    const faults: Partial<Record<FaultKind, number>> = {};
    for (const outcome of list) {
      for (const [kind, count] of Object.entries(outcome.faults) as [FaultKind, number][]) {
        faults[kind] = (faults[kind] ?? 0) + count;
      }
    }
    return {
      runs: list.length,
      exact: list.filter((outcome) => outcome.result === 'exact').length,
      failedCleanly: list.filter((outcome) => outcome.result === 'failed cleanly').length,
      requests: list.reduce((sum, outcome) => sum + outcome.requests, 0),
      faults,
      faultsInjected: Object.values(faults).reduce((sum, count) => sum + count, 0),
      medianMs: durations[Math.floor(durations.length / 2)] ?? 0,
      maxMs: durations.at(-1) ?? 0,
      totalMs: durations.reduce((sum, ms) => sum + ms, 0),
      failures: list
        .filter((outcome) => outcome.result !== 'exact')
        .map((outcome) => ({ run: outcome.run, seed: outcome.seed, error: outcome.error })),
    };
  };
  return {
    seed: baseSeed,
    faultRate,
    totals: {
      mirrors: figures(byKind('mirror')),
      promotions: figures(byKind('promotion')),
      bundle: figures(byKind('mirror bundle')),
      retryAfterWaitsOf1s: requestedDelays.filter((ms) => ms === 1000).length,
      suiteSeconds: Math.round((Date.now() - started) / 1000),
    },
    runs: outcomes,
  };
}
