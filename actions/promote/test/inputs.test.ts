import { afterEach, describe, expect, it } from '@jest/globals';
import { readInputs, type PromoteInputs } from '../src/inputs.ts';

// Inputs → the typed object, or one error that names the input. Inputs reach the action as INPUT_*
// environment variables, exactly as the runner passes them.

const base = { image: 'ghcr.io/acme/quarantine/app:1.0', destination: 'ghcr.io/acme/app' };

function withInputs(inputs: Record<string, string>): () => PromoteInputs {
  return () => {
    for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
    return readInputs();
  };
}

afterEach(() => {
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key];
});

describe('promote inputs', () => {
  it('has safe defaults', () => {
    const inputs = withInputs(base)();
    expect(inputs).toMatchObject({
      requireVerdict: true,
      // Decided from the job: signed verdicts required when it has an OIDC identity, and the default
      // identities (the workflow running the job) come from its token.
      requireSignedVerdict: undefined,
      verdictIdentities: [],
      verdictIdentityDefaulted: true,
      verdictIssuer: 'https://token.actions.githubusercontent.com',
      maxVerdictAgeMs: 7 * 86_400_000,
      overwriteTags: false,
      copyReferrers: true,
      deleteSource: false,
      dryRun: false,
      sigstore: { instance: 'auto' },
      tags: [],
    });
    expect(inputs.sourceTags).toBeUndefined();
    expect(inputs.image).toMatchObject({
      registry: 'ghcr.io',
      repository: 'acme/quarantine/app',
      tag: '1.0',
    });
  });

  it.each([
    ['max-verdict-age 24h', { 'max-verdict-age': '24h' }, { maxVerdictAgeMs: 86_400_000 }],
    ['a list of tags', { tags: '1.0, 1\nlatest' }, { tags: ['1.0', '1', 'latest'] }],
    [
      'batch over all tags',
      { image: 'ghcr.io/acme/quarantine/app', 'source-tags': 'all' },
      { sourceTags: 'all' },
    ],
    [
      'batch over some tags',
      { image: 'ghcr.io/acme/quarantine/app', 'source-tags': 'a\nb' },
      { sourceTags: ['a', 'b'] },
    ],
    [
      'other verdict identities',
      { 'verdict-identity': 'https://github.com/sec/wf/.github/workflows/scan.yml@*' },
      { verdictIdentities: ['https://github.com/sec/wf/.github/workflows/scan.yml@*'] },
    ],
    ['any issuer', { 'verdict-issuer': '*' }, { verdictIssuer: undefined }],
    ['no verdict required', { 'require-verdict': 'false' }, { requireVerdict: false }],
    [
      'a custom Sigstore',
      { sigstore: 'custom', 'fulcio-url': 'https://f', 'tsa-url': 'https://t' },
      { sigstore: { instance: 'custom', custom: { fulcioUrl: 'https://f', tsaUrl: 'https://t' } } },
    ],
  ])('reads %s', (_name, inputs, expected) => {
    expect(withInputs({ ...base, ...inputs })()).toMatchObject(expected);
  });

  it.each([
    ['no image', { image: '' }, "'image'"],
    ['a bad image', { image: 'not an image' }, '"image"'],
    [
      'a destination with a digest',
      { destination: `ghcr.io/acme/app@sha256:${'a'.repeat(64)}` },
      "'destination'",
    ],
    ['a bad tag', { tags: '-bad' }, "'tags'"],
    ['a bad duration', { 'max-verdict-age': '7 days' }, "'max-verdict-age'"],
    ['a zero duration', { 'max-verdict-age': '0d' }, "'max-verdict-age'"],
    ['a bad boolean', { 'overwrite-tags': 'maybe' }, "'overwrite-tags'"],
    ['batch with a tagged image', { 'source-tags': 'all' }, "'image'"],
    ['batch with tags', { image: 'ghcr.io/acme/quarantine/app', 'source-tags': 'all', tags: 'x' }, "'tags'"],
    ['custom Sigstore without URLs', { sigstore: 'custom' }, "'sigstore'"],
    ['an unknown Sigstore', { sigstore: 'mine' }, "'sigstore'"],
    ['a user name without its password', { 'source-username': 'bot' }, "'source-password'"],
    ['a missing trusted root', { 'trusted-root': '/nonexistent/trusted_root.json' }, "'trusted-root'"],
  ])('refuses %s, naming the input', (_name, inputs, named) => {
    expect(withInputs({ ...base, ...inputs })).toThrow(named);
  });
});
