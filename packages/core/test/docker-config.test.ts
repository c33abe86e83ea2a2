import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ConfigurationError } from '../src/errors.ts';
import { CredentialResolver } from '../src/oci/auth.ts';
import {
  credentialFromDockerConfig,
  defaultDockerConfigPath,
  readDockerConfig,
  credentialHelperRunner,
  type CredentialHelperRunner,
  type DockerConfigFile,
} from '../src/oci/docker-config.ts';

// Docker config parsing and credential helpers, with a real `docker-credential-test` script on PATH.

const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');

describe('Docker config credentials', () => {
  let work: string;
  let helperLog: string;
  let runHelper: CredentialHelperRunner;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'airlock-docker-config-'));
    helperLog = join(work, 'helper.log');
    const helper = join(work, 'docker-credential-test');
    writeFileSync(
      helper,
      [
        '#!/bin/sh',
        'read server',
        `echo "$1 $server" >> ${helperLog}`,
        'case "$server" in',
        '  helper.example.com) echo \'{"ServerURL":"helper.example.com","Username":"helper-user","Secret":"helper-secret"}\' ;;',
        '  https://index.docker.io/v1/) echo \'{"ServerURL":"https://index.docker.io/v1/","Username":"hub-user","Secret":"hub-secret"}\' ;;',
        '  token.example.com) echo \'{"ServerURL":"token.example.com","Username":"<token>","Secret":"refresh-secret"}\' ;;',
        '  broken.example.com) echo "something secret went wrong" >&2; exit 3 ;;',
        '  *) echo "credentials not found in native keychain"; exit 1 ;;',
        'esac',
        '',
      ].join('\n'),
    );
    chmodSync(helper, 0o755);
    runHelper = credentialHelperRunner({
      ...process.env,
      PATH: `${work}${delimiter}${process.env['PATH'] ?? ''}`,
    });
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const path = '/home/runner/.docker/config.json';

  it.each<[string, DockerConfigFile, string, object | undefined]>([
    [
      'an inline auth',
      { auths: { 'ghcr.io': { auth: basic('octo', 'pa:ss') } } },
      'ghcr.io',
      { username: 'octo', password: 'pa:ss' },
    ],
    [
      'username and password fields',
      { auths: { 'https://registry.example.com/': { username: 'u', password: 'p' } } },
      'registry.example.com',
      { username: 'u', password: 'p' },
    ],
    [
      "Docker Hub's historical key",
      { auths: { 'https://index.docker.io/v1/': { auth: basic('hub', 'pw') } } },
      'docker.io',
      { username: 'hub', password: 'pw' },
    ],
    [
      'an identity token',
      {
        auths: {
          'acr.example.io': { auth: basic('00000000-0000-0000-0000-000000000000', ''), identitytoken: 'rt' },
        },
      },
      'acr.example.io',
      { username: '00000000-0000-0000-0000-000000000000', identityToken: 'rt' },
    ],
    [
      'a registry token',
      { auths: { 'r.example': { registrytoken: 'bearer' } } },
      'r.example',
      { registryToken: 'bearer' },
    ],
    ['an empty entry', { auths: { 'ghcr.io': {} } }, 'ghcr.io', undefined],
    ['another host only', { auths: { 'ghcr.io': { auth: basic('a', 'b') } } }, 'quay.io', undefined],
    [
      'a port that differs',
      { auths: { 'localhost:5000': { auth: basic('a', 'b') } } },
      'localhost:5001',
      undefined,
    ],
  ])('reads %s', async (_name, config, registry, expected) => {
    const credential = await credentialFromDockerConfig(config, registry, path);
    if (expected === undefined) expect(credential).toBeUndefined();
    else expect(credential).toEqual({ ...expected, source: `${path} (docker login)` });
  });

  it('asks the credHelpers entry for its registry, over stdin', async () => {
    const config: DockerConfigFile = {
      auths: { 'helper.example.com': {} },
      credHelpers: { 'helper.example.com': 'test' },
    };
    expect(await credentialFromDockerConfig(config, 'helper.example.com', path, runHelper)).toEqual({
      username: 'helper-user',
      password: 'helper-secret',
      source: `docker-credential-test (from ${path})`,
    });
    expect(readFileSync(helperLog, 'utf8')).toContain('get helper.example.com');
  });

  it('asks the credsStore with the Docker Hub server URL, and reads identity tokens', async () => {
    const config: DockerConfigFile = {
      credsStore: 'test',
      auths: { 'ghcr.io': { auth: basic('inline', 'pw') } },
    };
    expect(await credentialFromDockerConfig(config, 'docker.io', path, runHelper)).toMatchObject({
      username: 'hub-user',
      password: 'hub-secret',
    });
    expect(await credentialFromDockerConfig(config, 'token.example.com', path, runHelper)).toMatchObject({
      identityToken: 'refresh-secret',
    });
    // The store has nothing for ghcr.io: the inline entry is used.
    expect(await credentialFromDockerConfig(config, 'ghcr.io', path, runHelper)).toMatchObject({
      username: 'inline',
    });
    expect(await credentialFromDockerConfig(config, 'quay.io', path, runHelper)).toBeUndefined();
  });

  it('fails clearly when a helper is missing or breaks, without repeating its output', async () => {
    await expect(runHelper('absent', 'ghcr.io')).rejects.toThrow(
      'The Docker config names the credential helper "absent", but docker-credential-absent is not on PATH',
    );
    const error = await runHelper('test', 'broken.example.com').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      'docker-credential-test get failed for broken.example.com (exit 3).',
    );
    await expect(runHelper('../evil', 'x')).rejects.toThrow('is not valid');
  });

  it('reads config files: none, broken, and the default path', () => {
    expect(readDockerConfig(join(work, 'absent.json'))).toBeUndefined();
    writeFileSync(join(work, 'broken.json'), '{ not json');
    expect(() => readDockerConfig(join(work, 'broken.json'))).toThrow(
      `The Docker config ${join(work, 'broken.json')} is not valid JSON: fix it or log in again with docker login.`,
    );
    expect(defaultDockerConfigPath({}, '/home/u')).toBe('/home/u/.docker/config.json');
    expect(defaultDockerConfigPath({ DOCKER_CONFIG: '/etc/docker-x' }, '/home/u')).toBe(
      '/etc/docker-x/config.json',
    );
  });

  it('resolves in order: explicit inputs, the Docker config, github-token for ghcr.io, anonymous', async () => {
    const file = join(work, 'order.json');
    writeFileSync(
      file,
      JSON.stringify({
        auths: { 'ghcr.io': { auth: basic('from-config', 'c') }, 'quay.io': { auth: basic('q', 'q') } },
      }),
    );
    const masked: string[] = [];
    const resolver = new CredentialResolver(
      {
        hosts: {
          'quay.io': { username: 'explicit', password: 'e', source: 'source-username/source-password' },
        },
        dockerConfigPath: file,
        githubToken: 'ghs_token',
      },
      (secret) => masked.push(secret),
    );
    expect(await resolver.forRegistry('quay.io')).toMatchObject({
      username: 'explicit',
      source: 'source-username/source-password',
    });
    expect(await resolver.forRegistry('ghcr.io')).toMatchObject({ username: 'from-config' });
    expect(await resolver.forRegistry('docker.io')).toBeUndefined();
    const tokenOnly = new CredentialResolver({ githubToken: 'ghs_token' });
    expect(await tokenOnly.forRegistry('ghcr.io')).toEqual({
      username: 'x-access-token',
      password: 'ghs_token',
      source: 'github-token',
    });
    expect(await tokenOnly.forRegistry('quay.io')).toBeUndefined();
    expect(masked).toEqual(expect.arrayContaining(['e', 'ghs_token', 'c']));
  });
});
