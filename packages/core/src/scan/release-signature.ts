import { createHash } from 'node:crypto';
import { bundleFromJSON, type SerializedBundle } from '@sigstore/bundle';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { createVerifier } from 'sigstore';
import { ConfigurationError, errorMessage } from '../errors.ts';
import type { SignerIdentity } from '../records/record.ts';
import { signerIdentity } from '../sigstore/verify.ts';

// Trivy signs each release file with cosign keyless (`cosign sign-blob`): `<file>.sig` (the signature,
// base64) and `<file>.pem` (the Fulcio certificate, base64 of PEM), with the entry in Rekor. The checksums
// file is verified this way before its checksums are trusted, so that a release whose files were swapped,
// checksums included, is refused: only Trivy's own release workflow can have signed it.

/** Who must have signed Trivy's releases: its release workflows, through GitHub's OIDC issuer. */
export const trivyReleaseIdentity = /^https:\/\/github\.com\/aquasecurity\/trivy\/\.github\/workflows\/.+$/;
export const githubOidcIssuer = 'https://token.actions.githubusercontent.com';
export const publicGoodRekorUrl = 'https://rekor.sigstore.dev';

/** Verifies a bundle over `data` against a trust root; returns who signed it. */
export type BlobBundleVerifier = (bundle: SerializedBundle, data: Buffer) => Promise<SignerIdentity>;

/** Against a given trusted root (GitHub's instance, an air-gapped mirror, a test stack). */
export function trustedRootBlobVerifier(trustedRoot: TrustedRoot): BlobBundleVerifier {
  const verifier = new Verifier(toTrustMaterial(trustedRoot), {
    tlogThreshold: 1,
    ctlogThreshold: trustedRoot.ctlogs.length > 0 ? 1 : 0,
    timestampThreshold: 1,
  });
  return async (bundle, data) =>
    signerIdentity(verifier.verify(toSignedEntity(bundleFromJSON(bundle), data)));
}

/** Against the public-good instance, its trusted root fetched through Sigstore's TUF repository. */
export function publicGoodBlobVerifier(tufCachePath?: string): BlobBundleVerifier {
  let verifier: ReturnType<typeof createVerifier> | undefined;
  return async (bundle, data) => {
    verifier ??= createVerifier(tufCachePath ? { tufCachePath } : {});
    return signerIdentity((await verifier).verify(bundle, data));
  };
}

export interface ReleaseSignatureOptions {
  /** The signed file (Trivy's checksums file). */
  content: Buffer;
  /** What `<file>.sig` holds. */
  signature: string;
  /** What `<file>.pem` holds: a PEM certificate, or its base64 as cosign writes it. */
  certificate: string;
  /** Where the signature's log entry is looked up. */
  rekorUrl: string;
  verify: BlobBundleVerifier;
  identity: RegExp;
  issuer: string;
  /** Names the file in messages. */
  what: string;
}

type Json = Record<string, unknown>;

function certificateDer(text: string): Buffer {
  const trimmed = text.trim();
  const pem = trimmed.startsWith('-----BEGIN') ? trimmed : Buffer.from(trimmed, 'base64').toString('utf8');
  const body = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem)?.[1];
  if (!body) throw new Error('the certificate file holds no PEM certificate');
  return Buffer.from(body.replace(/\s+/g, ''), 'base64');
}

async function rekorJson(url: string, init?: RequestInit): Promise<unknown> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  return response.json();
}

/** The Rekor entries (hashedrekord) of an artifact, in the bundle form of a transparency log entry. */
async function logEntries(rekorUrl: string, digestHex: string): Promise<Json[]> {
  const base = rekorUrl.replace(/\/$/, '');
  const uuids = await rekorJson(`${base}/api/v1/index/retrieve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ hash: `sha256:${digestHex}` }),
  });
  const entries: Json[] = [];
  for (const uuid of Array.isArray(uuids) ? uuids.slice(0, 10) : []) {
    const answer = (await rekorJson(`${base}/api/v1/log/entries/${String(uuid)}`)) as Record<string, Json>;
    for (const entry of Object.values(answer)) {
      const verification = (entry.verification ?? {}) as Json;
      const body = JSON.parse(Buffer.from(String(entry.body), 'base64').toString('utf8')) as Json;
      entries.push({
        logIndex: String(entry.logIndex),
        logId: { keyId: Buffer.from(String(entry.logID), 'hex').toString('base64') },
        kindVersion: { kind: String(body.kind), version: String(body.apiVersion) },
        integratedTime: String(entry.integratedTime),
        inclusionPromise: { signedEntryTimestamp: String(verification.signedEntryTimestamp) },
        canonicalizedBody: String(entry.body),
      });
    }
  }
  return entries;
}

/**
 * Verifies a cosign keyless blob signature: the certificate chains to the trust root's CA, was logged, and
 * names the expected identity and issuer; the signature covers the content; the signing was witnessed by
 * the transparency log while the certificate was valid.
 */
export async function verifyReleaseSignature(options: ReleaseSignatureOptions): Promise<SignerIdentity> {
  const digest = createHash('sha256').update(options.content).digest();
  let lastProblem = 'Rekor has no entry for it';
  let entries: Json[];
  try {
    entries = await logEntries(options.rekorUrl, digest.toString('hex'));
  } catch (error) {
    throw new ConfigurationError(
      `could not look up the signature of ${options.what} in ${options.rekorUrl} (${errorMessage(error)}); refusing to install an unverified Trivy (use 'trivy-path' to bring your own)`,
    );
  }
  let certificate: Buffer;
  try {
    certificate = certificateDer(options.certificate);
  } catch (error) {
    throw new ConfigurationError(
      `the signing certificate of ${options.what} is unreadable (${errorMessage(error)}); refusing to install it`,
    );
  }
  for (const entry of entries) {
    const bundle = {
      mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
      verificationMaterial: {
        x509CertificateChain: { certificates: [{ rawBytes: certificate.toString('base64') }] },
        tlogEntries: [entry],
        timestampVerificationData: { rfc3161Timestamps: [] },
      },
      messageSignature: {
        messageDigest: { algorithm: 'SHA2_256', digest: digest.toString('base64') },
        signature: options.signature.trim(),
      },
    } as unknown as SerializedBundle;
    try {
      const signer = await options.verify(bundle, options.content);
      if (!options.identity.test(signer.subjectAlternativeName)) {
        lastProblem = `it was signed by ${signer.subjectAlternativeName}, not by Trivy's release workflow`;
        continue;
      }
      if (signer.issuer !== options.issuer) {
        lastProblem = `its certificate was issued for ${signer.issuer ?? 'an unknown issuer'}, not ${options.issuer}`;
        continue;
      }
      return signer;
    } catch (error) {
      lastProblem = errorMessage(error);
    }
  }
  throw new ConfigurationError(
    `the signature of ${options.what} does not verify (${lastProblem}); refusing to install it`,
  );
}
