// The one HTTP transport every registry call goes through: undici with keep-alive connection pools,
// bounded retries with backoff and jitter, manual redirects that never carry credentials to another
// host, and TLS except for hosts the user listed as insecure.

import type { Readable } from 'node:stream';
import type { IncomingHttpHeaders } from 'node:http';
import { rootCertificates } from 'node:tls';
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { ConfigurationError, RefusalError, RegistryError, fileErrorReason } from '../errors.ts';
import { silentLogger, type Logger } from '../logger.ts';

export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

/**
 * A request body. Buffers and strings are replayed on retry. A `() => Readable` factory is called once
 * per attempt, so a retried upload starts again from a fresh stream. A bare Readable can only be sent
 * once: a request carrying one is not retried after its body started to flow (the caller, such as the
 * copy engine, restarts the whole operation instead).
 */
export type RequestBody = Buffer | string | Readable | (() => Readable);

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  body?: RequestBody;
  /**
   * False for requests that must not be sent twice even with a replayable body: the registry may have
   * applied the first one before the answer was lost (an upload PATCH moves the session on).
   */
  retryable?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The URL that answered, after redirects. */
  url: string;
  body: Readable & { dump(): Promise<void>; text(): Promise<string>; arrayBuffer(): Promise<ArrayBuffer> };
}

export interface RetryOptions {
  /** Attempts in all, first one included (default 5). */
  attempts?: number;
  /** The first backoff delay (default 250 ms); it doubles each attempt, with jitter. */
  baseDelayMs?: number;
  /** The longest backoff delay (default 8 s). */
  maxDelayMs?: number;
  /** The longest `Retry-After` honoured (default 60 s); longer waits are cut to this. */
  maxRetryAfterMs?: number;
  /** Waits; tests pass one that records the delay and returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1) for jitter (default Math.random). */
  random?: () => number;
}

export interface TransportOptions {
  /** Hosts (`host[:port]`) reached over plain HTTP; every other host is reached over TLS. */
  insecureRegistries?: string[];
  retry?: RetryOptions;
  logger?: Logger;
  userAgent?: string;
  /** Connections per origin (default 16): enough for parallel blob copies without flooding a registry. */
  connectionsPerOrigin?: number;
  /** An HTTP(S) proxy to reach registries through; the action passes HTTPS_PROXY and friends. */
  proxy?: ProxySettings;
  timeouts?: Timeouts;
  /** Extra CA certificates (PEM) trusted besides Node's own, for registries with a private CA. */
  caCertificates?: string[];
}

/** How long to wait before a silent connection counts as failed (and is retried). */
export interface Timeouts {
  /** To connect (default 15 s). */
  connectMs?: number;
  /** From sending a request to its answer's headers (default 60 s). */
  headersMs?: number;
  /** Between two pieces of a body (default 120 s). */
  bodyMs?: number;
}

/** Proxy settings as the conventional environment variables give them. */
export interface ProxySettings {
  /** For `http://` registries (HTTP_PROXY). */
  httpProxy?: string;
  /** For `https://` registries (HTTPS_PROXY). */
  httpsProxy?: string;
  /** Hosts reached directly (NO_PROXY: comma-separated, `*` for all, `.example.com` for a domain). */
  noProxy?: string;
}

/** HTTP_PROXY/HTTPS_PROXY/NO_PROXY (either case) from an environment, for `TransportOptions.proxy`. */
export function proxySettingsFrom(env: Record<string, string | undefined>): ProxySettings | undefined {
  const read = (name: string) => env[name.toLowerCase()] || env[name] || undefined;
  const settings: ProxySettings = {};
  const httpProxy = read('HTTP_PROXY');
  const httpsProxy = read('HTTPS_PROXY');
  const noProxy = read('NO_PROXY');
  if (httpProxy) settings.httpProxy = httpProxy;
  if (httpsProxy) settings.httpsProxy = httpsProxy;
  if (noProxy) settings.noProxy = noProxy;
  return httpProxy || httpsProxy ? settings : undefined;
}

/** Thrown from a response handler to have the request tried again (counts as an attempt). */
export class RetryableError extends Error {
  override name = 'RetryableError';
}

const retryableStatuses = new Set([429, 500, 502, 503, 504]);
const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const maxRedirects = 10;

const transientCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/** The `code` of a Node or undici error, looking through `cause` chains. */
export function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; isErrorLike(current) && depth < 5; depth++) {
    const code = current.code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

/**
 * Whether a value is an error, judged by shape: errors from Node's own modules may come from another
 * realm (a VM context), where `instanceof Error` is false.
 */
function isErrorLike(value: unknown): value is { message: string; code?: unknown; cause?: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** A failure of the connection rather than an answer: worth another attempt. */
export function isTransientNetworkError(error: unknown): boolean {
  if (error instanceof RetryableError) return true;
  if (isPermanentError(error)) return false;
  const code = errorCode(error);
  if (code !== undefined) return transientCodes.has(code);
  return isErrorLike(error) && /\b(terminated|socket hang up|other side closed)\b/i.test(error.message);
}

/**
 * A failure that sending the same request again cannot mend: a user's mistake, a refusal, or a file system
 * error about where the user pointed us (a path under a file, a read-only directory), however deep in
 * the `cause` chain it sits.
 */
export function isPermanentError(error: unknown): boolean {
  if (error instanceof ConfigurationError || error instanceof RefusalError) return true;
  return fileErrorReason(errorCode(error)) !== undefined;
}

function isTlsError(error: unknown): boolean {
  const code = errorCode(error) ?? '';
  const text = isErrorLike(error) ? `${error.message} ${String(error.cause ?? '')}` : '';
  return (
    code.startsWith('ERR_SSL') ||
    code === 'EPROTO' ||
    /wrong version number|packet length too long/i.test(text)
  );
}

function isCertificateError(error: unknown): boolean {
  const code = errorCode(error) ?? '';
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code);
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A header's single value (the first, when repeated). */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** `host/path` without the query, which may hold signed storage parameters: safe for messages. */
export function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname}`;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class HttpTransport {
  private readonly agent: Dispatcher;
  private readonly insecure: Set<string>;
  private readonly retry: Required<RetryOptions>;
  private readonly logger: Logger;
  private readonly userAgent: string;

  constructor(options: TransportOptions = {}) {
    this.insecure = new Set((options.insecureRegistries ?? []).map((host) => host.toLowerCase()));
    this.logger = options.logger ?? silentLogger;
    this.userAgent = options.userAgent ?? 'airlock';
    this.retry = {
      attempts: Math.max(1, options.retry?.attempts ?? 5),
      baseDelayMs: options.retry?.baseDelayMs ?? 250,
      maxDelayMs: options.retry?.maxDelayMs ?? 8000,
      maxRetryAfterMs: options.retry?.maxRetryAfterMs ?? 60_000,
      sleep: options.retry?.sleep ?? defaultSleep,
      random: options.retry?.random ?? Math.random,
    };
    const pool = {
      connections: options.connectionsPerOrigin ?? 16,
      keepAliveTimeout: 30_000,
      headersTimeout: options.timeouts?.headersMs ?? 60_000,
      bodyTimeout: options.timeouts?.bodyMs ?? 120_000,
      connectTimeout: options.timeouts?.connectMs ?? 15_000,
      ...(options.caCertificates?.length
        ? { connect: { ca: [...rootCertificates, ...options.caCertificates] } }
        : {}),
    };
    const proxy = options.proxy;
    // Every proxy field is given explicitly ('' for none), so undici never reads the environment itself.
    this.agent = proxy
      ? new EnvHttpProxyAgent({
          ...pool,
          httpProxy: proxy.httpProxy ?? '',
          httpsProxy: proxy.httpsProxy ?? '',
          noProxy: proxy.noProxy ?? '',
        })
      : new Agent(pool);
  }

  /** Whether `host` (`host[:port]`) is reached over plain HTTP. */
  isInsecure(host: string): boolean {
    return this.insecure.has(host.toLowerCase());
  }

  /** The base URL of a registry host: `https://host`, or `http://host` for an insecure one. */
  baseUrl(host: string): string {
    return `${this.isInsecure(host) ? 'http' : 'https'}://${host}`;
  }

  /**
   * Sends a request, following redirects, and passes the response to `handle`. Retries (bounded, with
   * backoff) on 429/5xx, on connection failures, and when `handle` throws a RetryableError or a
   * transient network error (a body cut short while being read). `handle` must consume or dump the body.
   */
  async request<T>(request: HttpRequest, handle: (response: HttpResponse) => Promise<T>): Promise<T> {
    // A bare stream body is consumed by the first attempt: such a request is sent exactly once.
    const attempts = isStream(request.body) || request.retryable === false ? 1 : this.retry.attempts;
    for (let attempt = 1; ; attempt++) {
      let delay: number | undefined;
      let failure: unknown;
      try {
        const response = await this.sendFollowingRedirects(request);
        if (retryableStatuses.has(response.status) && attempt < attempts) {
          await response.body.dump().catch(() => undefined);
          const retryAfter = parseRetryAfter(header(response.headers, 'retry-after'));
          delay =
            retryAfter !== undefined
              ? Math.min(retryAfter, this.retry.maxRetryAfterMs)
              : this.backoff(attempt);
          failure = `HTTP ${response.status}`;
        } else {
          return await handle(response);
        }
      } catch (error) {
        if (!isTransientNetworkError(error) || attempt >= attempts) {
          throw this.describeFailure(request, error);
        }
        delay = this.backoff(attempt);
        failure = errorCode(error) ?? (isErrorLike(error) ? error.message : String(error));
      }
      this.logger.debug(
        `${request.method} ${describeUrl(request.url)}: ${String(failure)}; retry ${attempt} of ${attempts - 1} in ${delay} ms`,
      );
      await this.retry.sleep(delay);
    }
  }

  /** Closes pooled connections. */
  async close(): Promise<void> {
    await this.agent.close();
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (this.retry.random() * ceiling) / 2);
  }

  private describeFailure(request: HttpRequest, error: unknown): Error {
    if (error instanceof RegistryError || !isErrorLike(error)) return error as Error;
    if (error instanceof RetryableError) return new RegistryError(error.message, undefined, { cause: error });
    const host = new URL(request.url).host;
    const code = errorCode(error) ?? error.message;
    if (isCertificateError(error)) {
      return new RegistryError(
        `the TLS certificate of ${host} is not trusted (${code}): add its CA with NODE_EXTRA_CA_CERTS, ` +
          'or, for a test registry only, list the host in insecure-registries',
        undefined,
        { cause: error },
      );
    }
    if (isTlsError(error)) {
      return new RegistryError(
        `cannot reach ${host} over TLS (${code}): if it serves plain HTTP, list it in insecure-registries`,
        undefined,
        { cause: error },
      );
    }
    if (isTransientNetworkError(error) || /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(errorCode(error) ?? '')) {
      return new RegistryError(`cannot reach ${host}: ${code}`, undefined, { cause: error });
    }
    return error as Error;
  }

  private async sendFollowingRedirects(request: HttpRequest): Promise<HttpResponse> {
    let method = request.method;
    let url = request.url;
    let headers: Record<string, string> = { 'user-agent': this.userAgent, ...request.headers };
    let body = request.body;
    const origin = new URL(url).origin;
    for (let hop = 0; ; hop++) {
      const response = await this.send(method, url, headers, body);
      const location = header(response.headers, 'location');
      if (!redirectStatuses.has(response.status) || location === undefined) return response;
      await response.body.dump().catch(() => undefined);
      if (hop >= maxRedirects) throw new RegistryError(`${describeUrl(request.url)}: too many redirects`);
      const next = new URL(location, url);
      if (next.protocol === 'http:' && !this.isInsecure(next.host)) {
        throw new RegistryError(
          `${describeUrl(request.url)} redirected to plain HTTP at ${next.host}; refusing (list the host in insecure-registries to allow it)`,
        );
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new RegistryError(
          `${describeUrl(request.url)} redirected to an unsupported URL scheme ${next.protocol}`,
        );
      }
      // Credentials are for the registry that asked for them, never for storage or anyone else.
      if (next.origin !== origin) {
        headers = Object.fromEntries(
          Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'),
        );
      }
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && method === 'POST')
      ) {
        method = 'GET';
        body = undefined;
        headers = Object.fromEntries(
          Object.entries(headers).filter(([name]) => !/^content-(length|type)$/i.test(name)),
        );
      } else if (isStream(body)) {
        throw new RegistryError(
          `${describeUrl(request.url)} redirected a streamed upload, which cannot be resent`,
        );
      }
      url = next.toString();
    }
  }

  private async send(
    method: HttpMethod,
    url: string,
    headers: Record<string, string>,
    body: RequestBody | undefined,
  ): Promise<HttpResponse> {
    const payload = typeof body === 'function' ? body() : body;
    const response: Dispatcher.ResponseData = await this.agent.request({
      origin: new URL(url).origin,
      path: new URL(url).pathname + new URL(url).search,
      method,
      headers,
      body: payload ?? null,
    });
    return { status: response.statusCode, headers: response.headers, url, body: response.body };
  }
}

/** A body that can be sent only once (a bare stream). */
export function isStream(body: RequestBody | undefined): body is Readable {
  return typeof body === 'object' && body !== null && !Buffer.isBuffer(body);
}
