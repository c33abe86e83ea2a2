import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SigstoreStack, writeImageLayout } from '@airlock/testkit';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../src/logger.ts';
import { OciLayoutRepository } from '../src/oci/layout.ts';
import { MediaType, type Descriptor } from '../src/oci/types.ts';
import { readRecords, writeRecord } from '../src/records/record.ts';
import {
  PredicateType,
  acquisitionStatement,
  promotionStatement,
  type AcquisitionPredicate,
} from '../src/records/statement.ts';
import { BundleVerifier, KeylessSigner, parseTrustedRoot } from '../src/sigstore/index.ts';

// Records written on an image and read back: plain statements and Sigstore bundles signed by the loopback
// Sigstore stack, in an OCI image layout (the same Repository interface a registry implements).

let stack: SigstoreStack;
let dir: string;
let repository: OciLayoutRepository;
let subject: Descriptor;

beforeAll(async () => {
  stack = await SigstoreStack.start();
  dir = mkdtempSync(join(tmpdir(), 'airlock-records-'));
  const built = await writeImageLayout(join(dir, 'image'), 'v1', [
    { architecture: 'amd64', layers: [{ files: { 'hello.txt': 'hello' } }] },
  ]);
  repository = new OciLayoutRepository(join(dir, 'image'));
  subject = (await repository.resolve(built.digest))!;
});
afterAll(async () => {
  await stack.stop();
  rmSync(dir, { recursive: true, force: true });
});

const signer = (workflowRef?: string): KeylessSigner => stack.signer(workflowRef);

const verifier = () =>
  new BundleVerifier(parseTrustedRoot(JSON.parse(readFileSync(stack.trustedRootPath, 'utf8'))));

const acquisition = (source: string): AcquisitionPredicate => ({
  source,
  sourceDigest: `sha256:${'d'.repeat(64)}`,
  acquiredAt: '2026-11-23T10:00:00.000Z',
  runUrl: 'https://github.com/example/app/actions/runs/1',
});

describe('records', () => {
  it('writes an unsigned statement as an in-toto artifact referrer and reads it back', async () => {
    const statement = acquisitionStatement(
      'r/app',
      subject.digest,
      acquisition('docker.io/library/alpine:3'),
    );
    const written = await writeRecord({ repository, subject, statement, logger: silentLogger });
    expect(written.signed).toBe(false);

    const { manifest } = await repository.getManifest(written.descriptor.digest);
    expect(manifest).toMatchObject({
      artifactType: MediaType.inToto,
      config: { mediaType: MediaType.ociEmpty, size: 2 },
      layers: [{ mediaType: MediaType.inToto }],
      subject: { digest: subject.digest },
      annotations: { 'in-toto.io/predicate-type': PredicateType.acquisition },
    });

    const records = await readRecords<AcquisitionPredicate>({
      repository,
      digest: subject.digest,
      predicateType: PredicateType.acquisition,
      logger: silentLogger,
    });
    expect(records).toHaveLength(1);
    expect(records[0]!.signature).toBe('none');
    expect(records[0]!.statement).toEqual(statement);
    expect(records[0]!.created).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('writes a signed record as a Sigstore bundle that verifies, with the signer identity', async () => {
    const statement = promotionStatement('r/app', subject.digest, {
      from: `q/app@${subject.digest}`,
      to: `r/app@${subject.digest}`,
      tags: ['1.0'],
      promotedAt: '2026-11-23T11:00:00.000Z',
    });
    const written = await writeRecord({
      repository,
      subject,
      statement,
      signer: signer(),
      logger: silentLogger,
    });
    expect(written.signed).toBe(true);
    const { manifest } = await repository.getManifest(written.descriptor.digest);
    expect(manifest).toMatchObject({
      artifactType: MediaType.sigstoreBundle,
      layers: [{ mediaType: MediaType.sigstoreBundle }],
      annotations: {
        'dev.sigstore.bundle.content': 'dsse-envelope',
        'dev.sigstore.bundle.predicateType': PredicateType.promotion,
      },
    });
    expect(written.bundle).toMatchObject({ mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json' });

    const records = await readRecords({
      repository,
      digest: subject.digest,
      predicateType: PredicateType.promotion,
      verifier: verifier(),
      logger: silentLogger,
    });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      signature: 'verified',
      signer: {
        subjectAlternativeName: stack.identityOf(),
        issuer: 'https://token.actions.githubusercontent.com',
      },
      statement,
    });

    // Read without a verifier, it says what it holds but not that it is trusted.
    const unverified = await readRecords({
      repository,
      digest: subject.digest,
      predicateType: PredicateType.promotion,
      logger: silentLogger,
    });
    expect(unverified[0]!.signature).toBe('unverified');
    expect(unverified[0]!.signer).toBeUndefined();
  });

  it('reports a signed record that does not verify against the trust root as invalid', async () => {
    const other = await SigstoreStack.start();
    try {
      const records = await readRecords({
        repository,
        digest: subject.digest,
        predicateType: PredicateType.promotion,
        verifier: new BundleVerifier(parseTrustedRoot(other.trustedRoot)),
        logger: silentLogger,
      });
      expect(records[0]!.signature).toBe('invalid');
      expect(records[0]!.problem).toBeTruthy();
    } finally {
      await other.stop();
    }
  });

  it('keeps predicate types apart and skips statements about another digest', async () => {
    const elsewhere = acquisitionStatement(
      'r/app',
      `sha256:${'e'.repeat(64)}`,
      acquisition('docker.io/library/busybox'),
    );
    await writeRecord({ repository, subject, statement: elsewhere, logger: silentLogger });
    const acquisitions = await readRecords({
      repository,
      digest: subject.digest,
      predicateType: PredicateType.acquisition,
      logger: silentLogger,
    });
    expect(acquisitions.map((record) => (record.statement.predicate as AcquisitionPredicate).source)).toEqual(
      ['docker.io/library/alpine:3'],
    );
  });
});
