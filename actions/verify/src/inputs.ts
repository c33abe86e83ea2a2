import {
  credentialPairInput,
  durationInput,
  listInput,
  secretInput,
  stringInput,
} from '@airlock/core/action';
import {
  ConfigurationError,
  parseReference,
  type ExplicitCredential,
  type SignatureIdentityPolicy,
  type ImageReference,
} from '@airlock/core';

export const requirements = ['signature', 'sbom', 'verdict', 'promotion'] as const;
export type Requirement = (typeof requirements)[number];

export interface VerifyInputs {
  image: ImageReference;
  identity: SignatureIdentityPolicy;
  /** How the identity was given, for the report: the exact value or the expression. */
  identityText: string;
  require: Set<Requirement>;
  maxVerdictAgeMs: number;
  trustedRootPath: string | undefined;
  credential: ExplicitCredential | undefined;
  githubToken: string;
  insecureRegistries: string[];
}

export interface RunnerContext {
  serverUrl: string;
  repository: string;
  /** The repository's default branch, from the event (`main` when it does not say). */
  defaultBranch?: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function readInputs(context: RunnerContext): VerifyInputs {
  const image = parseReference(stringInput('image', { required: true }), 'image');
  if (image.kind !== 'registry') {
    throw new ConfigurationError("input 'image' must name an image in a registry (`registry/repo@sha256:…`)");
  }
  const exact = stringInput('certificate-identity');
  const pattern = stringInput('certificate-identity-regexp');
  if (exact && pattern) {
    throw new ConfigurationError(
      "inputs 'certificate-identity' and 'certificate-identity-regexp' exclude each other: give one",
    );
  }
  let identityRegexp: RegExp | undefined;
  let identityText = exact;
  if (pattern) {
    try {
      identityRegexp = new RegExp(pattern);
    } catch (error) {
      throw new ConfigurationError(
        `input 'certificate-identity-regexp' is not a regular expression: ${(error as Error).message}`,
      );
    }
    identityText = `/${pattern}/`;
  } else if (!exact) {
    if (!context.repository) {
      throw new ConfigurationError(
        "give 'certificate-identity' (or 'certificate-identity-regexp'): the workflow identity that signs",
      );
    }
    // The default: this repository's workflows, on its default branch or a tag.
    const base = `${context.serverUrl.replace(/\/$/, '')}/${context.repository}/.github/workflows/`;
    const branch = escapeRegExp(context.defaultBranch ?? 'main');
    identityRegexp = new RegExp(`^${escapeRegExp(base)}[^@]+@refs/(heads/${branch}|tags/.+)$`);
    identityText = `/${identityRegexp.source}/ (default: this repository's workflows on its default branch or a tag)`;
  }
  const issuer = stringInput('certificate-oidc-issuer') || 'https://token.actions.githubusercontent.com';

  const required = listInput('require').map((item) => item.toLowerCase());
  for (const item of required) {
    if (!(requirements as readonly string[]).includes(item)) {
      throw new ConfigurationError(`input 'require': '${item}' is not one of ${requirements.join(', ')}`);
    }
  }
  const trustedRootPath = stringInput('trusted-root');
  return {
    image,
    identity: {
      ...(exact ? { identity: exact } : {}),
      ...(identityRegexp ? { identityRegexp } : {}),
      ...(issuer === '*' ? {} : { issuer }),
    },
    identityText,
    require: new Set<Requirement>(['signature', ...(required as Requirement[])]),
    maxVerdictAgeMs: durationInput('max-verdict-age', '7d', '7d, 24h, 1d12h or 90m'),
    trustedRootPath: trustedRootPath || undefined,
    credential: credentialPairInput(),
    githubToken: secretInput('github-token'),
    insecureRegistries: listInput('insecure-registries'),
  };
}
