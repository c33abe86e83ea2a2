import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as core from '@actions/core';
import {
  ConfigurationError,
  defaultDockerConfigPath,
  parsePlatforms,
  parseReference,
  writesTag,
  type CredentialSources,
  type ExplicitCredential,
  type ImageReference,
  type PlatformSelection,
} from '@airlock/core';
import {
  booleanInput,
  credentialPairInput,
  integerInput,
  linesInput,
  listInput,
  secretInput,
  sigstoreInputs,
  stringInput,
  type SigstoreInputs,
} from '@airlock/core/action';

/** One image to mirror. */
export interface MirrorJob {
  /** As the user wrote it, for messages and the acquisition record. */
  sourceText: string;
  source: ImageReference;
  destination: ImageReference;
  /** The tag to write: the destination's own, else the source's; none when the source is by digest only. */
  destinationTag?: string;
  /** Where the job was given, for messages: `input 'images', line 3`. */
  origin: string;
}

export interface MirrorInputs {
  jobs: MirrorJob[];
  /** True when the images came from the `images` input. */
  batch: boolean;
  platforms: PlatformSelection;
  copyReferrers: boolean;
  force: boolean;
  credentials: CredentialSources;
  insecureRegistries: string[];
  concurrency: number;
  /** Signs the acquisition record when the job has an OIDC identity. */
  sigstore: SigstoreInputs;
}

function makeJob(
  sourceText: string,
  destinationText: string,
  origin: string,
  names: [string, string],
): MirrorJob {
  const source = parseReference(sourceText, names[0]);
  const destination = parseReference(destinationText, names[1]);
  if (destination.digest !== undefined) {
    throw new ConfigurationError(
      `${origin}: the destination "${destinationText}" names a digest; give a repository or repository:tag ` +
        '(the digest is what the copy produces)',
    );
  }
  const destinationTag = writesTag(destinationText)
    ? destination.tag
    : writesTag(sourceText) || source.digest === undefined
      ? source.tag
      : undefined;
  return {
    sourceText: sourceText.trim(),
    source,
    destination,
    ...(destinationTag !== undefined ? { destinationTag } : {}),
    origin,
  };
}

/** `SOURCE DESTINATION` lines, or the path of a YAML file listing `{source, destination}`. */
async function readBatch(lines: string[]): Promise<MirrorJob[]> {
  const only = lines.length === 1 ? lines[0]! : undefined;
  if (only !== undefined && !/\s/.test(only) && (/\.ya?ml$/i.test(only) || existsSync(only))) {
    return readBatchFile(only);
  }
  const raw = stringInputLines();
  const jobs: MirrorJob[] = [];
  for (const [index, line] of raw.entries()) {
    const text = line.replace(/(^|\s)#.*$/, '').trim();
    if (text === '') continue;
    const origin = `input 'images', line ${index + 1}`;
    const parts = text.split(/\s+/);
    if (parts.length !== 2) {
      throw new ConfigurationError(
        `${origin}: expected "SOURCE DESTINATION" (two references separated by a space), got "${text}"`,
      );
    }
    jobs.push(
      makeJob(parts[0]!, parts[1]!, origin, [`images (line ${index + 1})`, `images (line ${index + 1})`]),
    );
  }
  return jobs;
}

// Line numbers count every line the user wrote, blank and comment lines included.
function stringInputLines(): string[] {
  return core.getInput('images').split('\n');
}

// The YAML parser is loaded only for a batch file: a run without one starts without it.
async function readBatchFile(path: string): Promise<MirrorJob[]> {
  const where = `input 'images': the file ${path}`;
  let text: string;
  try {
    text = readFileSync(resolve(path), 'utf8');
  } catch {
    throw new ConfigurationError(`${where} cannot be read; give a path relative to the workspace`);
  }
  let parsed: unknown;
  try {
    const { parse } = await import('yaml');
    parsed = parse(text);
  } catch (error) {
    throw new ConfigurationError(`${where} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { images?: unknown } | null)?.images;
  if (!Array.isArray(list) || list.length === 0) {
    throw new ConfigurationError(
      `${where} must be a list of {source, destination} entries (or have one under 'images')`,
    );
  }
  return list.map((entry: unknown, index) => {
    const origin = `${where}, entry ${index + 1}`;
    const item = entry as { source?: unknown; destination?: unknown } | null;
    if (typeof item?.source !== 'string' || typeof item.destination !== 'string') {
      throw new ConfigurationError(`${origin}: needs a 'source' and a 'destination', both image references`);
    }
    const name = `images (${path}, entry ${index + 1})`;
    return makeJob(item.source, item.destination, origin, [`${name} source`, `${name} destination`]);
  });
}

export async function readInputs(): Promise<MirrorInputs> {
  const sourceText = stringInput('source');
  const destinationText = stringInput('destination');
  const images = linesInput('images');
  let jobs: MirrorJob[];
  if (images.length > 0) {
    if (sourceText || destinationText) {
      throw new ConfigurationError(`give either 'images' or 'source' and 'destination', not both`);
    }
    jobs = await readBatch(images);
  } else {
    if (!sourceText)
      throw new ConfigurationError(`input 'source' is required (or list several images in 'images')`);
    if (!destinationText)
      throw new ConfigurationError(`input 'destination' is required: the repository to copy into`);
    jobs = [makeJob(sourceText, destinationText, `input 'destination'`, ['source', 'destination'])];
  }
  if (jobs.length === 0) throw new ConfigurationError(`input 'images' lists no images`);

  const hosts: Record<string, ExplicitCredential> = {};
  const sourceCredential = credentialPairInput('source');
  const destinationCredential = credentialPairInput('destination');
  for (const job of jobs) {
    if (sourceCredential && job.source.kind === 'registry') hosts[job.source.registry] = sourceCredential;
  }
  // The destination needs push rights: its credential wins on a registry that is both.
  for (const job of jobs) {
    if (destinationCredential && job.destination.kind === 'registry')
      hosts[job.destination.registry] = destinationCredential;
  }
  const githubToken = secretInput('github-token');
  return {
    jobs,
    batch: images.length > 0,
    platforms: parsePlatforms(listInput('platforms')),
    copyReferrers: booleanInput('copy-referrers', true),
    force: booleanInput('force', false),
    credentials: {
      hosts,
      dockerConfigPath: defaultDockerConfigPath(process.env),
      ...(githubToken ? { githubToken } : {}),
    },
    insecureRegistries: listInput('insecure-registries'),
    concurrency: integerInput('concurrency', 8, { min: 1, max: 32 }),
    sigstore: sigstoreInputs(),
  };
}
