import {
  booleanInput,
  choiceInput,
  credentialPairInput,
  linesInput,
  listInput,
  secretInput,
  sigstoreInputs,
  stringInput,
  type SigstoreInputs,
} from '@airlock/core/action';
import {
  ConfigurationError,
  parseReference,
  type ExplicitCredential,
  type ImageReference,
} from '@airlock/core';

export const signatureFormats = ['both', 'bundle', 'legacy'] as const;
export type SignatureFormat = (typeof signatureFormats)[number];

export interface SignInputs {
  image: ImageReference;
  recursive: boolean;
  format: SignatureFormat;
  /** Signed into the payload. */
  annotations: Record<string, string>;
  verify: boolean;
  sigstore: SigstoreInputs;
  trustedRootPath: string | undefined;
  oidcAudience: string;
  credential: ExplicitCredential | undefined;
  githubToken: string;
  insecureRegistries: string[];
}

/** `key=value` lines; the key as cosign's `-a` takes it. */
export function parseAnnotations(lines: string[]): Record<string, string> {
  const annotations: Record<string, string> = {};
  for (const line of lines) {
    const at = line.indexOf('=');
    const key = at > 0 ? line.slice(0, at).trim() : '';
    if (!key) {
      throw new ConfigurationError(`input 'annotations': '${line}' is not key=value (one annotation a line)`);
    }
    if (key in annotations) throw new ConfigurationError(`input 'annotations': '${key}' is given twice`);
    annotations[key] = line.slice(at + 1).trim();
  }
  return annotations;
}

export function readInputs(): SignInputs {
  const image = parseReference(stringInput('image', { required: true }), 'image');
  if (image.kind !== 'registry') {
    throw new ConfigurationError("input 'image' must name an image in a registry (`registry/repo@sha256:…`)");
  }
  const trustedRootPath = stringInput('trusted-root');
  return {
    image,
    recursive: booleanInput('recursive', false),
    format: choiceInput('format', signatureFormats, 'both'),
    annotations: parseAnnotations(linesInput('annotations')),
    verify: booleanInput('verify', true),
    sigstore: sigstoreInputs(),
    trustedRootPath: trustedRootPath || undefined,
    oidcAudience: stringInput('oidc-audience') || 'sigstore',
    credential: credentialPairInput(),
    githubToken: secretInput('github-token'),
    insecureRegistries: listInput('insecure-registries'),
  };
}
