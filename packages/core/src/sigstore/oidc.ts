import type { IdentityProvider } from '@sigstore/sign';
import { ConfigurationError } from '../errors.ts';
import { formatLimit, readFetchTextBounded, readLimits } from '../oci/limits.ts';

/** What a job with `id-token: write` has in its environment; the action passes them in. */
export interface GithubOidcRequest {
  /** `ACTIONS_ID_TOKEN_REQUEST_URL` */
  requestUrl: string;
  /** `ACTIONS_ID_TOKEN_REQUEST_TOKEN` (a secret) */
  requestToken: string;
  /** The token's audience: `sigstore` for Fulcio. */
  audience?: string;
}

/** An identity provider that asks the runner for a GitHub Actions OIDC token, once per signature. */
export function githubIdentityProvider(request: GithubOidcRequest): IdentityProvider {
  return {
    async getToken(): Promise<string> {
      const url = new URL(request.requestUrl);
      url.searchParams.set('audience', request.audience ?? 'sigstore');
      const response = await fetch(url, {
        headers: { authorization: `Bearer ${request.requestToken}`, accept: 'application/json' },
      });
      if (!response.ok) {
        throw new ConfigurationError(
          `the GitHub OIDC token request failed (HTTP ${response.status}): give the job 'permissions: id-token: write'`,
        );
      }
      const text = await readFetchTextBounded(response, readLimits.token);
      if (text === undefined) {
        throw new ConfigurationError(
          `the GitHub OIDC token answer from ${url.host} is larger than ${formatLimit(readLimits.token)}; refusing it`,
        );
      }
      let body: { value?: unknown };
      try {
        body = JSON.parse(text) as { value?: unknown };
      } catch {
        throw new ConfigurationError(`the GitHub OIDC token answer from ${url.host} is not JSON`);
      }
      if (typeof body.value !== 'string' || body.value === '') {
        throw new ConfigurationError('the GitHub OIDC token response held no token');
      }
      return body.value;
    },
  };
}

/**
 * The certificate identity Fulcio gives a GitHub Actions token: `https://github.com/<job_workflow_ref>`,
 * the workflow file that runs the job (for a reusable workflow, that file, not its caller) at its ref.
 * Undefined when the token says nothing of it.
 */
export function jobWorkflowIdentity(token: string, serverUrl = 'https://github.com'): string | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      job_workflow_ref?: unknown;
    };
    return typeof claims.job_workflow_ref === 'string'
      ? `${serverUrl.replace(/\/$/, '')}/${claims.job_workflow_ref}`
      : undefined;
  } catch {
    return undefined;
  }
}

/** The claims of a GitHub Actions OIDC token that say which workflow runs the job, and for what ref. */
export interface JobWorkflowClaims {
  /** `owner/repo/.github/workflows/file.yml@ref`: the file that runs the job (a reusable one: itself). */
  jobWorkflowRef?: string;
  /** The commit of that file. */
  jobWorkflowSha?: string;
  /** The ref the run is for (`refs/pull/7/merge` for a pull request). */
  ref?: string;
}

/** Reads a token's claims without checking its signature: for choosing defaults, never for trust. */
export function jobWorkflowClaims(token: string): JobWorkflowClaims {
  const payload = token.split('.')[1];
  if (!payload) return {};
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
    const jobWorkflowRef = text(claims.job_workflow_ref);
    const jobWorkflowSha = text(claims.job_workflow_sha);
    const ref = text(claims.ref);
    return {
      ...(jobWorkflowRef ? { jobWorkflowRef } : {}),
      ...(jobWorkflowSha ? { jobWorkflowSha } : {}),
      ...(ref ? { ref } : {}),
    };
  } catch {
    return {};
  }
}
