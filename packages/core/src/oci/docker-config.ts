// Credentials that `docker login` (and docker/login-action) leave behind: `~/.docker/config.json` with
// inline `auths`, per-registry `credHelpers`, or one `credsStore`, both run as `docker-credential-<name>`.

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '../errors.ts';
import { registryApiHost } from './reference.ts';

export interface DockerAuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
  registrytoken?: string;
}

export interface DockerConfigFile {
  auths?: Record<string, DockerAuthEntry>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** A credential for one registry, and where it came from (for messages; never the secret itself). */
export interface RegistryCredential {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token (`identitytoken`), exchanged at the registry's token endpoint. */
  identityToken?: string;
  /** A bearer token sent as it is (`registrytoken`). */
  registryToken?: string;
  source: string;
}

/** What a credential helper's `get` returned, or undefined when it has nothing for that server. */
export type CredentialHelperRunner = (
  helper: string,
  serverUrl: string,
) => Promise<{ Username: string; Secret: string } | undefined>;

/** `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. The action passes its environment. */
export function defaultDockerConfigPath(
  env: Record<string, string | undefined> = {},
  home = homedir(),
): string {
  return env['DOCKER_CONFIG']
    ? join(env['DOCKER_CONFIG'], 'config.json')
    : join(home, '.docker', 'config.json');
}

/** Reads a Docker config file; undefined when there is none. A broken file is the user's to fix. */
export function readDockerConfig(path: string): DockerConfigFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigurationError(`Cannot read the Docker config ${path}: ${(error as Error).message}.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigurationError(
      `The Docker config ${path} is not valid JSON: fix it or log in again with docker login.`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigurationError(
      `The Docker config ${path} is not a JSON object: fix it or log in again with docker login.`,
    );
  }
  return parsed as DockerConfigFile;
}

/** The host a config key names: `https://index.docker.io/v1/` → `registry-1.docker.io`. */
function keyHost(key: string): string {
  const host = key
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
  return registryApiHost(host === 'index.docker.io' ? 'docker.io' : host);
}

function findEntry<T>(map: Record<string, T> | undefined, registry: string): T | undefined {
  if (!map) return undefined;
  const wanted = registryApiHost(registry.toLowerCase());
  for (const [key, value] of Object.entries(map)) {
    if (keyHost(key) === wanted) return value;
  }
  return undefined;
}

/** The server URL credential helpers know a registry by (Docker Hub's is historical). */
export function helperServerUrl(registry: string): string {
  return registryApiHost(registry) === 'registry-1.docker.io' ? 'https://index.docker.io/v1/' : registry;
}

function fromHelper(result: { Username: string; Secret: string }, source: string): RegistryCredential {
  // Helpers return the user name `<token>` when the secret is an identity (refresh) token.
  return result.Username === '<token>'
    ? { identityToken: result.Secret, source }
    : { username: result.Username, password: result.Secret, source };
}

function fromEntry(entry: DockerAuthEntry, path: string): RegistryCredential | undefined {
  const source = `${path} (docker login)`;
  let { username, password } = entry;
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new ConfigurationError(
        `The Docker config ${path} has an "auth" value that is not base64 of user:password: log in again with docker login.`,
      );
    }
    username = decoded.slice(0, colon);
    password = decoded.slice(colon + 1);
  }
  if (entry.identitytoken)
    return { ...(username ? { username } : {}), identityToken: entry.identitytoken, source };
  if (entry.registrytoken) return { registryToken: entry.registrytoken, source };
  if (username !== undefined && password !== undefined && (username !== '' || password !== '')) {
    return { username, password, source };
  }
  return undefined;
}

/**
 * The credential the Docker config holds for `registry`: its `credHelpers` entry first, else the
 * `credsStore`, else the inline `auths` entry (docker keeps an empty entry there when a store holds it).
 */
export async function credentialFromDockerConfig(
  config: DockerConfigFile,
  registry: string,
  path: string,
  runHelper: CredentialHelperRunner = runCredentialHelper,
): Promise<RegistryCredential | undefined> {
  const helper = findEntry(config.credHelpers, registry) ?? config.credsStore;
  if (helper) {
    const result = await runHelper(helper, helperServerUrl(registry));
    if (result) return fromHelper(result, `docker-credential-${helper} (from ${path})`);
  }
  const entry = findEntry(config.auths, registry);
  return entry ? fromEntry(entry, path) : undefined;
}

/**
 * A runner of `docker-credential-<helper> get` with the server URL on stdin, as Docker does. The helper
 * is looked up on the PATH of `env` (default: the environment this process passes to its children).
 */
export function credentialHelperRunner(env?: NodeJS.ProcessEnv): CredentialHelperRunner {
  return (helper, serverUrl) => {
    if (!/^[A-Za-z0-9._-]+$/.test(helper)) {
      return Promise.reject(
        new ConfigurationError(`The Docker credential helper name "${helper}" is not valid.`),
      );
    }
    const program = `docker-credential-${helper}`;
    return new Promise((resolve, reject) => {
      const options = { timeout: 30_000, maxBuffer: 1 << 20, ...(env ? { env } : {}) };
      const child = execFile(program, ['get'], options, (error, stdout, stderr) => {
        if (error) {
          if (/credentials not found|no credentials/i.test(`${stdout}${stderr}`)) {
            resolve(undefined);
          } else if (error.code === 'ENOENT') {
            reject(
              new ConfigurationError(
                `The Docker config names the credential helper "${helper}", but ${program} is not on PATH: install it or remove it from the config.`,
              ),
            );
          } else {
            // The helper's output is not repeated: it might echo a secret.
            reject(
              new ConfigurationError(`${program} get failed for ${serverUrl} (exit ${String(error.code)}).`),
            );
          }
          return;
        }
        try {
          const parsed = JSON.parse(stdout) as { Username?: unknown; Secret?: unknown };
          if (typeof parsed.Secret !== 'string' || parsed.Secret === '') {
            resolve(undefined);
            return;
          }
          resolve({
            Username: typeof parsed.Username === 'string' ? parsed.Username : '',
            Secret: parsed.Secret,
          });
        } catch {
          reject(new ConfigurationError(`${program} get returned output that is not JSON for ${serverUrl}.`));
        }
      });
      child.stdin?.end(`${serverUrl}\n`);
    });
  };
}

export const runCredentialHelper: CredentialHelperRunner = credentialHelperRunner();
