// Verifying an image's signatures, in both of cosign's layouts, against a Sigstore trusted root: the
// v3 bundle referrer (a DSSE statement `https://sigstore.dev/cosign/sign/v1` about the digest) and the
// legacy `sha256-<hex>.sig` tag (each layer rebuilt into a bundle and checked by the same verifier).

import { readFileSync } from 'node:fs';
import { bundleFromJSON } from '@sigstore/bundle';
import { X509Certificate } from '@sigstore/core';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { ConfigurationError, errorMessage } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { readBlobBounded } from '../oci/blob-streams.ts';
import { isIndexMediaType, type Descriptor, type Repository } from '../oci/types.ts';
import type { RecordVerifier, SignerIdentity, VerifiedEnvelope } from '../records/record.ts';
import { isPullRequestRef } from '../records/identity.ts';
import { inTotoPayloadType, isStatementAbout } from '../records/statement.ts';
import {
  bundleFromCosignLayer,
  derToPem,
  cosignSignPredicateType,
  parseSimpleSigning,
  readCosignSignatures,
  signatureTag,
  simpleSigningType,
} from './cosign.ts';
import { parseTrustedRoot, signerIdentity } from './verify.ts';

/** What witnessed a signature: a transparency log entry (its index), an RFC 3161 timestamp, or both. */
export interface SignatureEvidence {
  tlog: boolean;
  timestamp: boolean;
  logIndex?: string;
}

export interface VerifiedBundle {
  signer: SignerIdentity;
  evidence: SignatureEvidence;
}

/**
 * One verifier for every bundle: the certificate chains to the root's CA (with an SCT where the root
 * has CT logs), the signature covers the content, every log entry is included and matches, and there
 * is at least one trusted time (a log entry's or a timestamp authority's). A public-good signature
 * carries a log entry; one from GitHub's instance a timestamp.
 */
export class SigstoreVerifier implements RecordVerifier {
  private readonly verifier: Verifier;

  constructor(trustedRoot: TrustedRoot) {
    this.verifier = new Verifier(toTrustMaterial(trustedRoot), {
      tlogThreshold: 0,
      ctlogThreshold: trustedRoot.ctlogs.length > 0 ? 1 : 0,
      timestampThreshold: 1,
    });
  }

  /** Verifies a bundle (its JSON form); `artifact` is the signed bytes of a message signature. */
  verify(bundle: unknown, artifact?: Buffer): VerifiedBundle {
    const parsed = bundleFromJSON(bundle);
    const signer = this.verifier.verify(toSignedEntity(parsed, artifact));
    const material = parsed.verificationMaterial;
    const entry = material.tlogEntries[0];
    return {
      signer: signerIdentity(signer),
      evidence: {
        tlog: material.tlogEntries.length > 0,
        timestamp: (material.timestampVerificationData?.rfc3161Timestamps.length ?? 0) > 0,
        ...(entry ? { logIndex: entry.logIndex } : {}),
      },
    };
  }

  async verifyDsse(bundle: unknown): Promise<VerifiedEnvelope> {
    const { signer } = this.verify(bundle);
    const envelope = (bundle as { dsseEnvelope?: { payload?: unknown; payloadType?: unknown } }).dsseEnvelope;
    if (typeof envelope?.payload !== 'string' || typeof envelope.payloadType !== 'string') {
      throw new Error('the bundle holds no DSSE envelope');
    }
    return { payload: Buffer.from(envelope.payload, 'base64'), payloadType: envelope.payloadType, signer };
  }
}

/**
 * The trusted root to verify with: the file given (`trusted-root`, for GitHub's instance or a private
 * Sigstore), else the public-good instance's, through Sigstore's TUF repository.
 */
export async function loadTrustedRoot(
  options: { path?: string; tufCachePath?: string; inputName?: string } = {},
): Promise<TrustedRoot> {
  if (options.path) {
    try {
      return parseTrustedRoot(JSON.parse(readFileSync(options.path, 'utf8')));
    } catch (error) {
      throw new ConfigurationError(
        `input '${options.inputName ?? 'trusted-root'}': cannot read a Sigstore trusted root from ` +
          `'${options.path}' (${errorMessage(error)}); give a trusted_root.json file`,
      );
    }
  }
  const { getTrustedRoot } = await import('@sigstore/tuf');
  return getTrustedRoot(options.tufCachePath ? { cachePath: options.tufCachePath } : {});
}

/**
 * The CA chain above the leaf (PEM, intermediate first), from the trusted root's certificate authority
 * valid now: what Fulcio returns after the leaf, and what cosign writes in the chain annotation.
 */
