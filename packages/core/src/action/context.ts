import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
import { ConfigurationError } from '../errors.ts';
import { choiceInput, stringInput } from './inputs.ts';
import { actionsLogger } from './run.ts';
import { RegistryClient } from '../oci/registry.ts';
import { proxySettingsFrom } from '../oci/http.ts';
import type { CredentialResolver, CredentialSources, ExplicitCredential } from '../oci/auth.ts';
import type { SigstoreEndpoints } from '../sigstore/sign.ts';
import { githubIdentityProvider, jobWorkflowClaims, type JobWorkflowClaims } from '../sigstore/oidc.ts';
import { defaultTrustedIdentities } from '../records/identity.ts';

// What every action reads from the runner in the same way: the run, the event, registry credentials,
// the Sigstore instance that signs records. One place, so that the actions agree.

/** The link to this workflow run, for records and summaries; undefined outside GitHub. */
export function workflowRunUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const {
    GITHUB_SERVER_URL: server = 'https://github.com',
    GITHUB_REPOSITORY: repository,
    GITHUB_RUN_ID: run,
  } = env;
  return repository && run ? `${server}/${repository}/actions/runs/${run}` : undefined;
}

export interface WorkflowEvent {
  pull_request?: { number?: number };
  repository?: { private?: unknown; visibility?: unknown; default_branch?: unknown };
}

/** True (private or internal), false (public), or undefined when the event payload does not say. */
export function repositoryVisibility(event: WorkflowEvent): boolean | undefined {
  const repository = event.repository;
  if (repository?.visibility === 'public') return false;
  if (repository?.visibility === 'private' || repository?.visibility === 'internal') return true;
  return typeof repository?.private === 'boolean' ? repository.private : undefined;
}

/** Whether the job may ask for an OIDC token (`permissions: id-token: write`). */
export function jobHasOidc(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
}

/** The job's own OIDC token claims (which workflow runs it); empty without `id-token: write`. */
export async function jobTokenClaims(env: NodeJS.ProcessEnv = process.env): Promise<JobWorkflowClaims> {
  const { ACTIONS_ID_TOKEN_REQUEST_URL: requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken } = env;
  if (!requestUrl || !requestToken) return {};
  try {
    const token = await githubIdentityProvider({ requestUrl, requestToken }).getToken();
    core.setSecret(token);
    return jobWorkflowClaims(token);
  } catch {
    return {};
  }
}

/**
 * The signer identities trusted by default (verdicts, SBOMs): the workflow file running this job on the
 * default branch or a tag; inside a reusable workflow, that workflow at its pinned ref.
 */
export async function defaultSignerIdentities(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const claims = await jobTokenClaims(env);
  const defaultBranch = workflowEvent(env).repository?.default_branch;
  return defaultTrustedIdentities({
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    ...(env.GITHUB_WORKFLOW_REF ? { workflowRef: env.GITHUB_WORKFLOW_REF } : {}),
    ...(claims.jobWorkflowRef ? { jobWorkflowRef: claims.jobWorkflowRef } : {}),
    ...(typeof defaultBranch === 'string' ? { defaultBranch } : {}),
  });
}

/** The event payload that triggered the run (`GITHUB_EVENT_PATH`); empty when there is none. */
export function workflowEvent(env: NodeJS.ProcessEnv = process.env): WorkflowEvent {
  if (!env.GITHUB_EVENT_PATH) return {};
  try {
    return JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as WorkflowEvent;
  } catch {
    return {};
  }
}

/**
 * A `<prefix>-username` / `<prefix>-password` pair (or `username` / `password` without a prefix): both
 * or neither, so that a forgotten secret is an error and not a silent anonymous pull.
 */
export function credentialPairInput(prefix?: string): ExplicitCredential | undefined {
  const names = prefix ? [`${prefix}-username`, `${prefix}-password`] : ['username', 'password'];
  const username = stringInput(names[0]!);
  const password = core.getInput(names[1]!).trim();
  if (password) core.setSecret(password);
  if (username === '' && password === '') return undefined;
  if (username === '' || password === '') {
    throw new ConfigurationError(
      `inputs '${names[0]}' and '${names[1]}' go together: give both, or neither to use docker login ` +
        'credentials (an empty secret usually means it is not available to this workflow)',
    );
  }
  return { username, password, source: names.join('/') };
}

/** The registry client of an action: secrets masked, the runner's proxy honoured, the action's logger. */
export function actionRegistryClient(
  credentials: CredentialSources | CredentialResolver,
  insecureRegistries: string[],
  env: NodeJS.ProcessEnv = process.env,
): RegistryClient {
  const proxy = proxySettingsFrom(env);
  return new RegistryClient({
    credentials,
    insecureRegistries,
    logger: actionsLogger,
    onSecret: (secret) => core.setSecret(secret),
    userAgent: 'airlock',
    ...(proxy ? { proxy } : {}),
  });
}

export const sigstoreInstances = ['auto', 'public-good', 'github', 'custom'] as const;
export type SigstoreInstance = (typeof sigstoreInstances)[number];

export interface SigstoreInputs {
  instance: SigstoreInstance;
  /** The endpoints of a `custom` instance. */
  custom?: SigstoreEndpoints;
}

/** The `sigstore`, `fulcio-url`, `rekor-url` and `tsa-url` inputs. */
export function sigstoreInputs(): SigstoreInputs {
  const instance = choiceInput('sigstore', sigstoreInstances, 'auto');
  const fulcioUrl = stringInput('fulcio-url');
  const rekorUrl = stringInput('rekor-url');
  const tsaUrl = stringInput('tsa-url');
  if (instance !== 'custom') return { instance };
  if (!fulcioUrl || (!rekorUrl && !tsaUrl)) {
    throw new ConfigurationError(
      "input 'sigstore' is custom: give 'fulcio-url' and 'rekor-url' and/or 'tsa-url'",
    );
  }
  return {
    instance,
    custom: { fulcioUrl, ...(rekorUrl ? { rekorUrl } : {}), ...(tsaUrl ? { tsaUrl } : {}) },
  };
}
