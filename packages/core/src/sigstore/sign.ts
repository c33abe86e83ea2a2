import { bundleToJSON } from '@sigstore/bundle';
import {
  DSSEBundleBuilder,
  FulcioSigner,
  MessageSignatureBundleBuilder,
  RekorWitness,
  TSAWitness,
  type IdentityProvider,
  type Witness,
} from '@sigstore/sign';
import { ConfigurationError, ServiceError, errorMessage } from '../errors.ts';
import type { RecordSigner } from '../records/record.ts';
import { githubIdentityProvider, type GithubOidcRequest } from './oidc.ts';

/** Where a Sigstore instance lives. Rekor and the TSA are each optional, but one of them is needed. */
export interface SigstoreEndpoints {
  fulcioUrl: string;
  rekorUrl?: string;
  tsaUrl?: string;
}

/** The public-good instance: Fulcio and Rekor, what cosign and public repositories use. */
export const publicGoodEndpoints: SigstoreEndpoints = {
  fulcioUrl: 'https://fulcio.sigstore.dev',
  rekorUrl: 'https://rekor.sigstore.dev',
};

/** GitHub's instance (private repositories): Fulcio and a timestamp authority, no transparency log. */
export const githubEndpoints: SigstoreEndpoints = {
  fulcioUrl: 'https://fulcio.githubapp.com',
  tsaUrl: 'https://timestamp.githubapp.com',
};

export interface KeylessSignerOptions {
  endpoints: SigstoreEndpoints;
  identityProvider: IdentityProvider;
  /** Milliseconds per request to Fulcio, Rekor and the TSA. */
  timeout?: number;
}

/**
 * Keyless signing: an ephemeral key, a Fulcio certificate for the job's OIDC identity, the signature
 * witnessed by Rekor (as an `intoto` entry, which every verifier accepts) and/or a TSA timestamp.
 */
export class KeylessSigner implements RecordSigner {
  private readonly builder: DSSEBundleBuilder;
  private readonly messageBuilder: MessageSignatureBundleBuilder;
  /** Which witnesses sign: a Rekor entry, a TSA timestamp, or both. */
  readonly witnessed: { rekor: boolean; tsa: boolean };

  constructor(options: KeylessSignerOptions) {
    const { endpoints, identityProvider } = options;
    if (!endpoints.rekorUrl && !endpoints.tsaUrl) {
      throw new Error('a Sigstore instance needs a Rekor or a timestamp authority URL');
    }
    const fetchOptions = { timeout: options.timeout ?? 30_000, retry: 2 };
    const witnesses: Witness[] = [];
    if (endpoints.rekorUrl) {
      witnesses.push(
        new RekorWitness({ rekorBaseURL: endpoints.rekorUrl, entryType: 'intoto', ...fetchOptions }),
      );
    }
    if (endpoints.tsaUrl) witnesses.push(new TSAWitness({ tsaBaseURL: endpoints.tsaUrl, ...fetchOptions }));
    const signer = new FulcioSigner({
      fulcioBaseURL: endpoints.fulcioUrl,
      identityProvider,
      ...fetchOptions,
    });
    this.builder = new DSSEBundleBuilder({ signer, witnesses });
    // The same signer and witnesses: Rekor logs a message signature as a `hashedrekord` entry.
    this.messageBuilder = new MessageSignatureBundleBuilder({ signer, witnesses });
    this.witnessed = { rekor: Boolean(endpoints.rekorUrl), tsa: Boolean(endpoints.tsaUrl) };
  }

  /** Signs `payload` as a DSSE envelope of `payloadType`; returns the bundle's JSON form (v0.3). */
  async signDsse(payload: Buffer, payloadType: string): Promise<object> {
    try {
      const bundle = await this.builder.create({ data: payload, type: payloadType });
      return bundleToJSON(bundle);
    } catch (error) {
      throw signingFailure(error);
    }
  }