export function chainFromTrustedRoot(trustedRoot: TrustedRoot, now = new Date()): string | undefined {
  const valid = trustedRoot.certificateAuthorities.filter((authority) => {
    const start = authority.validFor?.start?.getTime() ?? 0;
    const end = authority.validFor?.end?.getTime() ?? Number.POSITIVE_INFINITY;
    return start <= now.getTime() && now.getTime() <= end;
  });
  const certificates = valid.at(-1)?.certChain?.certificates ?? [];
  if (certificates.length === 0) return undefined;
  return certificates
    .map((certificate) => derToPem(Buffer.from(certificate.rawBytes).toString('base64')))
    .join('');
}

// ---- finding and checking an image's signatures ---------------------------------------------------

export type SignatureLayout = 'bundle' | 'legacy';

export interface FoundSignature {
  layout: SignatureLayout;
  /** What identifies it: the referrer manifest's digest, or the `.sig` layer's signature (base64). */
  id: string;
  /** The referrer manifest, or `<repo>:sha256-<hex>.sig` layer N. */
  location: string;
  valid: boolean;
  /** Why it is not valid. */
  problem?: string;
  signer?: SignerIdentity;
  evidence?: SignatureEvidence;
  /** The legacy payload's `docker-reference`. */
  dockerReference?: string;
  /** Annotations signed into the payload. */
  annotations?: Record<string, unknown>;
}

export interface FindSignaturesOptions {
  repository: Repository;
  /** The repository's name (`registry/path`), compared with a legacy payload's docker-reference. */
  repositoryName: string;
  digest: string;
  verifier: SigstoreVerifier;
  logger: Logger;
  /** Which layouts to look in; both by default. */
  layouts?: SignatureLayout[];
}

const maxBundleBytes = 4 * 1024 * 1024;

/** Every signature of a digest in either layout, each verified (cryptography only: no identity yet). */
export async function findImageSignatures(options: FindSignaturesOptions): Promise<FoundSignature[]> {
  const { repository, digest, verifier, logger } = options;
  const layouts = options.layouts ?? ['bundle', 'legacy'];
  const found: FoundSignature[] = [];

  if (layouts.includes('bundle')) {
    // Classified by content, not by what the referrer list says of them (anyone who can push may edit
    // the `sha256-<hex>` index that lists them): every manifest is read, its bundle's statement decides.
    const referrers = await repository.referrers(digest);
    const seen = new Set<string>();
    for (const referrer of referrers) {
      if (seen.has(referrer.digest) || isIndexMediaType(referrer.mediaType)) continue;
      seen.add(referrer.digest);
      const result = await checkBundleReferrer(repository, referrer, digest, verifier, logger).catch(
        (error: unknown) => {
          logger.debug(`referrer ${referrer.digest} could not be read: ${errorMessage(error)}`);
          return undefined;
        },
      );
      if (result) found.push(result);
    }
  }

  if (layouts.includes('legacy')) {
    const image = await readCosignSignatures(repository, digest);
    const tag = `${repository.display}:${signatureTag(digest)}`;
    image?.layers.forEach((layer, index) => {
      const location = `${tag} layer ${index + 1}`;
      const id = layer.annotations['dev.cosignproject.cosign/signature'] ?? layer.descriptor.digest;
      const payload = parseSimpleSigning(layer.payload);
      if (!payload || payload.critical.type !== simpleSigningType) {
        found.push({
          layout: 'legacy',
          id,
          location,
          valid: false,
          problem: 'the layer is not a simple-signing payload',
        });
        return;
      }
      const base = {
        layout: 'legacy' as const,
        id,
        location,
        dockerReference: payload.critical.identity['docker-reference'],
        ...(payload.optional ? { annotations: payload.optional } : {}),
      };
      const signed = payload.critical.image['docker-manifest-digest'];
      if (signed !== digest) {
        found.push({ ...base, valid: false, problem: `the payload signs another digest (${signed})` });
        return;
      }
      try {
        const bundle = bundleFromCosignLayer(layer.payload, layer.annotations);
        const verified = verifier.verify(bundle, layer.payload);
        found.push({ ...base, valid: true, signer: verified.signer, evidence: verified.evidence });
      } catch (error) {
        found.push({ ...base, valid: false, problem: verificationProblem(error) });
      }
    });
  }
  return found;
}

