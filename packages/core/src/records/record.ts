// Records are in-toto statements stored as OCI referrers of the image digest they are about, so that any
// later step, workflow or admission controller reads them back from the registry itself.
//
// Unsigned: an OCI artifact manifest, artifactType `application/vnd.in-toto+json`, the empty config, one
// layer holding the statement. Signed: the same shape holding a Sigstore bundle v0.3 whose DSSE envelope
// carries the statement, annotated as cosign does (`dev.sigstore.bundle.content: dsse-envelope`,
// `dev.sigstore.bundle.predicateType`), so cosign, Kyverno and `gh attestation verify` read it too.

import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Logger } from '../logger.ts';
import {
  MediaType,
  isIndexMediaType,
  type Descriptor,
  type ImageManifest,
  type Repository,
} from '../oci/types.ts';
import { readBlobBounded } from '../oci/blob-streams.ts';
import { readLimits } from '../oci/limits.ts';
import { attachReferrer } from '../oci/referrers.ts';
import { inTotoPayloadType, isStatementAbout, type Statement } from './statement.ts';

export const RecordAnnotation = {
  created: 'org.opencontainers.image.created',
  /** On unsigned records: the statement's predicate type, so readers can filter without fetching. */
  predicateType: 'in-toto.io/predicate-type',
  bundleContent: 'dev.sigstore.bundle.content',
  bundlePredicateType: 'dev.sigstore.bundle.predicateType',
} as const;

const emptyConfig = Buffer.from('{}');
const emptyConfigDescriptor: Descriptor = {
  mediaType: MediaType.ociEmpty,
  digest: sha256(emptyConfig),
  size: emptyConfig.length,
};

/** Records bigger than this are not read (a scan record with every finding stays far below it). */
const maxRecordBytes = 64 * 1024 * 1024;

/** Who signed a record, as its Fulcio certificate says. */
export interface SignerIdentity {
  /** The certificate's subject alternative name: for GitHub, the workflow file URI with its ref. */
  subjectAlternativeName: string;
  /** The OIDC issuer that vouched for it (`https://token.actions.githubusercontent.com`). */
  issuer?: string;
  /** The ref the signing run was for (Fulcio's Source Repository Ref extension), when the certificate has it. */
  sourceRef?: string;
}

/** Signs a payload into a Sigstore bundle (its JSON form) holding a DSSE envelope. */
export interface RecordSigner {
  signDsse(payload: Buffer, payloadType: string): Promise<object>;
}

export interface VerifiedEnvelope {
  payload: Buffer;
  payloadType: string;
  signer: SignerIdentity;
}

/** Verifies a Sigstore bundle (its JSON form) against a trust root; throws when it does not verify. */
export interface RecordVerifier {
  verifyDsse(bundle: unknown): Promise<VerifiedEnvelope>;
}

export interface WriteRecordOptions {
  repository: Repository;
  /** The image the statement is about: the referrer's subject. */
  subject: Descriptor;
  statement: Statement;
  /** Given when the job has an OIDC identity: the record is then a signed Sigstore bundle. */
  signer?: RecordSigner;
  logger: Logger;
  /** The creation time written in the annotations; now by default. */
  created?: Date;
}

export interface WrittenRecord {
  /** The referrer manifest. */
  descriptor: Descriptor;
  signed: boolean;
  /** The bundle written, when signed. */
  bundle?: object;
}

/** Writes a statement as a referrer of `subject`: blobs first, then the manifest through attachReferrer. */
export async function writeRecord(options: WriteRecordOptions): Promise<WrittenRecord> {
  const { repository, subject, statement, signer, logger } = options;
  const created = (options.created ?? new Date()).toISOString();
  const statementBytes = Buffer.from(JSON.stringify(statement));
  let layerBytes: Buffer;
  let artifactType: string;
  let annotations: Record<string, string>;
  let bundle: object | undefined;
  if (signer) {
    bundle = await signer.signDsse(statementBytes, inTotoPayloadType);
    layerBytes = Buffer.from(JSON.stringify(bundle));
    artifactType = MediaType.sigstoreBundle;
    annotations = {
      [RecordAnnotation.bundleContent]: 'dsse-envelope',
      [RecordAnnotation.bundlePredicateType]: statement.predicateType,
      [RecordAnnotation.created]: created,
    };
  } else {
    layerBytes = statementBytes;
    artifactType = MediaType.inToto;
    annotations = {
      [RecordAnnotation.predicateType]: statement.predicateType,
      [RecordAnnotation.created]: created,
    };
  }
  const layer: Descriptor = { mediaType: artifactType, digest: sha256(layerBytes), size: layerBytes.length };
  await putBlobOnce(repository, emptyConfigDescriptor, emptyConfig);
  await putBlobOnce(repository, layer, layerBytes);
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    artifactType,
    config: emptyConfigDescriptor,
    layers: [layer],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    annotations,
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  await attachReferrer(repository, subject, manifestBytes, MediaType.ociManifest);
  const descriptor: Descriptor = {
    mediaType: MediaType.ociManifest,
    digest: sha256(manifestBytes),
    size: manifestBytes.length,
    artifactType,
    annotations,
  };
  logger.info(
    `wrote ${signer ? 'signed' : 'unsigned'} ${statement.predicateType} record ${descriptor.digest} ` +
      `on ${repository.display}@${subject.digest}`,
  );
  return { descriptor, signed: signer !== undefined, ...(bundle ? { bundle } : {}) };
}

/**
 * How far a record can be trusted: `none` (unsigned), `verified` (its signature verified against the trust
 * root, `signer` says who), `invalid` (signed, but the signature does not verify: `problem` says why), or
 * `unverified` (signed, read without a verifier).
 */
export type RecordSignature = 'none' | 'verified' | 'invalid' | 'unverified';

