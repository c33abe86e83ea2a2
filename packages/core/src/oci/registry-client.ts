// The registry client: one transport and authenticator shared by every repository it opens, the
// authorized request loop (a 401 answered with Basic or a Bearer token), and errors that name the registry.

import { RegistryError } from '../errors.ts';
import { silentLogger, type Logger } from '../logger.ts';
import { Authenticator, CredentialResolver, type CredentialSources } from './auth.ts';
import {
  HttpTransport,
  describeUrl,
  isStream,
  header,
  type HttpRequest,
  type HttpResponse,
  type ProxySettings,
  type RetryOptions,
  type Timeouts,
} from './http.ts';
import { formatReference, registryApiHost, type ImageReference } from './reference.ts';
import { errorDetail } from './registry-answers.ts';

/** How many 401 answers to one request are answered with a new credential before it fails. */
const maxAuthRounds = 2;
import { RegistryRepository } from './registry-repository.ts';

export interface RegistryClientOptions {
  /** Where credentials come from (or a resolver shared with other clients). Anonymous when left out. */
  credentials?: CredentialSources | CredentialResolver;
  /** Hosts (`host[:port]`) reached over plain HTTP. */
  insecureRegistries?: string[];
  logger?: Logger;
  /** Called with every secret the client sees or receives, once each; actions pass core.setSecret. */
  onSecret?: (secret: string) => void;
  userAgent?: string;
  retry?: RetryOptions;
  /** Connections per registry host (default 16). */
  connectionsPerOrigin?: number;
  /** Reach registries through this proxy (`proxySettingsFrom(process.env)` in an action). */
  proxy?: ProxySettings;
  timeouts?: Timeouts;
  /** Extra CA certificates (PEM) to trust, for registries with a private CA. */
  caCertificates?: string[];
  /** Milliseconds since the epoch, for token expiry; tests move it forward. */
  now?: () => number;
  /**
   * Upload blobs larger than this in PATCH chunks of this many bytes (default: one streamed PUT,
   * which is fastest; chunks suit registries that cap request sizes).
   */
  uploadChunkSize?: number;
}

export class RegistryClient {
  readonly transport: HttpTransport;
  readonly auth: Authenticator;
  readonly logger: Logger;
  readonly uploadChunkSize: number | undefined;
  private readonly referrersApi = new Map<string, boolean>();

  constructor(options: RegistryClientOptions = {}) {
    this.logger = options.logger ?? silentLogger;
    this.uploadChunkSize = options.uploadChunkSize;
    const onSecret = options.onSecret ?? (() => {});
    this.transport = new HttpTransport({
      insecureRegistries: options.insecureRegistries ?? [],
      logger: this.logger,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      ...(options.connectionsPerOrigin ? { connectionsPerOrigin: options.connectionsPerOrigin } : {}),
      ...(options.proxy ? { proxy: options.proxy } : {}),
      ...(options.timeouts ? { timeouts: options.timeouts } : {}),
      ...(options.caCertificates ? { caCertificates: options.caCertificates } : {}),
    });
    const credentials =
      options.credentials instanceof CredentialResolver
        ? options.credentials
        : new CredentialResolver(options.credentials ?? {}, onSecret);
    this.auth = new Authenticator({
      transport: this.transport,
      credentials,
      onSecret,
      logger: this.logger,
      ...(options.now ? { now: options.now } : {}),
    });
  }

  /** The repository a registry reference names (its tag and digest are ignored). */
  repository(reference: ImageReference): RegistryRepository {
    if (reference.kind !== 'registry') {
      throw new Error(`${formatReference(reference)} is not a registry reference`);
    }
    return new RegistryRepository(this, reference.registry, reference.repository);
  }

  /**
   * Checks that the registry answers and accepts our credentials (`GET /v2/`), so that a wrong host or
   * password is reported before any work starts.
   */
  async ping(registry: string): Promise<void> {
    const host = registryApiHost(registry);
    await this.call(
      host,
      [],
      { method: 'GET', url: `${this.transport.baseUrl(host)}/v2/` },
      async (response) => {
        if (response.status === 200) {
          await response.body.dump();
          return;
        }
        throw await this.failure(response, host, registry, 'checking access');
      },
    );
  }

  async close(): Promise<void> {
    await this.transport.close();
  }

  /**
   * Sends a request with authorization for `scopes` on `host`. A 401 is answered (Basic or a Bearer
   * token) up to twice: a token can expire between being fetched and being used, and the next one may be
   * refused the same way. `handle` gets every other response and must consume or dump its body.
   * A streamed body refused with 401 is spent: a fresh token is fetched, and a RegistryError without a
   * status tells the caller to send the body again from its source.
   */
  async call<T>(
    host: string,
    scopes: string[],
    request: HttpRequest,
    handle: (response: HttpResponse) => Promise<T>,
  ): Promise<T> {
    let authorization = await this.auth.authorization(host, scopes);
    for (let round = 0; ; round++) {
      const headers = { ...request.headers, ...(authorization ? { authorization } : {}) };
      const outcome = await this.transport.request<
        { done: true; value: T } | { done: false; challenge?: string }
      >({ ...request, headers }, async (response) => {
        if (response.status === 401 && round < maxAuthRounds) {
          const challenge = header(response.headers, 'www-authenticate');
          await response.body.dump().catch(() => undefined);
          return { done: false, ...(challenge !== undefined ? { challenge } : {}) };
        }
        return { done: true, value: await handle(response) };
      });
      if (outcome.done) return outcome.value;
      authorization = await this.auth.answer(host, scopes, outcome.challenge, authorization);
      if (isStream(request.body)) {
        throw new RegistryError(
          `${describeUrl(request.url)}: the registry refused the token while the body was sent ` +
            '(it had expired); a new token is ready, and the body has to be sent again',
        );
      }
    }
  }

  /** The error for an unexpected answer: names the registry, what we were doing, and what to check. */
  async failure(response: HttpResponse, host: string, display: string, what: string): Promise<RegistryError> {
    const detail = await errorDetail(response);
    const status = response.status;
    let advice = '';
    if (status === 401 || status === 403) {
      const writing = /^(writing|uploading|starting an upload|mounting|deleting)/.test(what);
      advice = `; ${await this.auth.credentialHint(host)}${writing ? `, and that they may push to ${display}` : ''}`;
    }
    if (status === 429) advice = '; the registry is rate-limiting requests, try again later or authenticate';
    return new RegistryError(`${what} ${display} failed: HTTP ${status}${detail}${advice}`, status);
  }

  /** Whether the host has the referrers API, once known. */
  referrersApiKnown(host: string): boolean | undefined {
    return this.referrersApi.get(host);
  }

  setReferrersApi(host: string, supported: boolean): void {
    this.referrersApi.set(host, supported);
  }
}
