import { readFileSync, statSync } from 'node:fs';
import {
  booleanInput,
  choiceInput,
  credentialPairInput,
  listInput,
  secretInput,
  sigstoreInputs,
  stringInput,
  type SigstoreInputs,
} from '@airlock/core/action';
import {
  ConfigurationError,
  maxSbomFileBytes,
  parsePlatforms,
  parseReference,
  parseSbomDocument,
  type ExplicitCredential,
  type ImageReference,
  type PlatformSelection,
  type SbomDocument,
  type SbomFormat,
} from '@airlock/core';

export const sbomFormats = ['cyclonedx', 'spdx'] as const;

export interface AttestSbomInputs {
  image: ImageReference;
  /** The SBOM file given, read and checked; undefined to generate. */
  sbom: { path: string; document: SbomDocument } | undefined;
  format: SbomFormat;
  platforms: PlatformSelection;
  pushToRegistry: boolean;
  githubAttestation: boolean;
  sigstore: SigstoreInputs;
  credential: ExplicitCredential | undefined;
  githubToken: string;
  insecureRegistries: string[];
}

/** Reads the SBOM file of input 'sbom': its size first, so a huge file is refused before it is read. */
function readSbomFile(path: string): SbomDocument {
  const source = `input 'sbom' (${path})`;
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    throw new ConfigurationError(
      `input 'sbom': cannot read '${path}' (${(error as NodeJS.ErrnoException).code ?? String(error)}); give the path of a CycloneDX or SPDX JSON file, or leave it empty to make SBOMs from the image`,
    );
  }
  if (size > maxSbomFileBytes) {
    throw new ConfigurationError(
      `${source} is ${size} bytes, over the ${maxSbomFileBytes}-byte (16 MB) limit for an attested SBOM; ` +
        'give a smaller SBOM, or leave the input empty to let attest-sbom make one per platform',
    );
  }
  return parseSbomDocument(readFileSync(path), source);
}

/** Reads and checks every input before anything is fetched. */
export function readInputs(): AttestSbomInputs {
  const image = parseReference(stringInput('image', { required: true }), 'image');
  if (image.kind !== 'registry') {
    throw new ConfigurationError("input 'image' must name an image on a registry, got an OCI layout");
  }
  const sbomPath = stringInput('sbom');
  const pushToRegistry = booleanInput('push-to-registry', true);
  const githubAttestation = booleanInput('github-attestation', false);
  if (!pushToRegistry && !githubAttestation) {
    throw new ConfigurationError(
      "inputs 'push-to-registry' and 'github-attestation' are both false: the attestation would go nowhere; set one of them to true",
    );
  }
  return {
    image,
    sbom: sbomPath ? { path: sbomPath, document: readSbomFile(sbomPath) } : undefined,
    format: choiceInput('format', sbomFormats, 'cyclonedx'),
    platforms: parsePlatforms(listInput('platforms'), 'platforms'),
    pushToRegistry,
    githubAttestation,
    sigstore: sigstoreInputs(),
    credential: credentialPairInput(),
    githubToken: secretInput('github-token'),
    insecureRegistries: listInput('insecure-registries'),
  };
}
