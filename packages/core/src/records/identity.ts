// Who may sign what the gate reads. One place decides "is this signer allowed", for scan records (promote,
// verify) and for SBOM attestations (quarantine-scan with `scanner: sbom`), so the rules cannot drift.
//
// - A certificate made for a pull-request run never counts: its identity names `refs/pull/…`, or, for a
//   reusable workflow called by a pull request, its Source Repository Ref extension
//   (Fulcio OID 1.3.6.1.4.1.57264.1.14) does, while the identity names the reusable workflow's own ref.
// - The issuer must be the one asked for (GitHub's by default).
// - The identity must match one of the allowed patterns (`*` matches anything).

import { wildcardMatch } from '../text.ts';
import type { SignerIdentity } from './record.ts';

/** Fulcio's Source Repository Ref extension: the ref the run was for (`refs/pull/7/merge`). */
export const sourceRepositoryRefOid = '1.3.6.1.4.1.57264.1.14';

export const githubActionsIssuer = 'https://token.actions.githubusercontent.com';

export interface IdentityPolicy {
  /** Certificate identities allowed: globs where `*` matches anything. */
  identities: string[];
  /** The OIDC issuer the certificate must name; any when undefined. */
  issuer?: string;
}

/** `*` matches any run of characters (including `/` and `@`); everything else is literal. */
export function identityMatches(pattern: string, identity: string): boolean {
  return wildcardMatch(pattern, identity);
}

/** Whether a ref (or an identity ending in `@ref`) is a pull request's. */
export function isPullRequestRef(ref: string | undefined): boolean {
  if (!ref) return false;
  return /(^|@|\/)refs\/pull\//.test(ref);
}

/** Why a signer is not allowed, or undefined when it is. */
export function signerRefusal(
  signer: SignerIdentity | undefined,
  policy: IdentityPolicy,
): string | undefined {
  if (!signer || signer.subjectAlternativeName === '') return 'no signer identity';
  const identity = signer.subjectAlternativeName;
  if (isPullRequestRef(identity) || isPullRequestRef(signer.sourceRef)) {
    return `${identity} signed in a pull-request run (${signer.sourceRef ?? 'refs/pull/…'}), which never counts`;
  }
  if (policy.issuer !== undefined && signer.issuer !== policy.issuer) {
    return `${identity} was vouched for by ${signer.issuer ?? 'an unknown issuer'}, not ${policy.issuer}`;
  }
  if (!policy.identities.some((pattern) => identityMatches(pattern, identity))) {
    return `${identity} is not an allowed identity (${policy.identities.join(', ') || 'none given'})`;
  }
  return undefined;
}

/** The one answer to "is this signer allowed": used wherever a signature's identity is checked. */
export function signedByAllowedIdentity(signer: SignerIdentity | undefined, policy: IdentityPolicy): boolean {
  return signerRefusal(signer, policy) === undefined;
}

export interface IdentityContext {
  /** `https://github.com` */
  serverUrl: string;
  /** `GITHUB_WORKFLOW_REF`: the caller's workflow file at its ref (`owner/repo/.github/workflows/x.yml@refs/heads/main`). */
  workflowRef?: string;
  /** The OIDC token's `job_workflow_ref`: the file that runs the job (a reusable workflow: that file at its pinned ref). */
  jobWorkflowRef?: string;
  /** The repository's default branch (from the event payload); `main` when unknown. */
  defaultBranch?: string;
}

/**
 * The identities trusted by default: the workflow file running the job on the default branch or a tag;
 * inside a reusable workflow, that workflow at its pinned ref. Empty when nothing says which file runs.
 */
export function defaultTrustedIdentities(context: IdentityContext): string[] {
  const server = context.serverUrl.replace(/\/$/, '');
  const [callerPath] = (context.workflowRef ?? '').split('@');
  const [jobPath, jobRef] = (context.jobWorkflowRef ?? '').split('@');
  if (jobPath && jobRef && jobPath !== callerPath) {
    // A reusable workflow: it signs as itself at the ref the caller pinned.
    return isPullRequestRef(jobRef) ? [] : [`${server}/${jobPath}@${jobRef}`];
  }
  const path = callerPath || jobPath;
  if (!path) return [];
  const branch = context.defaultBranch || 'main';
  return [`${server}/${path}@refs/heads/${branch}`, `${server}/${path}@refs/tags/*`];
}

/** The text of a certificate extension value: a DER UTF8String/IA5String, or the raw bytes (legacy form). */
export function extensionText(value: Uint8Array): string {
  const bytes = Buffer.from(value);
  if (bytes.length >= 2 && (bytes[0] === 0x0c || bytes[0] === 0x16 || bytes[0] === 0x13)) {
    let length = bytes[1]!;
    let offset = 2;
    if (length & 0x80) {
      const count = length & 0x7f;
      length = 0;
      for (let i = 0; i < count; i++) length = (length << 8) | bytes[2 + i]!;
      offset = 2 + count;
    }
    if (offset + length === bytes.length) return bytes.subarray(offset).toString('utf8');
  }
  return bytes.toString('utf8');
}
