import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import { freePort } from './ports.ts';

// A loopback HTTP proxy in front of a registry that breaks a chosen fraction of requests, the way
// networks and overloaded registries do: 500 and 503 answers (alone or in bursts), 429 with
// Retry-After, connections reset in the middle of a body, bodies cut short, one byte flipped in a body,
// requests never answered or answers that stop halfway, and a token refused as if it had expired.
// Faults are drawn from a seeded generator, so a failing run can be replayed with its seed.

/**
 * - `status500`, `status503`, `status429` (with `Retry-After`): answered by the proxy, never forwarded.
 * - `burst503`: this request and the next two of the same kind (see `keyed`) answered 503.
 * - `reset`, `truncate`: half the body, then the connection is reset or closed.
 * - `corrupt`: one byte of the body flipped.
 * - `stall`: the request is read and never answered. `stallBody`: the headers and half the body, then
 *   nothing more. The client's timeouts have to notice.
 * - `unauthorized`: 401 with the registry's own Bearer challenge, as when a token expires mid-copy
 *   (only on a registry that asked for tokens before; otherwise forwarded untouched and not counted).
 *
 * `stall`, `stallBody`, `burst503` and `unauthorized` are drawn only when listed in `kinds`.
 */
export type FaultKind =
  | 'status500'
  | 'status503'
  | 'status429'
  | 'burst503'
  | 'reset'
  | 'truncate'
  | 'corrupt'
  | 'stall'
  | 'stallBody'
  | 'unauthorized';

export const allFaultKinds: readonly FaultKind[] = [
  'status500',
  'status503',
  'status429',
  'reset',
  'truncate',
  'corrupt',
];

/** Every fault the proxy knows, for runs that mean to meet them all. */
export const everyFaultKind: readonly FaultKind[] = [
  ...allFaultKinds,
  'burst503',
  'stall',
  'stallBody',
  'unauthorized',
];

/** Which requests may be faulted (method and path with query). */
export type RequestMatcher = (method: string, path: string) => boolean;

export interface FaultProxyOptions {
  /** The upstream, `host:port`, spoken to over plain HTTP. */
  target: string;
  /** The fraction of matching requests to fault at random, 0 to 1 (default 0). */
  rate?: number;
  /** The faults to draw from (default all). */
  kinds?: readonly FaultKind[];
  /** The seed of the generator (default 1). */
  seed?: number;
  /** Seconds sent in `Retry-After` with 429 (default 1). */
  retryAfterSeconds?: number;
  /** Only these requests are faulted at random (default all). */
  match?: RequestMatcher;
  /**
   * Draw each request's fault from the seed, the request's method and path (upload session IDs and
   * state left out) and how many such requests came before, instead of from one sequence: then
   * requests sent side by side get the same faults whatever order they arrive in, and a seeded run
   * repeats exactly.
   */
  keyed?: boolean;
}

/** The request a keyed fault is drawn for: upload sessions and their state do not count. */
export function faultKey(method: string, path: string): string {
  const url = new URL(path, 'http://proxy');
  const pathname = url.pathname.replace(/\/blobs\/uploads\/[^/]+$/, '/blobs/uploads/*');
  const kept = ['digest', 'mount', 'from', 'n', 'last', 'artifactType']
    .filter((name) => url.searchParams.has(name))
    .map((name) => `${name}=${url.searchParams.get(name)}`);
  return `${method} ${pathname}${kept.length ? `?${kept.join('&')}` : ''}`;
}

/** Three numbers in [0, 1) for a key, the same everywhere. */
function keyedDraws(seed: number, key: string, occurrence: number): [number, number, number] {
  const hash = createHash('sha256').update(`${seed}\n${key}\n${occurrence}`).digest();
  return [0, 4, 8].map((offset) => hash.readUInt32BE(offset) / 4294967296) as [number, number, number];
}

