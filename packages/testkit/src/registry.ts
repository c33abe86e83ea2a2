import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './ports.ts';
import { requireTool } from './tools.ts';
import { spawnGroupOptions, trackProcess } from './processes.ts';

export interface RegistryOptions {
  /** htpasswd Basic auth with these users (bcrypt hashes made by `htpasswd -B`). */
  users?: Record<string, string>;
  /** Bearer token auth: the registry trusts JWTs signed by the key whose certificate is here. */
  token?: { realm: string; service: string; issuer: string; rootCertBundle: string };
}

/** A real CNCF distribution registry (Debian's docker-registry 2.8) on a free loopback port. */
export class TestRegistry {
  readonly host: string;
  readonly root: string;
  private readonly child: ChildProcess;
  private stderr = '';

  private constructor(host: string, root: string, child: ChildProcess) {
    this.host = host;
    this.root = root;
    this.child = child;
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
  }

  static async start(options: RegistryOptions = {}): Promise<TestRegistry> {
    requireTool('docker-registry');
    if (options.users) requireTool('htpasswd');
    const root = mkdtempSync(join(tmpdir(), 'airlock-registry-'));
    const port = await freePort();
    const auth: string[] = [];
    if (options.users) {
      const file = join(root, 'htpasswd');
      writeFileSync(file, '');
      for (const [user, password] of Object.entries(options.users)) {
        execFileSync('htpasswd', ['-bB', file, user, password], { stdio: 'ignore' });
      }
      auth.push('auth:', '  htpasswd:', '    realm: airlock-test', `    path: ${file}`);
    } else if (options.token) {
      const t = options.token;
      auth.push(
        'auth:',
        '  token:',
        `    realm: ${t.realm}`,
        `    service: ${t.service}`,
        `    issuer: ${t.issuer}`,
        `    rootcertbundle: ${t.rootCertBundle}`,
      );
    }
    const config = join(root, 'config.yml');
    writeFileSync(
      config,
      [
        'version: 0.1',
        'log:',
        '  level: error',
        '  accesslog:',
        '    disabled: true',
        'storage:',
        '  filesystem:',
        `    rootdirectory: ${join(root, 'data')}`,
        '  delete:',
        '    enabled: true',
        'http:',
        `  addr: 127.0.0.1:${port}`,
        '  secret: airlock-test-secret',
        ...auth,
        '',
      ].join('\n'),
    );
    const child = spawn('docker-registry', ['serve', config], {
      stdio: ['ignore', 'ignore', 'pipe'],
      ...spawnGroupOptions(),
    });
    trackProcess(child);
    const registry = new TestRegistry(`127.0.0.1:${port}`, root, child);
    try {
      await waitFor(async () => {
        const response = await fetch(`http://127.0.0.1:${port}/v2/`);
        return response.status === 200 || response.status === 401;
      }, `docker-registry on port ${port}`);
    } catch (error) {
      await registry.stop();
      throw new Error(`${(error as Error).message}: ${registry.stderr.trim()}`);
    }
    return registry;
  }

  url(path: string): string {
    return `http://${this.host}${path}`;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}
