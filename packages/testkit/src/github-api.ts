import { listenOnLoopback } from './ports.ts';
import { createServer, type Server } from 'node:http';

// A loopback stand-in for the GitHub Packages REST endpoints that delete a container image version
// (`GET|DELETE /orgs|users/{owner}/packages/container/{name}/versions[/{id}]`). Only what the actions
// call; tests that use it say so in their names.

export interface StandInPackage {
  owner: string;
  /** `orgs` or `users`: which path finds it. */
  ownerKind: 'orgs' | 'users';
  name: string;
  /** Version names: image digests. */
  versions: string[];
}

export class GithubApiStandIn {
  readonly url: string;
  /** Requests seen: `METHOD path`. */
  readonly requests: string[] = [];
  private readonly server: Server;
  private readonly packages: Map<string, { kind: string; versions: Map<number, string> }>;
  private readonly tokens: Map<string, 'read' | 'delete'>;

  private constructor(
    url: string,
    server: Server,
    packages: Map<string, { kind: string; versions: Map<number, string> }>,
    tokens: Map<string, 'read' | 'delete'>,
  ) {
    this.url = url;
    this.server = server;
    this.packages = packages;
    this.tokens = tokens;
  }

  /** `tokens`: token → what it may do (`read`, or `delete` which is `delete:packages`). */
  static async start(
    packages: StandInPackage[],
    tokens: Record<string, 'read' | 'delete'>,
  ): Promise<GithubApiStandIn> {
    const store = new Map<string, { kind: string; versions: Map<number, string> }>();
    let nextId = 1000;
    for (const entry of packages) {
      const versions = new Map<number, string>();
      for (const version of entry.versions) versions.set(nextId++, version);
      store.set(`${entry.owner}/${entry.name}`, { kind: entry.ownerKind, versions });
    }
    const server = createServer();
    const baseUrl = await listenOnLoopback(server);
    const api = new GithubApiStandIn(baseUrl, server, store, new Map(Object.entries(tokens)));
    server.on('request', (request, response) => {
      const url = new URL(request.url ?? '/', api.url);
      api.requests.push(`${request.method} ${url.pathname}`);
      const reply = (status: number, body?: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(body === undefined ? undefined : JSON.stringify(body));
      };
      const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      const grant = token ? api.tokens.get(token) : undefined;
      if (!grant) return reply(401, { message: 'Bad credentials' });
      const match = /^\/(orgs|users)\/([^/]+)\/packages\/container\/([^/]+)\/versions(?:\/(\d+))?$/.exec(
        url.pathname,
      );
      const found = match
        ? api.packages.get(`${decodeURIComponent(match[2]!)}/${decodeURIComponent(match[3]!)}`)
        : undefined;
      if (!match || !found || found.kind !== match[1]) return reply(404, { message: 'Not Found' });
      if (request.method === 'GET' && !match[4]) {
        const perPage = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        const all = [...found.versions].map(([id, name]) => ({ id, name }));
        return reply(200, all.slice((page - 1) * perPage, page * perPage));
      }
      if (request.method === 'DELETE' && match[4]) {
        if (grant !== 'delete') {
          return reply(403, { message: 'You need at least read:packages and delete:packages scopes' });
        }
        if (!found.versions.delete(Number(match[4]))) return reply(404, { message: 'Not Found' });
        response.writeHead(204).end();
        return;
      }
      return reply(405, { message: 'Method not allowed' });
    });
    return api;
  }

  /** The version names a package still has. */
  versions(owner: string, name: string): string[] {
    return [...(this.packages.get(`${owner}/${name}`)?.versions.values() ?? [])];
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
