import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  OciServer,
  digestOf,
  hasTool,
  httpInspectRaw,
  pushScanImage,
  runActionBundle,
  skopeoInspectRawAsync,
  type ActionRun,
  type PushedScanImage,
} from '../src/index.ts';

// The mirror and promote bundles, run as the runner runs them, against the embedded registry (the one
// the demo uses without docker-registry): it must be a registry our own client, skopeo and Trivy all
// work with. The embedded registry has the referrers API, so records go there, not to a fallback tag.

let upstream: OciServer;
let org: OciServer;
let pushed: PushedScanImage;

beforeAll(async () => {
  [upstream, org] = await Promise.all([OciServer.start(), OciServer.start()]);
  pushed = await pushScanImage(upstream.host, 'alpineMulti', 'library/webapp', '1.0');
});
afterAll(async () => {
  await Promise.all([upstream?.stop(), org?.stop()]);
});

const explain = (run: ActionRun) => (run.exitCode === 0 ? '' : `${run.stdout}\n${run.stderr}`);

async function referrers(repository: string, digest: string): Promise<{ artifactType?: string }[]> {
  const response = await fetch(org.url(`/v2/${repository}/referrers/${digest}`));
  expect(response.status).toBe(200);
  return ((await response.json()) as { manifests: { artifactType?: string }[] }).manifests;
}

describe('the mirror and promote bundles against the embedded registry', () => {
  it('mirrors a two-platform image by digest, with its acquisition record as a referrer', async () => {
    const run = await runActionBundle('mirror', {
      source: pushed.reference,
      destination: `${org.host}/quarantine/webapp`,
      'insecure-registries': `${upstream.host},${org.host}`,
    });
    expect({ exit: run.exitCode, log: explain(run) }).toEqual({ exit: 0, log: '' });
    expect(run.outputs.digest).toBe(pushed.digest);
    expect(run.outputs.platforms).toBe('linux/amd64,linux/arm64');
    expect((await referrers('quarantine/webapp', pushed.digest)).length).toBeGreaterThanOrEqual(1);
    // Nothing changed: a second run copies nothing.
    const again = await runActionBundle('mirror', {
      source: pushed.reference,
      destination: `${org.host}/quarantine/webapp`,
      'insecure-registries': `${upstream.host},${org.host}`,
    });
    expect(again.exitCode).toBe(0);
    expect(again.outputs.copied).toBe('false');
  });

  it('promotes the digest to a trusted tag that an independent reader sees', async () => {
    const run = await runActionBundle('promote', {
      image: `${org.host}/quarantine/webapp@${pushed.digest}`,
      destination: `${org.host}/trusted/webapp`,
      tags: '1.0',
      'require-verdict': 'false',
      'insecure-registries': org.host,
    });
    expect({ exit: run.exitCode, log: explain(run) }).toEqual({ exit: 0, log: '' });
    expect(run.outputs.promoted).toBe('true');
    const raw = await httpInspectRaw(`${org.host}/trusted/webapp:1.0`);
    expect(raw && digestOf(raw)).toBe(pushed.digest);
    if (hasTool('skopeo'))
      expect(digestOf(await skopeoInspectRawAsync(`${org.host}/trusted/webapp:1.0`))).toBe(pushed.digest);
    // The acquisition record came along, and the promotion record joined it.
    expect((await referrers('trusted/webapp', pushed.digest)).length).toBeGreaterThanOrEqual(2);
  });
});
