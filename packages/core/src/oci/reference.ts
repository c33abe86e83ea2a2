// Image references as users write them (`nginx`, `ghcr.io/org/app:1.2@sha256:…`, `oci:./dir:tag`),
// parsed with Docker's normalization rules and validated with messages that quote the bad part.

import { ConfigurationError } from '../errors.ts';
import { digestProblem } from './digest.ts';

export interface ImageReference {
  /** `registry`: a repository on a registry; `layout`: an OCI image layout directory (`oci:DIR`). */
  kind: 'registry' | 'layout';
  /** The registry as users name it (`docker.io`, `ghcr.io`, `localhost:5000`); '' for a layout. */
  registry: string;
  /** The repository path on the registry (`library/nginx`), or the layout's directory. */
  repository: string;
  tag?: string;
  digest?: string;
}

/** Docker Hub's canonical name; its API is served by `registry-1.docker.io`. */
export const dockerHub = 'docker.io';
const dockerHubAliases = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const hostPattern = new RegExp(
  `^(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]{1,5})?$`,
);
const pathComponentPattern = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const tagPattern = /^[\w][\w.-]{0,127}$/;
const maxNameLength = 255;

/** The host that serves a registry's API (`docker.io` → `registry-1.docker.io`). */
export function registryApiHost(registry: string): string {
  return dockerHubAliases.has(registry) ? 'registry-1.docker.io' : registry;
}

function fail(text: string, inputName: string | undefined, problem: string): never {
  const subject = inputName ? `Input "${inputName}"` : 'Image reference';
  throw new ConfigurationError(`${subject}: "${text}" is not a valid image reference: ${problem}.`);
}

function checkTag(text: string, inputName: string | undefined, tag: string): void {
  if (!tagPattern.test(tag)) {
    fail(
      text,
      inputName,
      `tag "${tag}" may only hold letters, digits, "_", "." and "-", must not start with "." or "-", ` +
        'and is at most 128 characters',
    );
  }
}

function checkDigest(text: string, inputName: string | undefined, digest: string): void {
  const problem = digestProblem(digest);
  if (problem) fail(text, inputName, `digest "${digest}": ${problem}`);
}

