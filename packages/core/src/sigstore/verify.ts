import { bundleFromJSON, type SerializedBundle } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial, type Signer } from '@sigstore/verify';
import type { BundleVerifier as PublicGoodBundleVerifier } from 'sigstore';
import type { RecordVerifier, SignerIdentity, VerifiedEnvelope } from '../records/record.ts';
import { extensionText, sourceRepositoryRefOid } from '../records/identity.ts';

/** Parses a Sigstore trusted root (`trusted_root.json`, as `gh attestation trusted-root` prints it). */
export function parseTrustedRoot(json: unknown): TrustedRoot {
  return TrustedRoot.fromJSON(json);
}

/** The identity a verified bundle's certificate names. */
export function signerIdentity(signer: Signer): SignerIdentity {
  const identity = signer.identity;
  // The ref the run was for: a reusable workflow run for a pull request names its own ref in the
  // identity, and the pull request's only here.
  const sourceRef = identity?.oids?.find((entry) => entry.oid?.id.join('.') === sourceRepositoryRefOid);
  return {
    subjectAlternativeName: identity?.subjectAlternativeName ?? '',
    ...(identity?.extensions?.issuer ? { issuer: identity.extensions.issuer } : {}),
    ...(sourceRef ? { sourceRef: extensionText(sourceRef.value) } : {}),
  };
}

function envelopeOf(bundle: unknown): { payload: Buffer; payloadType: string } {
  const envelope = (bundle as { dsseEnvelope?: { payload?: unknown; payloadType?: unknown } }).dsseEnvelope;
  if (typeof envelope?.payload !== 'string' || typeof envelope.payloadType !== 'string') {
    throw new Error('the bundle holds no DSSE envelope');
  }
  return { payload: Buffer.from(envelope.payload, 'base64'), payloadType: envelope.payloadType };
}

/**
 * Verifies bundles against a trusted root: the certificate chains to its CA, the signature covers the
 * envelope, and it was witnessed (a transparency log entry where the root has a log, else a timestamp).
 */
export class BundleVerifier implements RecordVerifier {
  private readonly verifier: Verifier;

  constructor(trustedRoot: TrustedRoot) {
    const hasLogs = trustedRoot.tlogs.length > 0;
    this.verifier = new Verifier(toTrustMaterial(trustedRoot), {
      tlogThreshold: hasLogs ? 1 : 0,
      ctlogThreshold: trustedRoot.ctlogs.length > 0 ? 1 : 0,
      timestampThreshold: 1,
    });
  }

  verify(bundle: unknown): SignerIdentity {
    const entity = toSignedEntity(bundleFromJSON(bundle));
    return signerIdentity(this.verifier.verify(entity));
  }

  async verifyDsse(bundle: unknown): Promise<VerifiedEnvelope> {
    const signer = this.verify(bundle);
    return { ...envelopeOf(bundle), signer };
  }
}

/**
 * Verifies against the public-good instance, its trusted root fetched through Sigstore's TUF repository
 * (once, on first use).
 */
export class PublicGoodVerifier implements RecordVerifier {
  private verifier: Promise<PublicGoodBundleVerifier> | undefined;
  private readonly cachePath: string | undefined;

  constructor(options: { tufCachePath?: string } = {}) {
    this.cachePath = options.tufCachePath;
  }

  async verifyDsse(bundle: unknown): Promise<VerifiedEnvelope> {
    // Loaded on first use: the TUF client costs every action's start-up time, and most never need it.
    this.verifier ??= import('sigstore').then(({ createVerifier }) =>
      createVerifier(this.cachePath ? { tufCachePath: this.cachePath } : {}),
    );
    const signer = (await this.verifier).verify(bundle as SerializedBundle);
    return { ...envelopeOf(bundle), signer: signerIdentity(signer) };
  }
}
