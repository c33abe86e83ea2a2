import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { writeImageLayout } from '@airlock/testkit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordingLogger } from '../src/logger.ts';
import { copyImage } from '../src/oci/copy.ts';
import { OciLayoutRepository } from '../src/oci/layout.ts';
import { claimedAirlockRecord, copyReferrers } from '../src/oci/referrers.ts';
import { checkGate } from '../src/records/gate.ts';
import { readRecords, writeRecord } from '../src/records/record.ts';
import { PredicateType, buildStatement, subjectOf } from '../src/records/statement.ts';

// Records that arrive with an image are never ours: copying referrers leaves airlock scan and promotion
// records behind (judged by content), and the gate reads what remains by content too.

let dir: string;
let upstream: OciLayoutRepository;
let quarantine: OciLayoutRepository;
let logger: RecordingLogger;
let digest: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'airlock-upstream-'));
  const built = await writeImageLayout(join(dir, 'build'), 'src', [
    { architecture: 'amd64', layers: [{ files: { 'app/id': 'upstream' } }] },
  ]);
  digest = built.digest;
  upstream = new OciLayoutRepository(join(dir, 'upstream'));
  quarantine = new OciLayoutRepository(join(dir, 'quarantine'));
  logger = new RecordingLogger();
  await copyImage({
    source: new OciLayoutRepository(join(dir, 'build')),
    sourceRef: 'src',
    destination: upstream,
    destinationTag: 'src',
  });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function attach(predicateType: string, predicate: object, name = 'q/app'): Promise<string> {
  const written = await writeRecord({
    repository: upstream,
    subject: (await upstream.resolve(digest))!,
    statement: buildStatement(subjectOf(name, digest), predicateType, predicate),
    logger,
  });
  return written.descriptor.digest;
}

describe('records from upstream', () => {
  it('are not copied when they claim to be scan or promotion records; other referrers are', async () => {
    const scan = await attach(PredicateType.vulnerability, {
      scanner: { result: { verdict: 'pass', covers: [digest] } },
      metadata: { scanFinishedOn: '2099-01-01T00:00:00Z' },
    });
    const promotion = await attach(PredicateType.promotion, { from: 'x', to: 'y', tags: [], promotedAt: '' });
    const sbom = await attach('https://cyclonedx.org/bom', { bomFormat: 'CycloneDX', components: [] });
    // An unsigned statement naming the destination: it claims to have been written for us.
    const forged = await attach('https://cyclonedx.org/bom', { components: [] }, quarantine.display);
    expect(await claimedAirlockRecord(upstream, (await upstream.resolve(scan))!)).toMatch(
      /airlock scan record/,
    );

    await copyImage({ source: upstream, sourceRef: digest, destination: quarantine });
    const copied = await copyReferrers({
      source: upstream,
      destination: quarantine,
      digests: [digest],
      logger,
    });
    expect(copied.map((entry) => entry.digest)).toEqual([sbom]);
    expect(logger.lines.join('\n')).toContain(`${scan} of ${digest} not copied`);
    expect(logger.lines.join('\n')).toContain(`${promotion} of ${digest} not copied`);
    expect(logger.lines.join('\n')).toContain(
      `${forged} of ${digest} not copied: it is an unsigned statement`,
    );

    const gate = await checkGate({
      repository: quarantine,
      digest,
      policy: {
        identities: [],
        maxAgeMs: 86_400_000,
        requireSigned: false,
        repositoryName: 'q/app',
        now: new Date(),
      },
      logger,
    });
    expect(gate.reason).toBe('no-verdict');

    // promote copies its own records on: they are ours by then.
    const kept = await copyReferrers({
      source: upstream,
      destination: new OciLayoutRepository(join(dir, 'trusted')),
      digests: [digest],
      keepAirlockRecords: true,
      logger,
    });
    expect(kept.map((entry) => entry.digest).sort()).toEqual([scan, promotion, sbom, forged].sort());
  });

  it('are classified by content: every predicate type is read from the statement', async () => {
    const sbom = await attach('https://cyclonedx.org/bom', { components: [] });
    const all = await readRecords({ repository: upstream, digest, logger });
    expect(all.map((record) => [record.descriptor.digest, record.statement.predicateType])).toEqual([
      [sbom, 'https://cyclonedx.org/bom'],
    ]);
  });
});
