import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../src/errors.ts';
import {
  formatReference,
  parseReference,
  referenceTarget,
  registryApiHost,
  repositoryOf,
  withDigest,
  type ImageReference,
} from '../src/oci/reference.ts';

const hex = 'a'.repeat(64);
const digest = `sha256:${hex}`;

describe('parseReference', () => {
  it.each<[string, Omit<ImageReference, 'kind'> & { kind?: ImageReference['kind'] }, string]>([
    [
      'nginx',
      { registry: 'docker.io', repository: 'library/nginx', tag: 'latest' },
      'docker.io/library/nginx:latest',
    ],
    [
      'nginx:1.27',
      { registry: 'docker.io', repository: 'library/nginx', tag: '1.27' },
      'docker.io/library/nginx:1.27',
    ],
    [
      'bitnami/redis',
      { registry: 'docker.io', repository: 'bitnami/redis', tag: 'latest' },
      'docker.io/bitnami/redis:latest',
    ],
    [
      'docker.io/nginx',
      { registry: 'docker.io', repository: 'library/nginx', tag: 'latest' },
      'docker.io/library/nginx:latest',
    ],
    [
      'index.docker.io/library/nginx:1',
      { registry: 'docker.io', repository: 'library/nginx', tag: '1' },
      'docker.io/library/nginx:1',
    ],
    [
      'registry-1.docker.io/x/y',
      { registry: 'docker.io', repository: 'x/y', tag: 'latest' },
      'docker.io/x/y:latest',
    ],
    [
      'ghcr.io/org/app:v1.2.3',
      { registry: 'ghcr.io', repository: 'org/app', tag: 'v1.2.3' },
      'ghcr.io/org/app:v1.2.3',
    ],
    ['localhost/app', { registry: 'localhost', repository: 'app', tag: 'latest' }, 'localhost/app:latest'],
    [
      'localhost:5000/a/b/c:t',
      { registry: 'localhost:5000', repository: 'a/b/c', tag: 't' },
      'localhost:5000/a/b/c:t',
    ],
    [
      '127.0.0.1:41234/app',
      { registry: '127.0.0.1:41234', repository: 'app', tag: 'latest' },
      '127.0.0.1:41234/app:latest',
    ],
    ['[::1]:5000/app:x', { registry: '[::1]:5000', repository: 'app', tag: 'x' }, '[::1]:5000/app:x'],
    ['Registry/app', { registry: 'Registry', repository: 'app', tag: 'latest' }, 'Registry/app:latest'],
    [
      `ghcr.io/org/app@${digest}`,
      { registry: 'ghcr.io', repository: 'org/app', digest },
      `ghcr.io/org/app@${digest}`,
    ],
    [
      `alpine:3.20@${digest}`,
      { registry: 'docker.io', repository: 'library/alpine', tag: '3.20', digest },
      `docker.io/library/alpine:3.20@${digest}`,
    ],
    [
      'a.b/c_d/e__f/g-h/i.j---k:T_1.x-',
      { registry: 'a.b', repository: 'c_d/e__f/g-h/i.j---k', tag: 'T_1.x-' },
      'a.b/c_d/e__f/g-h/i.j---k:T_1.x-',
    ],
    [
      '  nginx  ',
      { registry: 'docker.io', repository: 'library/nginx', tag: 'latest' },
      'docker.io/library/nginx:latest',
    ],
    [
      'oci:./out/image',
      { kind: 'layout', registry: '', repository: './out/image', tag: 'latest' },
      'oci:./out/image:latest',
    ],
    [
      'oci:/tmp/layout:v1',
      { kind: 'layout', registry: '', repository: '/tmp/layout', tag: 'v1' },
      'oci:/tmp/layout:v1',
    ],
    [`oci:dir@${digest}`, { kind: 'layout', registry: '', repository: 'dir', digest }, `oci:dir@${digest}`],
  ])('%s', (text, expected, formatted) => {
    const reference = parseReference(text);
    expect(reference).toEqual({ kind: 'registry', ...expected });
    expect(formatReference(reference)).toBe(formatted);
    expect(parseReference(formatted)).toEqual(reference);
  });

  it.each([
    ['', 'source', 'Input "source" is empty: give an image such as docker.io/library/alpine:3.20.'],
    ['   ', undefined, 'Image reference is empty: give an image such as docker.io/library/alpine:3.20.'],
    [
      'Nginx',
      'source',
      'Input "source": "Nginx" is not a valid image reference: repository "library/Nginx" must be lower-case.',
    ],
    [
      'ghcr.io/Org/App:1',
      'image',
      'Input "image": "ghcr.io/Org/App:1" is not a valid image reference: repository "Org/App" must be lower-case.',
    ],
    [
      'nginx:bad!tag',
      'source',
      'Input "source": "nginx:bad!tag" is not a valid image reference: tag "bad!tag" may only hold letters, digits, "_", "." and "-", must not start with "." or "-", and is at most 128 characters.',
    ],
    [
      `nginx:${'t'.repeat(129)}`,
      undefined,
      `Image reference: "nginx:${'t'.repeat(129)}" is not a valid image reference: tag "${'t'.repeat(129)}" may only hold letters, digits, "_", "." and "-", must not start with "." or "-", and is at most 128 characters.`,
    ],
    [
      'nginx@sha256:abc',
      'source',
      'Input "source": "nginx@sha256:abc" is not a valid image reference: digest "sha256:abc": sha256 takes 64 hex digits, not 3.',
    ],
    [
      `nginx@sha256:${'A'.repeat(64)}`,
      'source',
      `Input "source": "nginx@sha256:${'A'.repeat(64)}" is not a valid image reference: digest "sha256:${'A'.repeat(64)}": the hex part must be lower-case hexadecimal.`,
    ],
    [
      `nginx@md5:${'a'.repeat(32)}`,
      'source',
      `Input "source": "nginx@md5:${'a'.repeat(32)}" is not a valid image reference: digest "md5:${'a'.repeat(32)}": unsupported digest algorithm "md5" (use sha256 or sha512).`,
    ],
    [
      'nginx@latest',
      'source',
      'Input "source": "nginx@latest" is not a valid image reference: digest "latest": expected ALGORITHM:HEX, such as sha256: followed by 64 hex digits.',
    ],
    [
      'docker://nginx',
      'source',
      'Input "source": "docker://nginx" is not a valid image reference: leave out the "docker://" prefix.',
    ],
    [
      'ghcr.io//app',
      'destination',
      'Input "destination": "ghcr.io//app" is not a valid image reference: repository "/app" has an empty path component.',
    ],
    [
      'ghcr.io/',
      'destination',
      'Input "destination": "ghcr.io/" is not a valid image reference: the repository name is missing.',
    ],
    [
      'bad_host.io:x/app',
      'destination',
      'Input "destination": "bad_host.io:x/app" is not a valid image reference: registry "bad_host.io:x" is not a valid host[:port].',
    ],
    [
      'ghcr.io/org/-app',
      'image',
      'Input "image": "ghcr.io/org/-app" is not a valid image reference: repository component "-app" may only hold lower-case letters and digits separated by ".", "_", "__" or "-".',
    ],
    [
      'two words',
      'image',
      'Input "image": "two words" is not a valid image reference: it contains white space.',
    ],
    [
      'oci:',
      'destination',
      'Input "destination": "oci:" is not a valid image reference: give the layout directory after "oci:", as in oci:./image:latest.',
    ],
    [
      `ghcr.io/${'a/'.repeat(130)}b`,
      undefined,
      `Image reference: "ghcr.io/${'a/'.repeat(130)}b" is not a valid image reference: the name is longer than 255 characters.`,
    ],
  ])('rejects %j', (text, input, message) => {
    let thrown: unknown;
    try {
      parseReference(text, input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect((thrown as Error).message).toBe(message);
  });
});

describe('reference helpers', () => {
  it('pins to a digest, names the repository and the target', () => {
    const reference = parseReference('ghcr.io/org/app:1');
    const pinned = withDigest(reference, digest);
    expect(formatReference(pinned)).toBe(`ghcr.io/org/app@${digest}`);
    expect(repositoryOf(reference)).toBe('ghcr.io/org/app');
    expect(repositoryOf(parseReference('oci:./dir:v1'))).toBe('oci:./dir');
    expect(referenceTarget(reference)).toBe('1');
    expect(referenceTarget(pinned)).toBe(digest);
    expect(referenceTarget(parseReference(`app:1@${digest}`))).toBe(digest);
  });

  it('maps Docker Hub to its API host and leaves other registries alone', () => {
    expect(registryApiHost('docker.io')).toBe('registry-1.docker.io');
    expect(registryApiHost('index.docker.io')).toBe('registry-1.docker.io');
    expect(registryApiHost('ghcr.io')).toBe('ghcr.io');
  });
});
