import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  TestRegistry,
  listenOnLoopback,
  pushLayout,
  runActionBundle,
  skopeoInspectRaw,
  writeImageLayout,
  type ActionRun,
  type BuiltImage,
} from '@airlock/testkit';
import { RegistryClient, parseReference } from '@airlock/core';

// A hostile source registry: a loopback server in front of a real one that answers one kind of request
// with a body that never ends (or pages that never end). The mirror bundle must stop at its read
// limit with one error naming the registry, leave no destination tag, and keep its memory bounded.

/** The places a hostile registry can send an endless answer. */
type Place =
  | 'error body'
  | 'error body, after retries'
  | 'token'
  | 'manifest'
  | 'tag list'
  | 'endless tag pages'
  | 'referrers'
  | 'fallback index'
  | 'blob longer than its descriptor'
  | 'config longer than its descriptor';

/** Bounded "endless": far beyond every read limit, so a client that does not stop shows in its memory. */
const endlessBytes = 1024 * 1024 * 1024;
const maxPages = 5000;
const rssLimitKb = 300 * 1024;

/** Writes `prefix` and then spaces until the client goes away (or `endlessBytes` were sent). */
function sendEndless(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  prefix: string,
) {
  response.writeHead(status, headers);
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  let closed = false;
  response.on('close', () => (closed = true));
  response.write(prefix);
  const pump = () => {
    while (!closed && sent < endlessBytes) {
      sent += chunk.length;
      if (!response.write(chunk)) {
        response.once('drain', pump);
        return;
      }
    }
    if (!closed) response.end();
  };
  pump();
}

class HostileRegistry {
  place: Place = 'manifest';
  readonly server: Server;
  host = '';
  private readonly upstream: string;
  private readonly digests: { config: string; layer: string; image: string };

  constructor(upstream: string, digests: { config: string; layer: string; image: string }) {
    this.upstream = upstream;
    this.digests = digests;
    this.server = createServer((request, response) => this.answer(request, response));
  }

