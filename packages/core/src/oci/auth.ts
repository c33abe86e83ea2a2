// Registry authentication: which credential to use for a host, and how to turn it into an
// Authorization header (Basic, or the Bearer token flow of the distribution spec), with every secret
// handed to `onSecret` (the action masks it) and none ever put in a message.

import { RegistryError } from '../errors.ts';
import { silentLogger, type Logger } from '../logger.ts';
import {
  credentialFromDockerConfig,
  readDockerConfig,
  runCredentialHelper,
  type CredentialHelperRunner,
  type DockerConfigFile,
  type RegistryCredential,
} from './docker-config.ts';
import { describeUrl, header, type HttpRequest, type HttpResponse, type HttpTransport } from './http.ts';
import { dockerHub, registryApiHost } from './reference.ts';
import { readLimits } from './limits.ts';
import { readBodyBounded } from './registry-answers.ts';

export type { RegistryCredential } from './docker-config.ts';

export interface ExplicitCredential {
  username: string;
  password: string;
  /** Which inputs gave it, for messages: `destination-username/destination-password`. */
  source?: string;
}

/** Where credentials come from, in the order they are tried. */
export interface CredentialSources {
  /** Credentials from action inputs, by registry (`ghcr.io`, `docker.io`, `localhost:5000`). */
  hosts?: Record<string, ExplicitCredential>;
  /** A Docker config file (`defaultDockerConfigPath(process.env)`); left out, none is read. */
  dockerConfigPath?: string;
  /** A GitHub token, used for ghcr.io when nothing else gave a credential. */
  githubToken?: string;
  /** The user name sent with the GitHub token (default `x-access-token`; GHCR ignores it). */
  githubActor?: string;
  /** Runs `docker-credential-*` helpers; tests may replace it. */
  runCredentialHelper?: CredentialHelperRunner;
}

/** What to tell a user who needs to give credentials, when none of theirs were used. */
const credentialAdvice = 'registry username/password inputs, docker login, or github-token for ghcr.io';

/** Resolves (and caches) the credential for each registry host, in the order of `CredentialSources`. */
export class CredentialResolver {
  private readonly sources: CredentialSources;
  private readonly onSecret: (secret: string) => void;
  private readonly cache = new Map<string, Promise<RegistryCredential | undefined>>();
  private dockerConfig: DockerConfigFile | undefined | null = null;

  constructor(sources: CredentialSources = {}, onSecret: (secret: string) => void = () => {}) {
    this.sources = sources;
    this.onSecret = onSecret;
    for (const credential of Object.values(sources.hosts ?? {})) onSecret(credential.password);
    if (sources.githubToken) onSecret(sources.githubToken);
  }

  /** The credential for a registry (`docker.io`, `registry-1.docker.io`, `host:port`), or undefined. */
  forRegistry(registry: string): Promise<RegistryCredential | undefined> {
    const host = registryApiHost(registry.toLowerCase());
    let pending = this.cache.get(host);
    if (!pending) {
      pending = this.lookUp(host).then((credential) => {
        for (const secret of [credential?.password, credential?.identityToken, credential?.registryToken]) {
          if (secret) this.onSecret(secret);
        }
        return credential;
      });
      this.cache.set(host, pending);
    }
    return pending;
  }

