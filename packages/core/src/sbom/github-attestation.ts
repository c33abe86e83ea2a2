// GitHub's artifact attestations API (POST /repos/{owner}/{repo}/attestations): stores a Sigstore bundle
// so that `gh attestation verify` finds it by digest. The token needs `attestations: write`.

import { RegistryError } from '../errors.ts';
import { readFetchTextBounded } from '../oci/limits.ts';

export interface GithubAttestationOptions {
  /** `https://api.github.com`, or GITHUB_API_URL on GitHub Enterprise. */
  apiUrl: string;
  token: string;
  /** `owner/repo`. */
  repository: string;
  /** The Sigstore bundle (its JSON form). */
  bundle: object;
}

/** The most bytes of an answer read (an id, or an error message). */
const maxAnswerBytes = 64 * 1024;

/** Stores the bundle; returns the attestation's id. */
export async function postGithubAttestation(options: GithubAttestationOptions): Promise<string> {
  const { apiUrl, token, repository, bundle } = options;
  const response = await fetch(`${apiUrl.replace(/\/$/, '')}/repos/${repository}/attestations`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/vnd.github+json',
      'content-type': 'application/json',
      'x-github-api-version': '2022-11-28',
    },
    body: JSON.stringify({ bundle }),
  });
  // An answer past the bound is read as no answer: the status says enough.
  const text = (await readFetchTextBounded(response, maxAnswerBytes)) ?? '';
  let body: { id?: unknown; message?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // not JSON: the status says enough
  }
  if (!response.ok) {
    const detail = typeof body.message === 'string' ? `: ${body.message}` : '';
    const advice =
      response.status === 401 || response.status === 403 || response.status === 404
        ? " (the job needs 'permissions: attestations: write' and 'github-token')"
        : '';
    throw new RegistryError(
      `GitHub API ${response.status} storing the attestation in ${repository}${detail}${advice}`,
      response.status,
    );
  }
  return body.id === undefined ? '' : String(body.id);
}
