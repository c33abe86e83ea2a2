import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { GithubApiStandIn, writeImageLayout } from '@airlock/testkit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordingLogger } from '../src/logger.ts';
import { copyImage } from '../src/oci/copy.ts';
import { OciLayoutRepository } from '../src/oci/layout.ts';
import type { GatePolicy } from '../src/records/gate.ts';
import { deleteGithubPackageVersion } from '../src/records/github-packages.ts';
import { promoteBatch, promoteImage, type PromoteOptions } from '../src/records/promotion.ts';
import { readRecords, writeRecord } from '../src/records/record.ts';
import {
  PredicateType,
  buildStatement,
  subjectOf,
  type LifecyclePredicate,
} from '../src/records/statement.ts';

// The promotion logic between two OCI image layouts (the same Repository interface as a registry): the
// end-to-end tests in test/promote*.test.ts run the action against the real registry.

const now = new Date();
const policy: GatePolicy = { identities: ['*'], maxAgeMs: 7 * 86_400_000, requireSigned: false, now };

let dir: string;
let quarantine: OciLayoutRepository;
let trusted: OciLayoutRepository;
let logger: RecordingLogger;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'airlock-promote-'));
  quarantine = new OciLayoutRepository(join(dir, 'quarantine'));
  trusted = new OciLayoutRepository(join(dir, 'trusted'));
  logger = new RecordingLogger();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function image(tag: string, content: string): Promise<string> {
  const built = await writeImageLayout(join(dir, `build-${tag}-${content}`), tag, [
    { architecture: 'amd64', layers: [{ files: { 'content.txt': content } }] },
    { architecture: 'arm64', layers: [{ files: { 'content.txt': `${content} arm` } }] },
  ]);
  await copyImage({
    source: new OciLayoutRepository(join(dir, `build-${tag}-${content}`)),
    sourceRef: tag,
    destination: quarantine,
    destinationTag: tag,
  });
  return built.digest;
}

async function scanRecord(digest: string, verdict: string, scannedAt = now.toISOString()): Promise<string> {
  const subject = (await quarantine.resolve(digest))!;
  const { manifest } = await quarantine.getManifest(digest);
  // As quarantine-scan records it: every manifest the scan covered.
  const covers = [
    digest,
    ...('manifests' in manifest ? manifest.manifests.map((child) => child.digest) : []),
  ];
  const written = await writeRecord({
    repository: quarantine,
    subject,
    statement: buildStatement(subjectOf('q/app', digest), PredicateType.vulnerability, {
      scanner: {
        uri: 'pkg:github/aquasecurity/trivy@0.44.1',
        version: '0.44.1',
        result: { verdict, covers },
      },
      metadata: { scanStartedOn: scannedAt, scanFinishedOn: scannedAt },
    }),
    logger,
  });
  return written.descriptor.digest;
}

function options(overrides: Partial<PromoteOptions>): PromoteOptions {
  return {
    source: quarantine,
    sourceName: 'q/app',
    destination: trusted,
    destinationName: 'r/app',
    tags: ['1.0'],
    gate: { policy },
    overwriteTags: false,
    copyReferrers: true,
    dryRun: false,
    runUrl: 'https://github.com/example/app/actions/runs/7',
    logger,
    ...overrides,
  };
}

describe('promoteImage', () => {
  it('promotes a passing digest with its referrers and a promotion record, tag last', async () => {
    const digest = await image('1.0', 'one');
    const verdictRecord = await scanRecord(digest, 'pass');
    const result = await promoteImage(options({ sourceTag: '1.0', sourceDigest: digest }));
    expect(result).toMatchObject({
      promoted: true,
      digest,
      image: `r/app@${digest}`,
      tags: ['1.0'],
      verdictRecord,
    });
    expect((await trusted.resolve('1.0'))?.digest).toBe(digest);
    const scan = await readRecords({
      repository: trusted,
      digest,
      predicateType: PredicateType.vulnerability,
      logger,
    });
    expect(scan).toHaveLength(1);
    const promotion = await readRecords({
      repository: trusted,
      digest,
      predicateType: PredicateType.promotion,
      logger,
    });
    expect(promotion[0]!.descriptor.digest).toBe(result.recordDigest);
    expect(promotion[0]!.statement.predicate).toMatchObject({
      from: `q/app@${digest}`,
      to: `r/app@${digest}`,
      verdictRecord,
      verdict: 'pass',
      runUrl: 'https://github.com/example/app/actions/runs/7',
    });
  });

  it.each([
    ['no record', undefined, 'no-verdict'],
    ['a failing verdict', 'fail', 'verdict-fail'],
  ])('refuses %s and copies nothing', async (_name, verdict, reason) => {
    const digest = await image('1.0', 'two');
    if (verdict) await scanRecord(digest, verdict);
    const result = await promoteImage(options({ sourceTag: '1.0' }));
    expect(result).toMatchObject({ promoted: false, reason });
    expect(await trusted.resolve(digest)).toBeUndefined();
  });

  it('refuses an expired verdict', async () => {
    const digest = await image('1.0', 'old');
    await scanRecord(digest, 'pass', new Date(now.getTime() - 8 * 86_400_000).toISOString());
    expect(await promoteImage(options({ sourceTag: '1.0' }))).toMatchObject({ reason: 'verdict-expired' });
  });

  it('refuses a tag that moved after the scan', async () => {
    const scanned = await image('1.0', 'first');
    await scanRecord(scanned, 'pass');
    await image('1.0', 'second');
    const result = await promoteImage(options({ sourceTag: '1.0', sourceDigest: scanned }));
    expect(result).toMatchObject({ promoted: false, reason: 'tag-moved' });
    expect(result.message).toContain(scanned);
  });

  it('does not move an existing tag, unless asked, and then records what the tag left', async () => {
    const first = await image('1.0', 'a');
    await scanRecord(first, 'pass');
    await promoteImage(options({ sourceTag: '1.0' }));
    const second = await image('1.0', 'b');
    await scanRecord(second, 'pass');

    const refused = await promoteImage(options({ sourceTag: '1.0' }));
    expect(refused).toMatchObject({ promoted: false, reason: 'tag-exists' });
    expect(refused.message).toContain('overwrite-tags');
    expect((await trusted.resolve('1.0'))?.digest).toBe(first);

    const moved = await promoteImage(options({ sourceTag: '1.0', overwriteTags: true }));
    expect(moved).toMatchObject({ promoted: true, movedTags: [{ tag: '1.0', from: first }] });
    expect((await trusted.resolve('1.0'))?.digest).toBe(second);
    const lifecycle = await readRecords<LifecyclePredicate>({
      repository: trusted,
      digest: first,
      predicateType: PredicateType.lifecycle,
      logger,
    });
    expect(lifecycle[0]!.statement.predicate).toMatchObject({
      event: 'superseded',
      tag: '1.0',
      supersededBy: second,
    });
  });

  it('plans in a dry run and changes nothing', async () => {
    const digest = await image('1.0', 'dry');
    await scanRecord(digest, 'pass');
    const result = await promoteImage(options({ sourceTag: '1.0', dryRun: true }));
    expect(result).toMatchObject({ promoted: false, reason: 'dry-run', image: `r/app@${digest}` });
    expect(await trusted.listTags()).toEqual([]);
  });

  it('deletes the source after promotion when asked', async () => {
    const digest = await image('1.0', 'del');
    await scanRecord(digest, 'pass');
    const deleted: string[] = [];
    const result = await promoteImage(
      options({ sourceTag: '1.0', deleteSource: async (d) => (deleted.push(d), `deleted ${d}`) }),
    );
    expect(result.sourceDeleted).toBe(true);
    expect(deleted).toEqual([digest]);
  });
});

