import { describe, expect, it } from '@jest/globals';
import { formatPlatform, parsePlatforms, platformMatches, selectPlatforms } from '../src/oci/platform.ts';
import type { Descriptor } from '../src/oci/types.ts';

const entry = (digest: string, os: string, architecture: string, variant?: string): Descriptor => ({
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest,
  size: 1,
  platform: { os, architecture, ...(variant ? { variant } : {}) },
});

describe('platforms', () => {
  it.each([
    [[], 'all'],
    [['all'], 'all'],
    [['ALL'], 'all'],
    [['linux/amd64'], [{ os: 'linux', architecture: 'amd64' }]],
    [
      ['linux/arm/v7', 'windows/amd64'],
      [
        { os: 'linux', architecture: 'arm', variant: 'v7' },
        { os: 'windows', architecture: 'amd64' },
      ],
    ],
  ])('parses %j', (input, expected) => {
    expect(parsePlatforms(input)).toEqual(expected);
  });

  it.each([['amd64'], ['linux/'], ['linux/arm/v7/x'], ['linux amd64']])(
    'rejects %s naming the input',
    (bad) => {
      expect(() => parsePlatforms([bad])).toThrow(
        new RegExp(`input 'platforms': '${bad}' is not a platform`),
      );
    },
  );

  it('matches variants: none asked means any; arm64 and arm64/v8 are one', () => {
    expect(
      platformMatches(
        { os: 'linux', architecture: 'arm' },
        { os: 'linux', architecture: 'arm', variant: 'v6' },
      ),
    ).toBe(true);
    expect(
      platformMatches(
        { os: 'linux', architecture: 'arm', variant: 'v7' },
        { os: 'linux', architecture: 'arm', variant: 'v6' },
      ),
    ).toBe(false);
    expect(
      platformMatches(
        { os: 'linux', architecture: 'arm64', variant: 'v8' },
        { os: 'linux', architecture: 'arm64' },
      ),
    ).toBe(true);
    expect(formatPlatform({ os: 'linux', architecture: 'arm', variant: 'v7' })).toBe('linux/arm/v7');
  });

  it('keeps the buildx attestations of the kept images only', () => {
    const attestation = (digest: string, of: string): Descriptor => ({
      ...entry(digest, 'unknown', 'unknown'),
      annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': of },
    });
    const manifests = [
      entry('sha256:a', 'linux', 'amd64'),
      entry('sha256:b', 'linux', 'arm64'),
      attestation('sha256:c', 'sha256:a'),
      attestation('sha256:d', 'sha256:b'),
    ];
    const kept = selectPlatforms(manifests, parsePlatforms(['linux/arm64']), 'img');
    expect(kept.map((descriptor) => descriptor.digest)).toEqual(['sha256:b', 'sha256:d']);
    expect(() => selectPlatforms(manifests, parsePlatforms(['linux/unknown']), 'img')).toThrow(
      "input 'platforms': img has no linux/unknown image; it has linux/amd64, linux/arm64",
    );
  });
});