  /**
   * Signs the bytes of `payload` themselves (no envelope), as cosign signs its simple-signing payloads;
   * returns the bundle's JSON form (v0.3, a `messageSignature`).
   */
  async signMessage(payload: Buffer): Promise<object> {
    try {
      const bundle = await this.messageBuilder.create({ data: payload });
      return bundleToJSON(bundle);
    } catch (error) {
      throw signingFailure(error);
    }
  }
}

// sigstore-js codes for a request to a Sigstore service that failed, by the service it went to.
const serviceOfCode: Record<string, string> = {
  CA_CREATE_SIGNING_CERTIFICATE_ERROR: 'Fulcio',
  TLOG_CREATE_ENTRY_ERROR: 'Rekor',
  TLOG_FETCH_ENTRY_ERROR: 'Rekor',
  TSA_CREATE_TIMESTAMP_ERROR: 'the timestamp authority',
};

/**
 * sigstore-js wraps failures in layers of causes: say all of them, keep a user error a user error, and
 * call a Fulcio, Rekor or TSA request that failed what it is: a service outage, not a bug of ours.
 */
export function signingFailure(error: unknown): Error {
  const messages: string[] = [];
  let service: string | undefined;
  let status: number | undefined;
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (current instanceof ConfigurationError) return current;
    messages.push(errorMessage(current));
    const fields = typeof current === 'object' ? (current as { code?: unknown; statusCode?: unknown }) : {};
    if (typeof fields.code === 'string') service ??= serviceOfCode[fields.code];
    if (typeof fields.statusCode === 'number') status ??= fields.statusCode;
    current = current instanceof Error ? current.cause : undefined;
  }
  const text = messages.filter((message, index) => message && messages.indexOf(message) === index).join(': ');
  if (service) {
    return new ServiceError(
      service,
      `Sigstore signing failed: ${service} did not answer as expected (${text}); ` +
        'the service may be down or unreachable from the runner: run the job again later',
      status,
      { cause: error },
    );
  }
  return new Error(`Sigstore signing failed: ${text}`, { cause: error });
}

export type SigstoreInstance = 'auto' | 'public-good' | 'github' | 'custom';

export interface JobSignerOptions {
  /** The job's OIDC token endpoint; without one (no `id-token: write`) there is no signer. */
  oidc: Partial<GithubOidcRequest>;
  instance: SigstoreInstance;
  /** For `custom`. */
  custom?: SigstoreEndpoints;
  /**
   * For `auto`: private repositories sign with GitHub's instance, so nothing about them reaches Rekor;
   * public ones with public-good. Undefined when the event payload does not say: `auto` then fails closed.
   */
  repositoryPrivate: boolean | undefined;
}

/** The signer an action's records get: keyless when the job has an OIDC identity, else undefined. */
export function jobSigner(options: JobSignerOptions): KeylessSigner | undefined {
  const { requestUrl, requestToken } = options.oidc;
  if (!requestUrl || !requestToken) return undefined;
  let endpoints: SigstoreEndpoints;
  if (options.instance === 'custom') {
    if (!options.custom) throw new ConfigurationError("a custom Sigstore instance needs 'fulcio-url'");
    endpoints = options.custom;
  } else if (options.instance === 'auto' && options.repositoryPrivate === undefined) {
    // Guessing would publish a private repository's names to the public transparency log.
    throw new ConfigurationError(
      "input 'sigstore' is auto, but the event payload does not say whether this repository is public or " +
        "private: set 'sigstore' to public-good (public repositories) or github (private ones)",
    );
  } else if (options.instance === 'github' || (options.instance === 'auto' && options.repositoryPrivate)) {
    endpoints = githubEndpoints;
  } else {
    endpoints = publicGoodEndpoints;
  }
  return new KeylessSigner({
    endpoints,
    identityProvider: githubIdentityProvider({
      requestUrl,
      requestToken,
      ...(options.oidc.audience ? { audience: options.oidc.audience } : {}),
    }),
  });
}