  async start(): Promise<void> {
    this.host = new URL(await listenOnLoopback(this.server)).host;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', `http://${this.host}`);
    const path = url.pathname;
    const get = request.method === 'GET';
    const json = { 'content-type': 'application/json' };
    switch (this.place) {
      case 'error body':
        if (get && /\/manifests\/1\.0$/.test(path)) return sendEndless(response, 400, json, '{"errors":[');
        break;
      case 'error body, after retries':
        if (get && /\/manifests\/1\.0$/.test(path)) return sendEndless(response, 503, json, '{"errors":[');
        break;
      case 'token':
        if (path === '/token') return sendEndless(response, 200, json, '{"token":"');
        if (!request.headers.authorization) {
          response.writeHead(401, {
            'www-authenticate': `Bearer realm="http://${this.host}/token",service="hostile"`,
          });
          response.end();
          return;
        }
        break;
      case 'manifest':
        if (get && /\/manifests\/1\.0$/.test(path)) {
          return sendEndless(
            response,
            200,
            { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
            '{"schemaVersion":2,',
          );
        }
        break;
      case 'tag list':
        if (get && path.endsWith('/tags/list')) return sendEndless(response, 200, json, '{"tags":["');
        break;
      case 'endless tag pages':
        if (get && path.endsWith('/tags/list')) {
          const page = Number(url.searchParams.get('last')?.slice(1) ?? '0') + 1;
          response.writeHead(200, {
            ...json,
            ...(page < maxPages ? { link: `<${path}?n=1000&last=p${page}>; rel="next"` } : {}),
          });
          response.end(JSON.stringify({ name: 'hostile/app', tags: [`p${page}`] }));
          return;
        }
        break;
      case 'referrers':
        if (get && path.includes('/referrers/')) {
          return sendEndless(
            response,
            200,
            { 'content-type': 'application/vnd.oci.image.index.v1+json' },
            '{"schemaVersion":2,"manifests":[',
          );
        }
        break;
      case 'fallback index': {
        if (path.includes('/referrers/')) {
          response.writeHead(404, { 'content-type': 'text/plain' });
          response.end('404 page not found\n');
          return;
        }
        const tag = `sha256-${this.digests.image.slice('sha256:'.length)}`;
        // The tag list names the fallback tag, so the copier has to read it.
        if (get && path.endsWith('/tags/list')) {
          response.writeHead(200, json);
          response.end(JSON.stringify({ name: 'hostile/app', tags: ['1.0', tag] }));
          return;
        }
        if (path.endsWith(`/manifests/${tag}`)) {
          if (request.method === 'HEAD') {
            response.writeHead(200, {
              'content-type': 'application/vnd.oci.image.index.v1+json',
              'content-length': '100',
            });
            response.end();
            return;
          }
          return sendEndless(
            response,
            200,
            { 'content-type': 'application/vnd.oci.image.index.v1+json' },
            '{"schemaVersion":2,"manifests":[',
          );
        }
        break;
      }
      case 'blob longer than its descriptor':
        if (get && path.endsWith(`/blobs/${this.digests.layer}`)) {
          return sendEndless(response, 200, { 'content-type': 'application/octet-stream' }, '');
        }
        break;
      case 'config longer than its descriptor':
        if (get && path.endsWith(`/blobs/${this.digests.config}`)) {
          return sendEndless(response, 200, { 'content-type': 'application/octet-stream' }, '');
        }
        break;
    }
    this.forward(request, response);
  }

  /** Everything else goes to the real registry, as it answers (redirects and all), without credentials. */
  private forward(request: IncomingMessage, response: ServerResponse): void {
    const headers = { ...request.headers, host: this.upstream };
    delete headers.authorization;
    const upstreamRequest = httpRequest(
      {
        host: this.upstream.split(':')[0],
        port: Number(this.upstream.split(':')[1]),
        method: request.method,
        path: request.url,
        headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstreamRequest.on('error', () => response.destroy());
    request.pipe(upstreamRequest);
  }
}

function explain(run: ActionRun): string {
  return `exit ${run.exitCode}\n${run.stdout}\n${run.stderr}`;
}

describe('mirror (bundle) against a hostile registry that sends endless answers', () => {
  let upstream: TestRegistry;
  let quarantine: TestRegistry;
  let hostile: HostileRegistry;
  let work: string;
  let image: BuiltImage;
  let preload: string;
  const figures: string[] = [];

  beforeAll(async () => {
    [upstream, quarantine] = await Promise.all([TestRegistry.start(), TestRegistry.start()]);
    work = mkdtempSync(join(tmpdir(), 'airlock-hostile-'));
    image = await writeImageLayout(join(work, 'app'), '1.0', [
      { architecture: 'amd64', layers: [{ randomBytes: 40_000 }] },
    ]);
    pushLayout(join(work, 'app'), '1.0', `${upstream.host}/hostile/app:1.0`);
    const manifest = JSON.parse(skopeoInspectRaw(`${upstream.host}/hostile/app:1.0`).toString()) as {
      config: { digest: string };
      layers: { digest: string }[];
    };
    hostile = new HostileRegistry(upstream.host, {
      config: manifest.config.digest,
      layer: manifest.layers[0]!.digest,
      image: image.digest,
    });
    await hostile.start();
    // Each bundle process writes its peak resident memory (KiB) when it exits. VmHWM belongs to the
    // process's own memory map; getrusage's maxRSS would also count the test runner it was forked from.
    preload = join(work, 'peak-rss.cjs');
    writeFileSync(
      preload,
      "const fs = require('node:fs');\n" +
        "process.on('exit', () => {\n" +
        "  const peak = /VmHWM:\\s+(\\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));\n" +
        "  fs.writeFileSync(process.env.AIRLOCK_TEST_RSS_FILE, peak ? peak[1] : '0');\n" +
        '});\n',
    );
  });

  afterAll(async () => {
    if (figures.length > 0)
      process.stdout.write(`peak RSS of the mirror bundle per hostile place:\n${figures.join('\n')}\n`);
    await Promise.all([upstream?.stop(), quarantine?.stop(), hostile?.stop()]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('copies the image when the registry behaves (the control)', async () => {
    hostile.place = 'manifest';
    const run = await runActionBundle('mirror', {
      source: `${upstream.host}/hostile/app:1.0`,
      destination: `${quarantine.host}/control/app`,
      'insecure-registries': `${upstream.host},${quarantine.host}`,
    });
    expect(run.exitCode === 0 ? '' : explain(run)).toBe('');
    expect(run.outputs['digest']).toBe(image.digest);
  });

  it.each<[Place, RegExp]>([
    ['error body', /reading manifest 1\.0 of HOST\/hostile\/app failed: HTTP 400/],
    ['error body, after retries', /reading manifest 1\.0 of HOST\/hostile\/app failed: HTTP 503/],
    ['token', /token service HOST\/token for HOST is larger than the 1 MiB/],
    ['manifest', /the manifest 1\.0 of HOST\/hostile\/app is larger than the 16 MiB/],
    ['tag list', /one page of the tag list of HOST\/hostile\/app is larger than the 16 MiB/],
    ['endless tag pages', /the tag list of HOST\/hostile\/app goes on for more than 1000 pages/],
    [
      'referrers',
      /one page of the referrers of sha256:[0-9a-f]{64} in HOST\/hostile\/app is larger than the 16 MiB/,
    ],
    ['fallback index', /the manifest sha256-[0-9a-f]{64} of HOST\/hostile\/app is larger than the 16 MiB/],
    [
      'blob longer than its descriptor',
      /HOST\/hostile\/app blob sha256:[0-9a-f]{64}: received more than the expected \d+ bytes/,
    ],
    [
      'config longer than its descriptor',
      /HOST\/hostile\/app blob sha256:[0-9a-f]{64}: received more than the expected \d+ bytes/,
    ],
  ])('%s: one error naming the registry, no tag, bounded memory', async (place, expected) => {
    hostile.place = place;
    const rssFile = join(work, `rss-${place.replace(/\W+/g, '-')}`);
    const destination = `${quarantine.host}/${place.replace(/\W+/g, '-')}/app`;
    const started = Date.now();
    const run = await runActionBundle(
      'mirror',
      {
        source: `${hostile.host}/hostile/app:1.0`,
        destination: `${destination}:1.0`,
        'insecure-registries': `${hostile.host},${quarantine.host}`,
      },
      { NODE_OPTIONS: `--require ${preload}`, AIRLOCK_TEST_RSS_FILE: rssFile },
    );
    const seconds = (Date.now() - started) / 1000;
    // No file: the process died without running its exit handlers.
    const peakKb = Number(existsSync(rssFile) ? readFileSync(rssFile, 'utf8') : '0');
    figures.push(
      `  ${place}: ${(peakKb / 1024).toFixed(0)} MB, ${seconds.toFixed(1)} s, exit ${run.exitCode}`,
    );
    expect(run.exitCode).not.toBe(0);
    expect(run.errors.length === 1 ? '' : explain(run)).toBe('');
    const pattern = new RegExp(expected.source.replaceAll('HOST', hostile.host.replace(/\./g, '\\.')));
    expect(run.errors[0]).toMatch(pattern);
    expect(run.stderr).not.toMatch(/Unhandled|heap out of memory/i);

    const client = new RegistryClient({ insecureRegistries: [quarantine.host] });
    try {
      expect(await client.repository(parseReference(destination)).resolve('1.0')).toBeUndefined();
    } finally {
      await client.close();
    }
    expect(peakKb).toBeGreaterThan(0);
    expect(peakKb).toBeLessThan(rssLimitKb);
  });
});