export interface StoredRecord<Predicate = unknown> {
  /** The referrer manifest that holds the record. */
  descriptor: Descriptor;
  statement: Statement<Predicate>;
  /** The creation time annotation, when there is one. */
  created?: string;
  signature: RecordSignature;
  signer?: SignerIdentity;
  problem?: string;
}

export interface ReadRecordsOptions {
  repository: Repository;
  /** The image digest whose records to read. */
  digest: string;
  /** Only statements of this predicate type (read from the statement itself); every type when undefined. */
  predicateType?: string;
  /** Verifies signed records; without one they are returned as `unverified`. */
  verifier?: RecordVerifier;
  logger: Logger;
}

/** Referrer manifests that can hold a record: image manifests (an index holds no layer). */
function couldBeRecord(referrer: Descriptor): boolean {
  return !isIndexMediaType(referrer.mediaType);
}

/**
 * The records attached to a digest, newest first by their creation annotation. Every referrer manifest
 * that could hold a record is fetched and classified by its own content (the statement, or the DSSE
 * payload of a Sigstore bundle); what the referrer list says of it (artifactType, annotations) is never
 * used, since anyone who can push may edit the `sha256-<hex>` index that lists them. Referrers that are
 * not records, or whose statement is about another digest, are skipped with a debug line.
 */
export async function readRecords<Predicate = unknown>(
  options: ReadRecordsOptions,
): Promise<StoredRecord<Predicate>[]> {
  const { repository, digest, predicateType, verifier, logger } = options;
  const referrers = await repository.referrers(digest);
  const records: StoredRecord<Predicate>[] = [];
  const seen = new Set<string>();
  for (const referrer of referrers) {
    if (seen.has(referrer.digest) || !couldBeRecord(referrer)) continue;
    seen.add(referrer.digest);
    const record = await readRecord<Predicate>(repository, referrer, digest, verifier, logger).catch(
      (error: unknown) => {
        logger.debug(`referrer ${referrer.digest} could not be read as a record: ${String(error)}`);
        return undefined;
      },
    );
    if (record && (predicateType === undefined || record.statement.predicateType === predicateType))
      records.push(record);
  }
  return records.sort((a, b) => (b.created ?? '').localeCompare(a.created ?? ''));
}

/** What a referrer holds, by its content: a plain statement, a Sigstore bundle, or neither. */
type RecordContent = { kind: 'statement'; statement: unknown } | { kind: 'bundle'; bundle: unknown };

function classifyContent(bytes: Buffer): RecordContent | undefined {
  const json = parseJson(bytes);
  if (typeof json !== 'object' || json === null) return undefined;
  if ('dsseEnvelope' in json) return { kind: 'bundle', bundle: json };
  if ('_type' in json) return { kind: 'statement', statement: json };
  return undefined;
}

async function readRecord<Predicate>(
  repository: Repository,
  referrer: Descriptor,
  digest: string,
  verifier: RecordVerifier | undefined,
  logger: Logger,
): Promise<StoredRecord<Predicate> | undefined> {
  const { manifest } = await repository.getManifest(referrer.digest);
  const layer = 'layers' in manifest && manifest.layers.length === 1 ? manifest.layers[0] : undefined;
  if (!layer || layer.size > maxRecordBytes) {
    logger.debug(`referrer ${referrer.digest} holds no readable record; skipped`);
    return undefined;
  }
  const created = manifest.annotations?.[RecordAnnotation.created];
  const content = classifyContent(await readBlobBounded(repository, layer, readLimits.record, 'record'));
  const base = { descriptor: referrer, ...(created ? { created } : {}) };
  if (!content) return undefined;

  if (content.kind === 'statement') {
    if (!isStatementAbout(content.statement, digest)) {
      logger.debug(`referrer ${referrer.digest} is not a statement about ${digest}; skipped`);
      return undefined;
    }
    return { ...base, statement: content.statement as Statement<Predicate>, signature: 'none' };
  }

  const bundle = content.bundle;
  let payload: Buffer | undefined;
  let signature: RecordSignature = 'unverified';
  let signer: SignerIdentity | undefined;
  let problem: string | undefined;
  if (verifier) {
    try {
      const verified = await verifier.verifyDsse(bundle);
      if (verified.payloadType !== inTotoPayloadType) throw new Error(`payload type ${verified.payloadType}`);
      payload = verified.payload;
      signature = 'verified';
      signer = verified.signer;
    } catch (error) {
      signature = 'invalid';
      problem = error instanceof Error ? error.message : String(error);
    }
  }
  payload ??= envelopePayload(bundle);
  const statement = payload ? parseJson(payload) : undefined;
  if (!isStatementAbout(statement, digest)) {
    logger.debug(`referrer ${referrer.digest} is not a signed statement about ${digest}; skipped`);
    return undefined;
  }
  return {
    ...base,
    statement: statement as Statement<Predicate>,
    signature,
    ...(signer ? { signer } : {}),
    ...(problem ? { problem } : {}),
  };
}

/** The DSSE payload of a bundle, unverified: for reading what a record says, never for trusting it. */
function envelopePayload(bundle: unknown): Buffer | undefined {
  const envelope = (bundle as { dsseEnvelope?: { payload?: unknown } } | undefined)?.dsseEnvelope;
  return typeof envelope?.payload === 'string' ? Buffer.from(envelope.payload, 'base64') : undefined;
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

async function putBlobOnce(repository: Repository, descriptor: Descriptor, bytes: Buffer): Promise<void> {
  if (await repository.hasBlob(descriptor.digest)) return;
  // A function, not a stream: the registry can send these small bytes again after a transient failure.
  await repository.putBlob(descriptor, () => Readable.from([bytes]));
}

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