async function checkBundleReferrer(
  repository: Repository,
  referrer: Descriptor,
  digest: string,
  verifier: SigstoreVerifier,
  logger: Logger,
): Promise<FoundSignature | undefined> {
  const location = `${repository.display}@${referrer.digest}`;
  const base = { layout: 'bundle' as const, id: referrer.digest, location };
  const { manifest } = await repository.getManifest(referrer.digest);
  const layer = 'layers' in manifest ? manifest.layers[0] : undefined;
  if (!layer || layer.size > maxBundleBytes) return undefined;
  const bytes = await readBlobBounded(repository, layer, maxBundleBytes, 'Sigstore bundle');
  let bundle: unknown;
  try {
    bundle = JSON.parse(bytes.toString('utf8'));
  } catch {
    logger.debug(`referrer ${referrer.digest} holds no JSON bundle; skipped`);
    return undefined;
  }
  const envelope = (bundle as { dsseEnvelope?: { payload?: unknown; payloadType?: unknown } }).dsseEnvelope;
  if (typeof envelope?.payload !== 'string') return undefined;
  // What the statement says decides what it is, read from the envelope itself: checked once verified.
  const claimed = parseJson(Buffer.from(envelope.payload, 'base64'));
  if ((claimed as { predicateType?: unknown } | undefined)?.predicateType !== cosignSignPredicateType) {
    return undefined;
  }
  try {
    const verified = verifier.verify(bundle);
    if (envelope.payloadType !== inTotoPayloadType) {
      return { ...base, valid: false, problem: `payload type ${String(envelope.payloadType)}` };
    }
    if (!isStatementAbout(claimed, digest)) {
      return { ...base, valid: false, problem: 'the statement is about another digest' };
    }
    const subject = (claimed as { subject: { annotations?: Record<string, unknown> }[] }).subject[0];
    return {
      ...base,
      valid: true,
      signer: verified.signer,
      evidence: verified.evidence,
      ...(subject?.annotations ? { annotations: subject.annotations } : {}),
    };
  } catch (error) {
    return { ...base, valid: false, problem: verificationProblem(error) };
  }
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

function verificationProblem(error: unknown): string {
  const message = errorMessage(error);
  return /certificate|chain|root|CA/i.test(message)
    ? `${message} (not signed under the trusted root: if another Sigstore instance signed it, give its trusted root in 'trusted-root')`
    : message;
}

// ---- identity --------------------------------------------------------------------------------------

export interface SignatureIdentityPolicy {
  /** The certificate identity, exactly. */
  identity?: string;
  /** A regular expression the identity must match (unanchored, as cosign's). */
  identityRegexp?: RegExp;
  /** The OIDC issuer, exactly. */
  issuer?: string;
}

/** Whether a certificate identity is a pull request's workflow run, which is never trusted. */
export function isPullRequestIdentity(identity: string): boolean {
  return isPullRequestRef(identity);
}

/**
 * Whether a signer's identity is the one asked for (the issuer is checked apart). A pull request's run
 * never is: its identity names `refs/pull/…`, or, for a reusable workflow it called, the certificate's
 * source ref does (`sourceRef`, where the verifier reads it).
 */
export function identityMatchesPolicy(
  policy: SignatureIdentityPolicy,
  signer: SignerIdentity | string,
): boolean {
  const identity = typeof signer === 'string' ? signer : signer.subjectAlternativeName;
  const sourceRef = typeof signer === 'string' ? undefined : (signer as { sourceRef?: string }).sourceRef;
  if (isPullRequestIdentity(identity) || (sourceRef !== undefined && isPullRequestIdentity(sourceRef))) {
    return false;
  }
  if (policy.identity !== undefined && identity !== policy.identity) return false;
  if (policy.identityRegexp && !policy.identityRegexp.test(identity)) return false;
  return true;
}

/** docker.io's spellings, so that `index.docker.io/x` and `docker.io/x` are the same repository. */
export function normalizeRepositoryName(name: string): string {
  return name
    .replace(/^(index\.docker\.io|registry-1\.docker\.io)\//, 'docker.io/')
    .replace(/^docker\.io\/([^/]+)$/, 'docker.io/library/$1');
}

/**
 * The identity a bundle's certificate names, read without verifying it (for outputs and messages only):
 * its subject alternative name and the OIDC issuer extension (Fulcio's v2 OID, else the v1 one).
 */
export function bundleCertificateIdentity(bundle: object): SignerIdentity | undefined {
  const material = (
    bundle as {
      verificationMaterial?: {
        certificate?: { rawBytes?: string };
        x509CertificateChain?: { certificates?: { rawBytes?: string }[] };
      };
    }
  ).verificationMaterial;
  const raw = material?.certificate?.rawBytes ?? material?.x509CertificateChain?.certificates?.[0]?.rawBytes;
  if (!raw) return undefined;
  try {
    const certificate = X509Certificate.parse(Buffer.from(raw, 'base64'));
    const v2 = certificate.extension('1.3.6.1.4.1.57264.1.8')?.value;
    const v1 = certificate.extension('1.3.6.1.4.1.57264.1.1')?.value;
    // The v2 extension is a DER UTF8String; the v1 one the bare string.
    const issuer =
      v2 && v2[0] === 0x0c && v2[1]! < 0x80 ? v2.subarray(2).toString('utf8') : v1?.toString('utf8');
    return { subjectAlternativeName: certificate.subjectAltName ?? '', ...(issuer ? { issuer } : {}) };
  } catch {
    return undefined;
  }
}