  private async lookUp(host: string): Promise<RegistryCredential | undefined> {
    for (const [name, credential] of Object.entries(this.sources.hosts ?? {})) {
      if (registryApiHost(name.toLowerCase()) === host) {
        return {
          username: credential.username,
          password: credential.password,
          source: credential.source ?? 'inputs',
        };
      }
    }
    const path = this.sources.dockerConfigPath;
    if (path) {
      if (this.dockerConfig === null) this.dockerConfig = readDockerConfig(path);
      if (this.dockerConfig) {
        const found = await credentialFromDockerConfig(
          this.dockerConfig,
          host,
          path,
          this.sources.runCredentialHelper ?? runCredentialHelper,
        );
        if (found) return found;
      }
    }
    if (this.sources.githubToken && host === 'ghcr.io') {
      return {
        username: this.sources.githubActor ?? 'x-access-token',
        password: this.sources.githubToken,
        source: 'github-token',
      };
    }
    return undefined;
  }
}

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses `WWW-Authenticate` (one or several challenges, quoted or token parameter values). */
export function parseWwwAuthenticate(value: string): Challenge[] {
  const challenges: Challenge[] = [];
  // Either `name=value` (tried first) or a bare token, which starts a new challenge.
  const item =
    /[\s,]*(?:([\w!#$%&'*+.^`|~-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))|([\w!#$%&'*+.^`|~-]+))/y;
  let current: Challenge | undefined;
  for (let match = item.exec(value); match && match[0] !== ''; match = item.exec(value)) {
    if (match[4] !== undefined) {
      current = { scheme: match[4].toLowerCase(), params: {} };
      challenges.push(current);
    } else if (current && match[1] !== undefined) {
      current.params[match[1].toLowerCase()] =
        match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '');
    }
  }
  return challenges;
}

/** Merges scopes on the same resource: `repository:a:pull` + `repository:a:push` → `repository:a:pull,push`. */
export function mergeScopes(scopes: string[]): string[] {
  const actions = new Map<string, Set<string>>();
  for (const scope of scopes.flatMap((text) => text.split(' ')).filter(Boolean)) {
    const last = scope.lastIndexOf(':');
    if (last < 0) continue;
    const resource = scope.slice(0, last);
    const set = actions.get(resource) ?? new Set<string>();
    for (const action of scope
      .slice(last + 1)
      .split(',')
      .filter(Boolean))
      set.add(action);
    actions.set(resource, set);
  }
  return [...actions.entries()].map(([resource, set]) => `${resource}:${[...set].sort().join(',')}`).sort();
}

/** Whether the granted scopes include every action of every wanted scope. */
function covers(granted: string[], wanted: string[]): boolean {
  const grantedActions = new Map(
    mergeScopes(granted).map((scope) => {
      const last = scope.lastIndexOf(':');
      return [scope.slice(0, last), new Set(scope.slice(last + 1).split(','))] as const;
    }),
  );
  return mergeScopes(wanted).every((scope) => {
    const last = scope.lastIndexOf(':');
    const have = grantedActions.get(scope.slice(0, last));
    return (
      have !== undefined &&
      scope
        .slice(last + 1)
        .split(',')
        .every((action) => have.has(action) || have.has('*'))
    );
  });
}

interface CachedToken {
  token: string;
  scopes: string[];
  expiresAt: number;
}

interface HostState {
  scheme?: 'basic' | 'bearer';
  realm?: string;
  service?: string;
  tokens: CachedToken[];
  /** Token requests under way, by scope set: parallel requests for the same scopes share one. */
  pending?: Map<string, Promise<CachedToken>>;
}

export interface AuthenticatorOptions {
  transport: HttpTransport;
  credentials: CredentialResolver;
  onSecret?: (secret: string) => void;
  logger?: Logger;
  /** Milliseconds since the epoch; tests move time to expire tokens. */
  now?: () => number;
}

/**
 * Produces Authorization headers for registry requests. It learns each host's scheme from its first
 * 401 challenge, then authorizes later requests up front; Bearer tokens are cached per scope set until
 * shortly before they expire.
 */
export class Authenticator {
  private readonly transport: HttpTransport;
  private readonly credentials: CredentialResolver;
  private readonly onSecret: (secret: string) => void;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly hosts = new Map<string, HostState>();
  private readonly masked = new Set<string>();

  constructor(options: AuthenticatorOptions) {
    this.transport = options.transport;
    this.credentials = options.credentials;
    const onSecret = options.onSecret ?? (() => {});
    this.onSecret = (secret) => {
      if (!this.masked.has(secret)) {
        this.masked.add(secret);
        onSecret(secret);
      }
    };
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
  }

  /** The header to send before any challenge, when the host's scheme is already known. */
  async authorization(host: string, scopes: string[]): Promise<string | undefined> {
    const state = this.hosts.get(host);
    if (state?.scheme === 'basic') return this.basic(host);
    if (state?.scheme === 'bearer') return this.bearer(host, state, scopes);
    return undefined;
  }

  /**
   * Answers a 401 to a request that carried `refused` (or nothing): reads the challenge, obtains a
   * credential or token and returns the header to retry with. Throws a RegistryError saying what to
   * check when there is nothing to answer with.
   */
  async answer(
    host: string,
    scopes: string[],
    challengeHeader: string | undefined,
    refused?: string,
  ): Promise<string> {
    const challenges = parseWwwAuthenticate(challengeHeader ?? '');
    const bearer = challenges.find((challenge) => challenge.scheme === 'bearer');
    const basic = challenges.find((challenge) => challenge.scheme === 'basic');
    const state = this.hosts.get(host) ?? { tokens: [] };
    this.hosts.set(host, state);
    if (bearer) {
      const realm = bearer.params['realm'];
      if (!realm) throw new RegistryError(`${host} asked for a Bearer token without naming a realm`, 401);
      state.scheme = 'bearer';
      state.realm = realm;
      state.service = bearer.params['service'];
      // The token the registry refused is dropped; others stay (parallel requests sent before the
      // first token arrived are refused too, and must not throw away the token they will share). The
      // scope the registry named is asked for as well as ours.
      const wanted = mergeScopes([...scopes, ...(bearer.params['scope'] ? [bearer.params['scope']] : [])]);
      state.tokens = state.tokens.filter((cached) => `Bearer ${cached.token}` !== refused);
      return this.bearer(host, state, wanted);
    }
    if (basic) {
      state.scheme = 'basic';
      const header = await this.basic(host);
      if (header) return header;
      throw new RegistryError(`${host} requires credentials: give them with ${credentialAdvice}`, 401);
    }
    throw new RegistryError(
      `${host} answered 401 without a Basic or Bearer challenge; check the credentials for ${host}`,
      401,
    );
  }

  /** Sends a token request; a token service that cannot be reached is named as the registry's. */
  private async requestToken<T>(
    host: string,
    request: HttpRequest,
    handle: (response: HttpResponse) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.transport.request(request, handle);
    } catch (error) {
      if (error instanceof RegistryError && error.status === undefined) {
        throw new RegistryError(`the token service of ${host} failed: ${error.message}`, undefined, {
          cause: error,
        });
      }
      throw error;
    }
  }

  /** Whether any source gives a credential for the host. */
  async hasCredential(host: string): Promise<boolean> {
    return (await this.credentials.forRegistry(host)) !== undefined;
  }

  /** A message suffix that names where the host's credential came from. */
  async credentialHint(host: string): Promise<string> {
    const credential = await this.credentials.forRegistry(host);
    // Users log in to Docker Hub as docker.io, whichever host serves its API.
    const name = host === registryApiHost(dockerHub) ? dockerHub : host;
    return credential
      ? `check the credentials for ${name} (from ${credential.source})`
      : `${name} needs credentials: give them with ${credentialAdvice}`;
  }

  private async basic(host: string): Promise<string | undefined> {
    const credential = await this.credentials.forRegistry(host);
    if (credential?.registryToken) return `Bearer ${credential.registryToken}`;
    if (credential?.username === undefined || credential.password === undefined) return undefined;
    const encoded = Buffer.from(`${credential.username}:${credential.password}`).toString('base64');
    this.onSecret(encoded);
    return `Basic ${encoded}`;
  }

  private async bearer(host: string, state: HostState, scopes: string[]): Promise<string> {
    const wanted = mergeScopes(scopes);
    const now = this.now();
    state.tokens = state.tokens.filter((cached) => cached.expiresAt > now);
    const cached = state.tokens.find((token) => covers(token.scopes, wanted));
    if (cached) return `Bearer ${cached.token}`;
    const key = wanted.join(' ');
    state.pending ??= new Map();
    let pending = state.pending.get(key);
    if (!pending) {
      pending = this.fetchToken(host, state, wanted)
        .then((token) => {
          state.tokens.push(token);
          return token;
        })
        .finally(() => state.pending?.delete(key));
      state.pending.set(key, pending);
    }
    return `Bearer ${(await pending).token}`;
  }

  private async fetchToken(host: string, state: HostState, scopes: string[]): Promise<CachedToken> {
    let realm: URL;
    try {
      realm = new URL(state.realm!);
    } catch {
      throw new RegistryError(`${host} names a token service that is not a URL: "${state.realm}"`, 401);
    }
    if (
      realm.protocol !== 'https:' &&
      !(this.transport.isInsecure(host) || this.transport.isInsecure(realm.host))
    ) {
      throw new RegistryError(
        `${host} sends its token requests to ${realm.host} over plain HTTP; refusing to send credentials there ` +
          '(list the host in insecure-registries to allow it)',
      );
    }
    const credential = await this.credentials.forRegistry(host);
    const headers: Record<string, string> = {};
    let request: HttpRequest;
    if (credential?.identityToken) {
      // An identity token is an OAuth2 refresh token: exchanged with a POST, as Docker does.
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: credential.identityToken,
        client_id: 'airlock',
        ...(state.service ? { service: state.service } : {}),
        ...(scopes.length ? { scope: scopes.join(' ') } : {}),
      });
      headers['content-type'] = 'application/x-www-form-urlencoded';
      request = { method: 'POST', url: realm.toString(), headers, body: form.toString() };
    } else {
      if (state.service) realm.searchParams.set('service', state.service);
      for (const scope of scopes) realm.searchParams.append('scope', scope);
      if (credential?.username !== undefined && credential.password !== undefined) {
        const encoded = Buffer.from(`${credential.username}:${credential.password}`).toString('base64');
        this.onSecret(encoded);
        headers['authorization'] = `Basic ${encoded}`;
      }
      request = { method: 'GET', url: realm.toString(), headers };
    }
    const issuedAt = this.now();
    const body = await this.requestToken(host, request, async (response) => {
      const text = (
        await readBodyBounded(
          response,
          readLimits.token,
          `the answer of the token service ${describeUrl(realm.toString())} for ${host}`,
        )
      ).toString('utf8');
      if (response.status === 401 || response.status === 403) {
        throw new RegistryError(
          `the token service ${describeUrl(realm.toString())} refused access to ${scopes.join(' ') || host} ` +
            `(HTTP ${response.status}): ${await this.credentialHint(host)}`,
          response.status,
        );
      }
      if (response.status !== 200) {
        throw new RegistryError(
          `the token service ${describeUrl(realm.toString())} for ${host} answered HTTP ${response.status}`,
          response.status,
        );
      }
      if (!/json/i.test(header(response.headers, 'content-type') ?? 'application/json')) {
        throw new RegistryError(
          `the token service ${describeUrl(realm.toString())} for ${host} did not answer JSON`,
        );
      }
      return text;
    });
    let parsed: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      throw new RegistryError(
        `the token service ${describeUrl(realm.toString())} for ${host} did not answer JSON`,
      );
    }
    const token = typeof parsed.token === 'string' && parsed.token ? parsed.token : parsed.access_token;
    if (typeof token !== 'string' || token === '') {
      throw new RegistryError(
        `the token service ${describeUrl(realm.toString())} for ${host} returned no token`,
      );
    }
    this.onSecret(token);
    // Tokens without `expires_in` last 60 s (distribution spec); renew a little before the end.
    const lifetimeMs =
      (typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : 60) * 1000;
    const expiresAt = issuedAt + lifetimeMs - Math.min(10_000, lifetimeMs / 2);
    this.logger.debug(
      `token for ${host} (${scopes.join(' ') || 'no scope'}), valid ${Math.round(lifetimeMs / 1000)} s`,
    );
    return { token, scopes, expiresAt };
  }
}