/** Splits `name[:tag][@digest]` into its parts; the tag colon is the last one after the last slash. */
function splitTagAndDigest(rest: string): { name: string; tag?: string; digest?: string } {
  let name = rest;
  let digest: string | undefined;
  const at = name.indexOf('@');
  if (at >= 0) {
    digest = name.slice(at + 1);
    name = name.slice(0, at);
  }
  let tag: string | undefined;
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) {
    tag = name.slice(colon + 1);
    name = name.slice(0, colon);
  }
  return { name, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

function parseLayout(text: string, inputName: string | undefined): ImageReference {
  const { name, tag, digest } = splitTagAndDigest(text.slice('oci:'.length));
  if (name === '') fail(text, inputName, 'give the layout directory after "oci:", as in oci:./image:latest');
  if (tag !== undefined) checkTag(text, inputName, tag);
  if (digest !== undefined) checkDigest(text, inputName, digest);
  return withDefaultTag({ kind: 'layout', registry: '', repository: name, tag, digest });
}

function withDefaultTag(reference: ImageReference): ImageReference {
  const result: ImageReference = {
    kind: reference.kind,
    registry: reference.registry,
    repository: reference.repository,
  };
  if (reference.tag !== undefined) result.tag = reference.tag;
  if (reference.digest !== undefined) result.digest = reference.digest;
  if (result.tag === undefined && result.digest === undefined) result.tag = 'latest';
  return result;
}

/**
 * Parses an image reference. Registry references follow Docker: a first component that has a "." or
 * ":" or is `localhost` names the registry, otherwise the image is on Docker Hub, where one-word names
 * live under `library/`. `oci:DIR[:TAG]` and `oci:DIR@DIGEST` name an OCI image layout directory.
 * The tag is `latest` only when neither a tag nor a digest is given; `tag@digest` keeps both (the digest
 * is what gets read). Throws a ConfigurationError that quotes the bad part and names `inputName`.
 */
export function parseReference(text: string, inputName?: string): ImageReference {
  const trimmed = text.trim();
  if (trimmed === '') {
    const subject = inputName ? `Input "${inputName}"` : 'Image reference';
    throw new ConfigurationError(`${subject} is empty: give an image such as docker.io/library/alpine:3.20.`);
  }
  if (trimmed.startsWith('oci:')) return parseLayout(trimmed, inputName);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    fail(trimmed, inputName, `leave out the "${trimmed.slice(0, trimmed.indexOf('://') + 3)}" prefix`);
  }
  if (/\s/.test(trimmed)) fail(trimmed, inputName, 'it contains white space');

  const { name, tag, digest } = splitTagAndDigest(trimmed);
  let registry = dockerHub;
  let path = name;
  const slash = name.indexOf('/');
  const first = slash >= 0 ? name.slice(0, slash) : '';
  if (
    slash >= 0 &&
    (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase())
  ) {
    registry = first;
    path = name.slice(slash + 1);
    if (!hostPattern.test(registry))
      fail(trimmed, inputName, `registry "${registry}" is not a valid host[:port]`);
    if (dockerHubAliases.has(registry)) registry = dockerHub;
  }
  if (path === '') fail(trimmed, inputName, 'the repository name is missing');
  if (registry === dockerHub && !path.includes('/')) path = `library/${path}`;
  for (const component of path.split('/')) {
    if (pathComponentPattern.test(component)) continue;
    if (component === '') fail(trimmed, inputName, `repository "${path}" has an empty path component`);
    if (component !== component.toLowerCase() && pathComponentPattern.test(component.toLowerCase())) {
      fail(trimmed, inputName, `repository "${path}" must be lower-case`);
    }
    fail(
      trimmed,
      inputName,
      `repository component "${component}" may only hold lower-case letters and digits separated by ".", "_", "__" or "-"`,
    );
  }
  if (`${registry}/${path}`.length > maxNameLength) {
    fail(trimmed, inputName, `the name is longer than ${maxNameLength} characters`);
  }
  if (tag !== undefined) checkTag(trimmed, inputName, tag);
  if (digest !== undefined) checkDigest(trimmed, inputName, digest);
  return withDefaultTag({ kind: 'registry', registry, repository: path, tag, digest });
}

/** The reference as text: `registry/repo[:tag][@digest]` or `oci:DIR[:tag][@digest]`. */
export function formatReference(reference: ImageReference): string {
  const tag = reference.tag !== undefined ? `:${reference.tag}` : '';
  const digest = reference.digest !== undefined ? `@${reference.digest}` : '';
  return `${repositoryOf(reference)}${tag}${digest}`;
}

/** The same repository pinned to `digest` (the tag is dropped: everything after entry is by digest). */
export function withDigest(reference: ImageReference, digest: string): ImageReference {
  return { kind: reference.kind, registry: reference.registry, repository: reference.repository, digest };
}

/** The same repository with a tag and no digest. */
export function withTag(reference: ImageReference, tag: string): ImageReference {
  return { kind: reference.kind, registry: reference.registry, repository: reference.repository, tag };
}

/** The repository without tag or digest: `docker.io/library/nginx`, `oci:./dir`. */
export function repositoryOf(reference: ImageReference): string {
  return reference.kind === 'layout'
    ? `oci:${reference.repository}`
    : `${reference.registry}/${reference.repository}`;
}

/** What the reference selects on its repository: the digest when there is one, else the tag. */
export function referenceTarget(reference: ImageReference): string {
  return reference.digest ?? reference.tag ?? 'latest';
}

/**
 * Whether a reference as the user wrote it names a tag: a `:` after the last `/` and before any
 * `@digest` (a registry's port comes before a `/`). `alpine` and `repo@sha256:…` write none, though
 * parseReference gives the first `latest`; `oci:DIR:TAG` writes one.
 */
export function writesTag(text: string): boolean {
  const name = text.trim().replace(/^oci:/, '').split('@')[0]!;
  return name.lastIndexOf(':') > name.lastIndexOf('/');
}