describe('promoteBatch', () => {
  it('promotes each tag on its own verdict, one result each', async () => {
    const good = await image('good', 'g');
    await scanRecord(good, 'pass');
    const bad = await image('bad', 'b');
    await scanRecord(bad, 'fail');
    await image('none', 'n');
    const results = await promoteBatch({ ...options({}), sourceTags: 'all' });
    expect(results.map((result) => [result.sourceTag, result.promoted, result.reason])).toEqual([
      ['bad', false, 'verdict-fail'],
      ['good', true, undefined],
      ['none', false, 'no-verdict'],
    ]);
    expect(await trusted.listTags()).toEqual(['good']);
  });
});

describe('delete-source on ghcr.io, against a loopback stand-in for the GitHub Packages API', () => {
  const digest = `sha256:${'1'.repeat(64)}`;
  const keep = `sha256:${'2'.repeat(64)}`;
  const filler = Array.from({ length: 150 }, (_, i) => `sha256:${i.toString(16).padStart(64, '0')}`);
  let api: GithubApiStandIn;
  beforeEach(async () => {
    api = await GithubApiStandIn.start(
      [
        { owner: 'acme', ownerKind: 'orgs', name: 'team/app', versions: [...filler, keep, digest] },
        { owner: 'someone', ownerKind: 'users', name: 'app', versions: [digest] },
      ],
      { 'can-delete': 'delete', 'read-only': 'read' },
    );
  });
  afterEach(() => api.stop());

  const remove = (owner: string, packageName: string, token: string) =>
    deleteGithubPackageVersion({ apiUrl: api.url, token, owner, packageName, digest });

  it('deletes the version named by the digest in an organisation package, past the first page', async () => {
    expect(await remove('acme', 'team/app', 'can-delete')).toMatch(/deleted package version \d+/);
    expect(api.versions('acme', 'team/app')).not.toContain(digest);
    expect(api.versions('acme', 'team/app')).toContain(keep);
    expect(api.requests).toContain('DELETE /orgs/acme/packages/container/team%2Fapp/versions/1151');
  });

  it('finds a user package when the owner is not an organisation', async () => {
    await remove('someone', 'app', 'can-delete');
    expect(api.versions('someone', 'app')).toEqual([]);
  });

  it('says the token needs delete:packages when it cannot delete', async () => {
    await expect(remove('acme', 'team/app', 'read-only')).rejects.toThrow(/403.*delete:packages/);
    expect(api.versions('acme', 'team/app')).toContain(digest);
  });

  it('turns a token that cannot delete into a warning, not a failed promotion', async () => {
    const image = await writeImageLayout(join(dir, 'ghcr-build'), '1.0', [
      { architecture: 'amd64', layers: [{ files: { a: 'ghcr' } }] },
    ]);
    await copyImage({
      source: new OciLayoutRepository(join(dir, 'ghcr-build')),
      sourceRef: '1.0',
      destination: quarantine,
      destinationTag: '1.0',
    });
    await scanRecord(image.digest, 'pass');
    const result = await promoteImage(
      options({
        sourceTag: '1.0',
        deleteSource: () =>
          deleteGithubPackageVersion({
            apiUrl: api.url,
            token: 'read-only',
            owner: 'acme',
            packageName: 'team/app',
            digest,
          }),
      }),
    );
    expect(result.promoted).toBe(true);
    expect(result.sourceDeleted).toBe(false);
    expect(result.warnings.join()).toMatch(/delete:packages/);
  });
});