export interface ProxiedRequest {
  method: string;
  path: string;
  fault?: FaultKind;
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultProxy {
  /** `127.0.0.1:port`: use it as the registry host. */
  readonly host: string;
  readonly target: string;
  /** How many of each fault were injected. */
  readonly injected: Record<FaultKind, number> = {
    status500: 0,
    status503: 0,
    status429: 0,
    reset: 0,
    truncate: 0,
    corrupt: 0,
    stall: 0,
    burst503: 0,
    stallBody: 0,
    unauthorized: 0,
  };
  readonly requests: ProxiedRequest[] = [];
  /** The fault rate; change it between phases of a test. */
  rate: number;
  /** The faults drawn at random; change them between phases of a test. */
  kinds: readonly FaultKind[];
  private random: () => number;
  private readonly retryAfter: string;
  private readonly match: RequestMatcher;
  private readonly queued: { kind: FaultKind; match: RequestMatcher }[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private seed: number;
  private readonly keyed: boolean;
  private readonly occurrences = new Map<string, number>();
  /** Keys in a 503 burst, with how many more of their requests it takes. */
  private readonly bursts = new Map<string, number>();
  /** The registry's Bearer challenge (realm and service), learnt from its first 401. */
  private challenge: { realm: string; service: string } | undefined;

  private constructor(server: Server, port: number, options: FaultProxyOptions) {
    this.server = server;
    this.host = `127.0.0.1:${port}`;
    this.target = options.target;
    this.rate = options.rate ?? 0;
    this.kinds = options.kinds ?? allFaultKinds;
    this.seed = options.seed ?? 1;
    this.keyed = options.keyed ?? false;
    this.random = generator(this.seed);
    this.retryAfter = String(options.retryAfterSeconds ?? 1);
    this.match = options.match ?? (() => true);
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(options: FaultProxyOptions): Promise<FaultProxy> {
    const port = await freePort();
    const holder: { proxy?: FaultProxy } = {};
    const server = createServer((request, response) => {
      holder.proxy!.handle(request, response).catch(() => response.destroy());
    });
    const proxy = new FaultProxy(server, port, options);
    holder.proxy = proxy;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  /** Faults the next `count` requests that `match` (default any) with `kind`, before any random fault. */
  failNext(kind: FaultKind, count = 1, match: RequestMatcher = () => true): void {
    for (let i = 0; i < count; i++) this.queued.push({ kind, match });
  }

  /**
   * Starts over from `seed`: the counts of requests seen (keyed mode), bursts under way, queued faults
   * and the record of requests are cleared, so that each run of a suite draws from its own seed.
   */
  reseed(seed: number): void {
    this.seed = seed;
    this.random = generator(seed);
    this.occurrences.clear();
    this.bursts.clear();
    this.queued.length = 0;
    this.requests.length = 0;
    for (const kind of Object.keys(this.injected) as FaultKind[]) this.injected[kind] = 0;
  }

  /** Drops faults queued with failNext that no request has taken yet. */
  clearQueued(): void {
    this.queued.length = 0;
  }

  /** Faults injected in all. */
  get totalInjected(): number {
    return Object.values(this.injected).reduce((sum, count) => sum + count, 0);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The fault for a request and, keyed, a number in [0, 1) for where in the body a byte is flipped. */
  private choose(method: string, path: string): { fault: FaultKind | undefined; position?: number } {
    const index = this.queued.findIndex((entry) => entry.match(method, path));
    if (index >= 0) return { fault: this.queued.splice(index, 1)[0]!.kind };
    if (!this.match(method, path) || this.rate <= 0) return { fault: undefined };
    if (this.keyed) {
      const key = faultKey(method, path);
      const occurrence = this.occurrences.get(key) ?? 0;
      this.occurrences.set(key, occurrence + 1);
      const [hit, which, position] = keyedDraws(this.seed, key, occurrence);
      const burst = this.bursts.get(key) ?? 0;
      if (burst > 0) {
        this.bursts.set(key, burst - 1);
        return { fault: 'burst503', position };
      }
      const fault = hit < this.rate ? this.kinds[Math.floor(which * this.kinds.length)] : undefined;
      if (fault === 'burst503') this.bursts.set(key, 2);
      return { fault, position };
    }
    // Two draws per request, whatever the outcome, keep the sequence independent of upstream answers.
    const hit = this.random() < this.rate;
    const which = this.kinds[Math.floor(this.random() * this.kinds.length)];
    return { fault: hit ? which : undefined };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const path = request.url ?? '/';
    const chosen = this.choose(method, path);
    let fault = chosen.fault;
    if (fault === 'unauthorized' && !this.challenge) fault = undefined;
    this.requests.push({ method, path, ...(fault ? { fault } : {}) });

    if (fault === 'stall') {
      // Read the request and never answer: the client's timeout has to notice.
      request.resume();
      this.injected.stall++;
      return;
    }
    if (fault === 'status500' || fault === 'status503' || fault === 'status429' || fault === 'burst503') {
      request.resume();
      await new Promise((resolve) => request.once('end', resolve));
      this.injected[fault]++;
      const status = fault === 'status500' ? 500 : fault === 'status429' ? 429 : 503;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (fault === 'status429') headers['retry-after'] = this.retryAfter;
      response.writeHead(status, headers);
      response.end(JSON.stringify({ errors: [{ code: 'INJECTED', message: `injected ${status}` }] }));
      return;
    }
    if (fault === 'unauthorized') {
      request.resume();
      await new Promise((resolve) => request.once('end', resolve));
      this.injected.unauthorized++;
      // What distribution says to a token that has expired: its own challenge, for this repository.
      const name = /^\/v2\/(.+?)\/(?:manifests|blobs|tags|referrers)\//.exec(
        new URL(path, 'http://proxy').pathname,
      )?.[1];
      const actions = method === 'GET' || method === 'HEAD' ? 'pull' : 'pull,push';
      const { realm, service } = this.challenge!;
      response.writeHead(401, {
        'content-type': 'application/json',
        'www-authenticate':
          `Bearer realm="${realm}",service="${service}"` +
          (name ? `,scope="repository:${name}:${actions}",error="invalid_token"` : ''),
      });
      response.end(
        JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'injected: token expired' }] }),
      );
      return;
    }

    const upstream = await this.forward(request);
    const headers = this.rewriteHeaders(upstream.headers);
    this.learnChallenge(upstream);
    if (fault === undefined) {
      response.writeHead(upstream.statusCode ?? 502, headers);
      upstream.pipe(response);
      return;
    }

    const chunks: Buffer[] = [];
    for await (const chunk of upstream) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const socket = response.socket;
    if (fault === 'corrupt') {
      if (body.length === 0) {
        // Nothing to corrupt: answer faithfully and do not count it.
        response.writeHead(upstream.statusCode ?? 502, headers);
        response.end();
        return;
      }
      const position = Math.floor((chosen.position ?? this.random()) * body.length);
      body[position] = body[position]! ^ 0x20;
      this.injected.corrupt++;
      response.writeHead(upstream.statusCode ?? 502, headers);
      response.end(body);
      return;
    }
    this.injected[fault]++;
    if (body.length === 0 || method === 'HEAD') {
      // No body to cut: break the connection before the answer, or (stallBody) never answer.
      if (fault !== 'stallBody') socket?.resetAndDestroy();
      return;
    }
    response.writeHead(upstream.statusCode ?? 502, headers);
    response.flushHeaders();
    response.write(body.subarray(0, Math.floor(body.length / 2)));
    // stallBody: the rest never comes, and the connection stays open until the client gives up.
    if (fault === 'stallBody') return;
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (fault === 'reset') socket?.resetAndDestroy();
    else socket?.destroySoon();
  }

  private learnChallenge(upstream: IncomingMessage): void {
    if (this.challenge || upstream.statusCode !== 401) return;
    const value = upstream.headers['www-authenticate'] ?? '';
    const realm = /realm="([^"]*)"/.exec(value)?.[1];
    const service = /service="([^"]*)"/.exec(value)?.[1];
    if (/^Bearer /i.test(value) && realm && service) this.challenge = { realm, service };
  }

  private forward(request: IncomingMessage): Promise<IncomingMessage> {
    const headers: IncomingHttpHeaders = { ...request.headers, host: this.target };
    return new Promise((resolve, reject) => {
      const [hostname, port] = this.target.split(':');
      const outgoing = httpRequest(
        { hostname, port: Number(port), method: request.method, path: request.url, headers },
        resolve,
      );
      outgoing.on('error', reject);
      request.pipe(outgoing);
    });
  }

  /** Points `Location` back through the proxy. */
  private rewriteHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
    const rewritten = { ...headers };
    const location = rewritten.location;
    if (typeof location === 'string') rewritten.location = location.split(this.target).join(this.host);
    return rewritten;
  }
}
