import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SigstoreStack, githubIssuer } from '@airlock/testkit';
import { readFileSync } from 'node:fs';
import {
  BundleVerifier,
  KeylessSigner,
  githubIdentityProvider,
  jobSigner,
  jobWorkflowIdentity,
  parseTrustedRoot,
} from '../src/sigstore/index.ts';
import { inTotoPayloadType } from '../src/records/statement.ts';

// Real Sigstore crypto end to end: Fulcio, Rekor and a TSA on loopback, an OIDC token from a stand-in
// for GitHub's token endpoint, and verification with a fresh verifier built only from the trusted root file.

let stack: SigstoreStack;

beforeAll(async () => {
  stack = await SigstoreStack.start();
});
afterAll(async () => {
  await stack.stop();
});

const signerFor = (workflowRef?: string): KeylessSigner => stack.signer(workflowRef);

function freshVerifier(): BundleVerifier {
  return new BundleVerifier(parseTrustedRoot(JSON.parse(readFileSync(stack.trustedRootPath, 'utf8'))));
}

const statement = Buffer.from(
  JSON.stringify({
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'example', digest: { sha256: 'a'.repeat(64) } }],
    predicateType: 'https://airlock.dev/attestation/promotion/v1',
    predicate: { from: 'a', to: 'b' },
  }),
);

describe('keyless signing and verification', () => {
  it('signs a statement that a fresh verifier accepts, naming the workflow and the issuer', async () => {
    const bundle = await signerFor().signDsse(statement, inTotoPayloadType);
    const verified = await freshVerifier().verifyDsse(bundle);
    expect(verified.payload.equals(statement)).toBe(true);
    expect(verified.payloadType).toBe(inTotoPayloadType);
    expect(verified.signer).toEqual({
      subjectAlternativeName: stack.identityOf(),
      issuer: githubIssuer,
      sourceRef: 'refs/heads/main',
    });
    expect(stack.issuedAudiences.at(-1)).toBe('sigstore');
  });

  it('names another workflow when the token does', async () => {
    const ref = 'someone/else/.github/workflows/evil.yml@refs/heads/main';
    const bundle = await signerFor(ref).signDsse(statement, inTotoPayloadType);
    const verified = await freshVerifier().verifyDsse(bundle);
    expect(verified.signer.subjectAlternativeName).toBe(`https://github.com/${ref}`);
  });

  it('rejects a bundle whose payload has one flipped byte', async () => {
    const bundle = (await signerFor().signDsse(statement, inTotoPayloadType)) as {
      dsseEnvelope: { payload: string };
    };
    const payload = Buffer.from(bundle.dsseEnvelope.payload, 'base64');
    payload[10] = payload[10]! ^ 0x01;
    const tampered = {
      ...bundle,
      dsseEnvelope: { ...bundle.dsseEnvelope, payload: payload.toString('base64') },
    };
    await expect(freshVerifier().verifyDsse(tampered)).rejects.toThrow();
  });

  it('rejects a bundle signed by another Sigstore instance', async () => {
    const other = await SigstoreStack.start();
    try {
      const bundle = await signerFor().signDsse(statement, inTotoPayloadType);
      const verifier = new BundleVerifier(parseTrustedRoot(other.trustedRoot));
      await expect(verifier.verifyDsse(bundle)).rejects.toThrow();
    } finally {
      await other.stop();
    }
  });

  it('verifies every one of several signatures (no flaky timestamps)', async () => {
    const signer = signerFor();
    const verifier = freshVerifier();
    for (let i = 0; i < 8; i++) {
      const bundle = await signer.signDsse(statement, inTotoPayloadType);
      await expect(verifier.verifyDsse(bundle)).resolves.toBeDefined();
    }
  });

  it('verifies a bundle witnessed by a timestamp authority alone, as GitHub’s instance signs', async () => {
    const signer = stack.signer(undefined, { witnesses: 'tsa' });
    const bundle = (await signer.signDsse(statement, inTotoPayloadType)) as {
      verificationMaterial: { tlogEntries?: unknown[] };
    };
    expect(bundle.verificationMaterial.tlogEntries ?? []).toEqual([]);
    const withoutLog = { ...(stack.trustedRoot as Record<string, unknown>), tlogs: [] };
    const verified = await new BundleVerifier(parseTrustedRoot(withoutLog)).verifyDsse(bundle);
    expect(verified.signer.subjectAlternativeName).toBe(stack.identityOf());
    // A root that has a transparency log wants an entry in it.
    await expect(freshVerifier().verifyDsse(bundle)).rejects.toThrow();
  });

  it('says what to do when the OIDC token request is refused', async () => {
    const provider = githubIdentityProvider({
      requestUrl: stack.oidcEnv().ACTIONS_ID_TOKEN_REQUEST_URL!,
      requestToken: 'wrong',
    });
    await expect(provider.getToken()).rejects.toThrow(/id-token: write/);
  });
});

describe('jobSigner', () => {
  it('signs only when the job has an OIDC identity', () => {
    expect(jobSigner({ oidc: {}, instance: 'auto', repositoryPrivate: false })).toBeUndefined();
  });

  it('signs with a custom instance', async () => {
    const env = stack.oidcEnv();
    const signer = jobSigner({
      oidc: {
        requestUrl: env.ACTIONS_ID_TOKEN_REQUEST_URL,
        requestToken: env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
      },
      instance: 'custom',
      custom: { fulcioUrl: stack.url, tsaUrl: stack.url, rekorUrl: stack.url },
      repositoryPrivate: false,
    })!;
    const verified = await freshVerifier().verifyDsse(await signer.signDsse(statement, inTotoPayloadType));
    expect(verified.signer.subjectAlternativeName).toBe(stack.identityOf());
  });
});

describe('jobWorkflowIdentity', () => {
  it('names the workflow file that runs the job, as Fulcio will', async () => {
    const env = stack.oidcEnv('org/tools/.github/workflows/q.yml@refs/tags/v1');
    const token = await githubIdentityProvider({
      requestUrl: env.ACTIONS_ID_TOKEN_REQUEST_URL!,
      requestToken: env.ACTIONS_ID_TOKEN_REQUEST_TOKEN!,
    }).getToken();
    expect(jobWorkflowIdentity(token)).toBe(
      'https://github.com/org/tools/.github/workflows/q.yml@refs/tags/v1',
    );
    expect(jobWorkflowIdentity('not a token')).toBeUndefined();
  });
});
