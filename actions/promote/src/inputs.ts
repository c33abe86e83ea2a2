import { readFileSync } from 'node:fs';
import {
  booleanInput,
  credentialPairInput,
  durationInput,
  listInput,
  secretInput,
  sigstoreInputs,
  stringInput,
  type SigstoreInputs,
} from '@airlock/core/action';
import {
  ConfigurationError,
  githubActionsIssuer,
  parseReference,
  parseTrustedRoot,
  writesTag,
  type ExplicitCredential,
  type ImageReference,
} from '@airlock/core';

export interface PromoteInputs {
  image: ImageReference;
  destination: ImageReference;
  destinationHasTag: boolean;
  tags: string[];
  /** Batch mode: `all` or tags of the `image` repository. */
  sourceTags: 'all' | string[] | undefined;
  requireVerdict: boolean;
  /** Undefined: the default (required when the job has an OIDC identity). */
  requireSignedVerdict: boolean | undefined;
  /** The scan record that must be the newest trusted one (quarantine-scan's `record-digest`). */
  verdictRecord: string | undefined;
  allowImportedVerdicts: boolean;
  verdictIdentities: string[];
  /** True when `verdict-identity` was left empty and the defaults apply (then verdictIdentities is empty). */
  verdictIdentityDefaulted: boolean;
  verdictIssuer: string | undefined;
  maxVerdictAgeMs: number;
  trustedRoot: ReturnType<typeof parseTrustedRoot> | undefined;
  overwriteTags: boolean;
  copyReferrers: boolean;
  deleteSource: boolean;
  dryRun: boolean;
  sigstore: SigstoreInputs;
  sourceCredential: ExplicitCredential | undefined;
  destinationCredential: ExplicitCredential | undefined;
  githubToken: string;
  insecureRegistries: string[];
}

const tagPattern = /^[\w][\w.-]{0,127}$/;

export function readInputs(): PromoteInputs {
  const imageText = stringInput('image', { required: true });
  const destinationText = stringInput('destination', { required: true });
  const image = parseReference(imageText, 'image');
  const destination = parseReference(destinationText, 'destination');
  if (destination.digest) {
    throw new ConfigurationError(
      `input 'destination' names a digest (${destination.digest}); give a repository, with a tag if you like`,
    );
  }
  const tags = listInput('tags');
  for (const tag of tags) {
    if (!tagPattern.test(tag)) {
      throw new ConfigurationError(
        `input 'tags': '${tag}' is not a valid tag (letters, digits, '_', '.', '-'; at most 128; not starting with '.' or '-')`,
      );
    }
  }

  const sourceTagsList = listInput('source-tags');
  let sourceTags: PromoteInputs['sourceTags'];
  if (sourceTagsList.length > 0) {
    sourceTags =
      sourceTagsList.length === 1 && sourceTagsList[0]!.toLowerCase() === 'all' ? 'all' : sourceTagsList;
    if (image.digest || writesTag(imageText)) {
      throw new ConfigurationError(
        `input 'image' must name a repository without tag or digest when 'source-tags' is set, got '${imageText}'`,
      );
    }
    if (tags.length > 0 || writesTag(destinationText)) {
      throw new ConfigurationError(
        "input 'tags' (and a tag in 'destination') cannot be used with 'source-tags': each tag keeps its name",
      );
    }
  }

  const maxVerdictAgeMs = durationInput('max-verdict-age', '7d', '7d, 24h, 1d12h or 90m');

  const identities = listInput('verdict-identity');
  const trustedRootPath = stringInput('trusted-root');
  let trustedRoot: PromoteInputs['trustedRoot'];
  if (trustedRootPath) {
    try {
      trustedRoot = parseTrustedRoot(JSON.parse(readFileSync(trustedRootPath, 'utf8')));
    } catch (error) {
      throw new ConfigurationError(
        `input 'trusted-root': cannot read a Sigstore trusted root from '${trustedRootPath}' ` +
          `(${error instanceof Error ? error.message : String(error)}); give a trusted_root.json file`,
      );
    }
  }

  const issuer = stringInput('verdict-issuer');
  const verdictRecord = stringInput('verdict-record');
  if (verdictRecord && !/^sha256:[0-9a-f]{64}$/.test(verdictRecord)) {
    throw new ConfigurationError(
      `input 'verdict-record': '${verdictRecord}' is not a digest; give quarantine-scan's 'record-digest' output (sha256:…)`,
    );
  }
  if (verdictRecord && sourceTagsList.length > 0) {
    throw new ConfigurationError(
      "input 'verdict-record' names one scan record; it cannot be used with 'source-tags'",
    );
  }
  const requireSignedText = stringInput('require-signed-verdict');
  if (
    !sourceTags &&
    image.digest &&
    !writesTag(imageText) &&
    tags.length === 0 &&
    !writesTag(destinationText)
  ) {
    throw new ConfigurationError(
      `input 'image' names a digest only (${image.digest}) and no tag is given: set 'tags' (or a tag in ` +
        "'destination') to name the promoted image; the tag is not taken from the image's records, which " +
        'anyone who can push to quarantine can write',
    );
  }
  return {
    image,
    destination,
    destinationHasTag: writesTag(destinationText),
    tags,
    sourceTags,
    requireVerdict: booleanInput('require-verdict', true),
    requireSignedVerdict: requireSignedText ? booleanInput('require-signed-verdict', false) : undefined,
    verdictRecord: verdictRecord || undefined,
    allowImportedVerdicts: booleanInput('allow-imported-verdicts', false),
    verdictIdentities: identities,
    verdictIdentityDefaulted: identities.length === 0,
    verdictIssuer: issuer === '*' ? undefined : issuer || githubActionsIssuer,
    maxVerdictAgeMs,
    trustedRoot,
    overwriteTags: booleanInput('overwrite-tags', false),
    copyReferrers: booleanInput('copy-referrers', true),
    deleteSource: booleanInput('delete-source', false),
    dryRun: booleanInput('dry-run', false),
    sigstore: sigstoreInputs(),
    sourceCredential: credentialPairInput('source'),
    destinationCredential: credentialPairInput('destination'),
    githubToken: secretInput('github-token'),
    insecureRegistries: listInput('insecure-registries'),
  };
}
