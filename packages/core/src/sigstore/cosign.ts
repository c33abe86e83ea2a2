// cosign's storage layouts for image signatures.
//
// Legacy (cosign v1/v2, what Kyverno, Connaisseur and policy-controller read): the tag
// `sha256-<hex>.sig` in the image's repository names an OCI image manifest whose layers are
// simple-signing payloads (`application/vnd.dev.cosign.simplesigning.v1+json`). The signature and its
// evidence are annotations of each layer: `dev.cosignproject.cosign/signature` (base64),
// `dev.sigstore.cosign/certificate` and `dev.sigstore.cosign/chain` (PEM), `dev.sigstore.cosign/bundle`
// (the Rekor entry: `{"SignedEntryTimestamp","Payload":{"body","integratedTime","logIndex","logID"}}`)
// and `dev.sigstore.cosign/rfc3161timestamp` (`{"SignedRFC3161Timestamp"}`). The config is the one
// go-containerregistry writes for an image built from nothing, which cosign pushes as it is.
//
// cosign v3: a Sigstore bundle v0.3 as an OCI referrer, its DSSE envelope holding an in-toto statement
// of predicate type `https://sigstore.dev/cosign/sign/v1` about the digest (written by writeRecord).

import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { RegistryError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { readBlobBounded } from '../oci/blob-streams.ts';
import type { ReferrerCapableRepository } from '../oci/referrers.ts';
import { MediaType, type Descriptor, type ImageManifest, type Repository } from '../oci/types.ts';
import { inTotoStatementType, type Statement } from '../records/statement.ts';

export const cosignSignPredicateType = 'https://sigstore.dev/cosign/sign/v1';
export const simpleSigningMediaType = 'application/vnd.dev.cosign.simplesigning.v1+json';
export const simpleSigningType = 'cosign container image signature';

export const CosignAnnotation = {
  signature: 'dev.cosignproject.cosign/signature',
  certificate: 'dev.sigstore.cosign/certificate',
  chain: 'dev.sigstore.cosign/chain',
  bundle: 'dev.sigstore.cosign/bundle',
  timestamp: 'dev.sigstore.cosign/rfc3161timestamp',
} as const;

/** Payloads bigger than this are not read, nor more layers than this. */
const maxSignatureBytes = 4 * 1024 * 1024;
const maxSignatureLayers = 256;

export interface SimpleSigningPayload {
  critical: {
    identity: { 'docker-reference': string };
    image: { 'docker-manifest-digest': string };
    type: string;
  };
  optional: Record<string, unknown> | null;
}

/** The `sha256-<hex>.sig` tag of a digest. */
export function signatureTag(digest: string): string {
  return `${digest.replace(':', '-')}.sig`;
}

/**
 * cosign's payload, byte for byte: `optional` is null without annotations, else the annotations with
 * their keys sorted (Go's JSON encoding of a map).
 */
export function simpleSigningPayload(
  dockerReference: string,
  digest: string,
  annotations: Record<string, string> = {},
): Buffer {
  const keys = Object.keys(annotations).sort();
  const optional = keys.length > 0 ? Object.fromEntries(keys.map((key) => [key, annotations[key]])) : null;
  const payload: SimpleSigningPayload = {
    critical: {
      identity: { 'docker-reference': dockerReference },
      image: { 'docker-manifest-digest': digest },
      type: simpleSigningType,
    },
    optional,
  };
  return Buffer.from(JSON.stringify(payload));
}

export function parseSimpleSigning(bytes: Buffer): SimpleSigningPayload | undefined {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  const candidate = value as Partial<SimpleSigningPayload> | null;
  const critical = candidate?.critical;
  if (
    typeof critical?.identity?.['docker-reference'] !== 'string' ||
    typeof critical.image?.['docker-manifest-digest'] !== 'string' ||
    typeof critical.type !== 'string'
  ) {
    return undefined;
  }
  return candidate as SimpleSigningPayload;
}

/** The `.sig` image's config as cosign writes it: one empty history entry per layer. */
export function cosignSignatureConfig(layerDigests: string[]): Buffer {
  const epoch = '0001-01-01T00:00:00Z';
  return Buffer.from(
    JSON.stringify({
      architecture: '',
      created: epoch,
      history: layerDigests.map(() => ({ created: epoch })),
      os: '',
      rootfs: { type: 'layers', diff_ids: layerDigests },
      config: {},
    }),
  );
}

/**
 * cosign v3's statement about an image: the subject has the digest (and the annotations the user
 * signs), no name; the predicate is empty.
 */
export function cosignSignStatement(digest: string, annotations: Record<string, string> = {}): Statement {
  const hex = /^sha256:([0-9a-f]{64})$/.exec(digest)?.[1];
  if (!hex) throw new Error(`a signature needs a sha256 digest, got '${digest}'`);
  const subject = {
    digest: { sha256: hex },
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
  // The in-toto v1 ResourceDescriptor's name is optional, and cosign leaves it out.
  return {
    _type: inTotoStatementType,
    subject: [subject as unknown as Statement['subject'][number]],
    predicateType: cosignSignPredicateType,
    predicate: {},
  };
}

// ---- bundle <-> layer annotations -------------------------------------------------------------------

/** The parts of a serialized Sigstore bundle (v0.1 to v0.3) that the `.sig` annotations carry. */
interface SerializedTlogEntry {
  logIndex: string;
  logId: { keyId: string };
  kindVersion: { kind: string; version: string };
  integratedTime: string;
  inclusionPromise?: { signedEntryTimestamp: string };
  canonicalizedBody: string;
}

interface SerializedMessageBundle {
  mediaType?: string;
  verificationMaterial?: {
    certificate?: { rawBytes: string };
    x509CertificateChain?: { certificates: { rawBytes: string }[] };
    tlogEntries?: SerializedTlogEntry[];
    timestampVerificationData?: { rfc3161Timestamps?: { signedTimestamp: string }[] };
  };
  messageSignature?: { messageDigest?: { algorithm: string; digest: string }; signature: string };
}

export function derToPem(base64Der: string): string {
  const lines = base64Der.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

export function pemToDerBase64(pem: string): string[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) =>
    block
      .replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
      .replace(/\s+/g, '')
      .trim(),
  );
}

/** The certificate PEM a hashedrekord entry holds (Rekor logs the PEM it was given, byte for byte). */
function loggedCertificatePem(canonicalizedBody: string): string | undefined {
  try {
    const body = JSON.parse(Buffer.from(canonicalizedBody, 'base64').toString('utf8')) as {
      spec?: { signature?: { publicKey?: { content?: unknown } } };
    };
    const content = body.spec?.signature?.publicKey?.content;
    return typeof content === 'string' ? Buffer.from(content, 'base64').toString('utf8') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The `.sig` layer annotations of a message-signature bundle. The certificate annotation is the PEM
 * Rekor logged (cosign compares the two byte for byte); `chainPem` is the CA chain above the leaf.
 */
export function cosignLayerAnnotations(bundle: object, chainPem?: string): Record<string, string> {
  const serialized = bundle as SerializedMessageBundle;
  const material = serialized.verificationMaterial;
  const signature = serialized.messageSignature?.signature;
  const leaf = material?.certificate?.rawBytes ?? material?.x509CertificateChain?.certificates[0]?.rawBytes;
  if (!signature || !leaf) throw new Error('the bundle holds no message signature with a certificate');
  const tlog = material?.tlogEntries?.[0];
  const annotations: Record<string, string> = {
    [CosignAnnotation.signature]: signature,
    [CosignAnnotation.certificate]: (tlog && loggedCertificatePem(tlog.canonicalizedBody)) ?? derToPem(leaf),
  };
  if (chainPem) annotations[CosignAnnotation.chain] = chainPem;
  if (tlog?.inclusionPromise) {
    annotations[CosignAnnotation.bundle] = JSON.stringify({
      SignedEntryTimestamp: tlog.inclusionPromise.signedEntryTimestamp,
      Payload: {
        body: tlog.canonicalizedBody,
        integratedTime: Number(tlog.integratedTime),
        logIndex: Number(tlog.logIndex),
        logID: Buffer.from(tlog.logId.keyId, 'base64').toString('hex'),
      },
    });
  }
  const timestamp = material?.timestampVerificationData?.rfc3161Timestamps?.[0]?.signedTimestamp;
  if (timestamp) {
    annotations[CosignAnnotation.timestamp] = JSON.stringify({ SignedRFC3161Timestamp: timestamp });
  }
  return annotations;
}

/** The Rekor log index a message-signature bundle's entry has, when it has one. */
export function bundleLogIndex(bundle: object): string | undefined {
  return (bundle as SerializedMessageBundle).verificationMaterial?.tlogEntries?.[0]?.logIndex;
}

/**
 * A Sigstore bundle (v0.1 JSON, which allows a log entry with only its signed promise) rebuilt from a
 * `.sig` layer, so that the one verifier checks both layouts.
 */
export function bundleFromCosignLayer(payload: Buffer, annotations: Record<string, string>): object {
  const signature = annotations[CosignAnnotation.signature];
  const certificate = annotations[CosignAnnotation.certificate];
  if (!signature) throw new Error(`the layer has no ${CosignAnnotation.signature} annotation`);
  if (!certificate) {
    throw new Error(`the layer has no ${CosignAnnotation.certificate} annotation (a keyed signature?)`);
  }
  const certificates = [
    ...pemToDerBase64(certificate),
    ...pemToDerBase64(annotations[CosignAnnotation.chain] ?? ''),
  ].map((rawBytes) => ({ rawBytes }));
  const tlogEntries: SerializedTlogEntry[] = [];
  const rekor = annotations[CosignAnnotation.bundle];
  if (rekor) {
    const parsed = JSON.parse(rekor) as {
      SignedEntryTimestamp?: string;
      Payload?: { body?: string; integratedTime?: number; logIndex?: number; logID?: string };
    };
    const body = parsed.Payload?.body;
    if (!body || !parsed.SignedEntryTimestamp || parsed.Payload?.logID === undefined) {
      throw new Error(`the ${CosignAnnotation.bundle} annotation is incomplete`);
    }
    const entry = JSON.parse(Buffer.from(body, 'base64').toString('utf8')) as {
      kind?: string;
      apiVersion?: string;
    };
    tlogEntries.push({
      logIndex: String(parsed.Payload?.logIndex ?? 0),
      logId: { keyId: Buffer.from(parsed.Payload.logID, 'hex').toString('base64') },
      kindVersion: { kind: entry.kind ?? '', version: entry.apiVersion ?? '' },
      integratedTime: String(parsed.Payload?.integratedTime ?? 0),
      inclusionPromise: { signedEntryTimestamp: parsed.SignedEntryTimestamp },
      canonicalizedBody: body,
    });
  }
  const timestamps: { signedTimestamp: string }[] = [];
  const rfc3161 = annotations[CosignAnnotation.timestamp];
  if (rfc3161) {
    const parsed = JSON.parse(rfc3161) as { SignedRFC3161Timestamp?: string };
    if (parsed.SignedRFC3161Timestamp) timestamps.push({ signedTimestamp: parsed.SignedRFC3161Timestamp });
  }
  return {
    mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
    verificationMaterial: {
      x509CertificateChain: { certificates },
      tlogEntries,
      timestampVerificationData: { rfc3161Timestamps: timestamps },
    },
    messageSignature: {
      messageDigest: {
        algorithm: 'SHA2_256',
        digest: createHash('sha256').update(payload).digest('base64'),
      },
      signature,
    },
  };
}

// ---- the .sig tag -------------------------------------------------------------------------------------

export interface CosignSignatureLayer {
  descriptor: Descriptor;
  payload: Buffer;
  annotations: Record<string, string>;
}

export interface CosignSignatureImage {
  /** The `.sig` manifest. */
  descriptor: Descriptor;
  layers: CosignSignatureLayer[];
}

/** The legacy signatures of a digest, or undefined when there is no `.sig` tag. */
export async function readCosignSignatures(
  repository: Repository,
  digest: string,
): Promise<CosignSignatureImage | undefined> {
  const tag = signatureTag(digest);
  if (!(await repository.resolve(tag))) return undefined;
  const { manifest, descriptor } = await repository.getManifest(tag);
  if (!('layers' in manifest))
    throw new RegistryError(`${repository.display}:${tag} is not an image manifest`);
  const layers: CosignSignatureLayer[] = [];
  for (const layer of manifest.layers.slice(0, maxSignatureLayers)) {
    if (layer.mediaType !== simpleSigningMediaType || layer.size > maxSignatureBytes) continue;
    layers.push({
      descriptor: layer,
      payload: await readBlobBounded(repository, layer, maxSignatureBytes, 'signature payload'),
      annotations: layer.annotations ?? {},
    });
  }
  return { descriptor, layers };
}

export interface AppendSignatureResult {
  /** The `.sig` manifest written. */
  descriptor: Descriptor;
  /** The layer that holds this signature. */
  layer: Descriptor;
  /** How many signatures the `.sig` holds now. */
  count: number;
}

/**
 * Appends one signature layer to the `.sig` of `digest`, keeping those already there: blobs first, then
 * the manifest under the tag, written only if the tag still names what was read (`If-Match`, where the
 * registry sends ETags); a lost race reads again and retries.
 */
export async function appendCosignSignature(
  repository: Repository,
  digest: string,
  payload: Buffer,
  annotations: Record<string, string>,
  logger: Logger,
): Promise<AppendSignatureResult> {
  const tag = signatureTag(digest);
  // Fields in the order cosign (go-containerregistry) writes them.
  const layer: Descriptor = {
    mediaType: simpleSigningMediaType,
    size: payload.length,
    digest: sha256(payload),
    annotations,
  };
  await putBlobOnce(repository, layer.digest, payload);
  const capable = repository as ReferrerCapableRepository;
  for (let attempt = 1; ; attempt++) {
    let layers: Descriptor[] = [];
    let etag: string | undefined;
    if (await repository.resolve(tag)) {
      const current = await capable.getManifest(tag);
      etag = current.etag;
      if ('layers' in current.manifest) layers = current.manifest.layers;
    }
    const kept = layers.filter(
      (existing) =>
        !(
          existing.digest === layer.digest &&
          existing.annotations?.[CosignAnnotation.signature] === annotations[CosignAnnotation.signature]
        ),
    );
    const all = [...kept, layer];
    const config = cosignSignatureConfig(all.map((entry) => entry.digest));
    const configDescriptor: Descriptor = {
      mediaType: MediaType.ociConfig,
      size: config.length,
      digest: sha256(config),
    };
    await putBlobOnce(repository, configDescriptor.digest, config);
    const manifest: ImageManifest = {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: configDescriptor,
      layers: all,
    };
    const bytes = Buffer.from(JSON.stringify(manifest));
    try {
      const descriptor = capable.putManifestWithResult
        ? (
            await capable.putManifestWithResult(bytes, MediaType.ociManifest, {
              tag,
              ...(etag ? { ifMatch: etag } : {}),
            })
          ).descriptor
        : await repository.putManifest(bytes, MediaType.ociManifest, tag);
      logger.info(
        `wrote ${repository.display}:${tag} (${all.length} signature${all.length === 1 ? '' : 's'})`,
      );
      return { descriptor, layer, count: all.length };
    } catch (error) {
      if ((error as Error).name === 'PreconditionFailedError' && attempt < 5) {
        logger.info(`${repository.display}:${tag} changed while it was written; reading it again`);
        continue;
      }
      throw error;
    }
  }
}

async function putBlobOnce(repository: Repository, digest: string, bytes: Buffer): Promise<void> {
  if (await repository.hasBlob(digest)) return;
  await repository.putBlob({ mediaType: 'application/octet-stream', digest, size: bytes.length }, () =>
    Readable.from([bytes]),
  );
}

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
