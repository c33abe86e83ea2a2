import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';
import { freePort } from './ports.ts';

// A loopback HTTP proxy in front of a registry that breaks a chosen fraction of requests, the way
// networks and overloaded registries do: 500 and 503 answers, 429 with Retry-After, connections reset
// in the middle of a body, bodies cut short, and one byte flipped in a body. Faults are drawn from a
// seeded generator, so a failing run can be replayed with its seed.

/** `stall` (never answering) is only injected when asked for, not drawn at random by default. */
export type FaultKind = 'status500' | 'status503' | 'status429' | 'reset' | 'truncate' | 'corrupt' | 'stall';

export const allFaultKinds: readonly FaultKind[] = [
  'status500',
  'status503',
  'status429',
  'reset',
  'truncate',
  'corrupt',
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
  };
  readonly requests: ProxiedRequest[] = [];
  /** The fault rate; change it between phases of a test. */
  rate: number;
  private readonly kinds: readonly FaultKind[];
  private readonly random: () => number;
  private readonly retryAfter: string;
  private readonly match: RequestMatcher;
  private readonly queued: { kind: FaultKind; match: RequestMatcher }[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(server: Server, port: number, options: FaultProxyOptions) {
    this.server = server;
    this.host = `127.0.0.1:${port}`;
    this.target = options.target;
    this.rate = options.rate ?? 0;
    this.kinds = options.kinds ?? allFaultKinds;
    this.random = generator(options.seed ?? 1);
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

  private choose(method: string, path: string): FaultKind | undefined {
    const index = this.queued.findIndex((entry) => entry.match(method, path));
    if (index >= 0) return this.queued.splice(index, 1)[0]!.kind;
    if (!this.match(method, path) || this.rate <= 0) return undefined;
    // Two draws per request, whatever the outcome, keep the sequence independent of upstream answers.
    const hit = this.random() < this.rate;
    const which = this.kinds[Math.floor(this.random() * this.kinds.length)];
    return hit ? which : undefined;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const path = request.url ?? '/';
    const fault = this.choose(method, path);
    this.requests.push({ method, path, ...(fault ? { fault } : {}) });

    if (fault === 'stall') {
      // Read the request and never answer: the client's timeout has to notice.
      request.resume();
      this.injected.stall++;
      return;
    }
    if (fault === 'status500' || fault === 'status503' || fault === 'status429') {
      request.resume();
      await new Promise((resolve) => request.once('end', resolve));
      this.injected[fault]++;
      const status = fault === 'status500' ? 500 : fault === 'status503' ? 503 : 429;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (fault === 'status429') headers['retry-after'] = this.retryAfter;
      response.writeHead(status, headers);
      response.end(JSON.stringify({ errors: [{ code: 'INJECTED', message: `injected ${status}` }] }));
      return;
    }

    const upstream = await this.forward(request);
    const headers = this.rewriteHeaders(upstream.headers);
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
      const position = Math.floor(this.random() * body.length);
      body[position] = body[position]! ^ 0x20;
      this.injected.corrupt++;
      response.writeHead(upstream.statusCode ?? 502, headers);
      response.end(body);
      return;
    }
    this.injected[fault]++;
    if (body.length === 0 || method === 'HEAD') {
      // No body to cut: break the connection before the answer.
      socket?.resetAndDestroy();
      return;
    }
    response.writeHead(upstream.statusCode ?? 502, headers);
    response.flushHeaders();
    response.write(body.subarray(0, Math.floor(body.length / 2)));
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (fault === 'reset') socket?.resetAndDestroy();
    else socket?.destroySoon();
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
