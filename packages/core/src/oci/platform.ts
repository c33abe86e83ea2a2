import { ConfigurationError } from '../errors.ts';
import type { Descriptor, Platform } from './types.ts';

/** What to keep of a multi-platform image: every platform, or the listed ones. */
export type PlatformSelection = 'all' | Platform[];

/** `linux/amd64`, `linux/arm/v7`, `windows/amd64`: how platforms are written in inputs and messages. */
export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/**
 * Parses the `platforms` input: `all` (or nothing) keeps every platform, else a list of
 * `os/architecture[/variant]`. Errors name the input and quote the bad entry.
 */
export function parsePlatforms(entries: string[], inputName = 'platforms'): PlatformSelection {
  if (entries.length === 0 || (entries.length === 1 && entries[0]!.toLowerCase() === 'all')) return 'all';
  return entries.map((entry) => {
    const parts = entry.trim().split('/');
    const valid =
      parts.length >= 2 && parts.length <= 3 && parts.every((part) => /^[a-z0-9._-]+$/i.test(part));
    if (!valid) {
      throw new ConfigurationError(
        `input '${inputName}': '${entry}' is not a platform; write os/architecture[/variant] ` +
          `(for example linux/amd64, linux/arm/v7), or 'all'`,
      );
    }
    const [os, architecture, variant] = parts as [string, string, string | undefined];
    if (os.toLowerCase() === 'all') {
      throw new ConfigurationError(`input '${inputName}': 'all' cannot be combined with other platforms`);
    }
    return variant ? { os, architecture, variant } : { os, architecture };
  });
}

// arm64 images usually omit their only variant (v8); treat the two spellings as one.
function normalizedVariant(platform: Platform): string | undefined {
  if (platform.architecture === 'arm64' && platform.variant === 'v8') return undefined;
  return platform.variant || undefined;
}

/** Whether an image's platform is what the user asked for; a request without variant takes any variant. */
export function platformMatches(wanted: Platform, actual: Platform): boolean {
  if (wanted.os !== actual.os || wanted.architecture !== actual.architecture) return false;
  const wantedVariant = normalizedVariant(wanted);
  return wantedVariant === undefined || wantedVariant === normalizedVariant(actual);
}

// Docker buildx stores provenance/SBOM attestations as index entries for platform unknown/unknown,
// pointing at the image manifest they describe.
const attestationReferenceType = 'vnd.docker.reference.type';
const attestationReferenceDigest = 'vnd.docker.reference.digest';

export function isAttestationManifest(descriptor: Descriptor): boolean {
  return descriptor.annotations?.[attestationReferenceType] === 'attestation-manifest';
}

/**
 * The index entries to keep for a selection, with the buildx attestations of the kept images.
 * Throws a ConfigurationError that lists the image's platforms when a wanted platform is missing.
 */
export function selectPlatforms(
  manifests: Descriptor[],
  selection: PlatformSelection,
  image: string,
  inputName = 'platforms',
): Descriptor[] {
  if (selection === 'all') return manifests;
  const images = manifests.filter((descriptor) => descriptor.platform && !isAttestationManifest(descriptor));
  const kept = new Set<Descriptor>();
  for (const wanted of selection) {
    const matches = images.filter((descriptor) => platformMatches(wanted, descriptor.platform!));
    if (matches.length === 0) {
      const available = images.map((descriptor) => formatPlatform(descriptor.platform!));
      throw new ConfigurationError(
        `input '${inputName}': ${image} has no ${formatPlatform(wanted)} image; ` +
          `it has ${available.length ? available.join(', ') : 'no platform-specific images'}`,
      );
    }
    for (const match of matches) kept.add(match);
  }
  const keptDigests = new Set([...kept].map((descriptor) => descriptor.digest));
  return manifests.filter(
    (descriptor) =>
      kept.has(descriptor) ||
      (isAttestationManifest(descriptor) &&
        keptDigests.has(descriptor.annotations?.[attestationReferenceDigest] ?? '')),
  );
}
