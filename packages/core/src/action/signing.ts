import * as core from '@actions/core';
import { jobSigner, type KeylessSigner } from '../sigstore/sign.ts';
import type { RecordSigner } from '../records/record.ts';
import { repositoryVisibility, workflowEvent, type SigstoreInputs } from './context.ts';

// Its own module (and package export) so that an action which signs only sometimes can load Sigstore
// on demand, and start up without it.

/**
 * Signs records with the job's OIDC identity (Sigstore keyless) when the job may ask for a token
 * (`permissions: id-token: write`); undefined otherwise, and records are then plain statements.
 * `auto` uses GitHub's Sigstore instance for private repositories, as GitHub's own attestations do.
 */
export function jobRecordSigner(
  sigstore: SigstoreInputs,
  env: NodeJS.ProcessEnv = process.env,
  /** The OIDC token's audience (`oidc-audience`); `sigstore` by default. */
  audience?: string,
): (RecordSigner & Pick<KeylessSigner, 'signMessage'>) | undefined {
  const { ACTIONS_ID_TOKEN_REQUEST_URL: requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken } = env;
  if (requestToken) core.setSecret(requestToken);
  return jobSigner({
    oidc: {
      ...(requestUrl ? { requestUrl } : {}),
      ...(requestToken ? { requestToken } : {}),
      ...(audience ? { audience } : {}),
    },
    instance: sigstore.instance,
    ...(sigstore.custom ? { custom: sigstore.custom } : {}),
    repositoryPrivate: repositoryVisibility(workflowEvent(env)),
  });
}
